import io
import unittest

from glassbox.test import Client

from shop import app


class ProductPageTests(unittest.TestCase):
    def setUp(self):
        app.caches["default"].clear()  # every test starts with an empty cache
        self.client = Client(app)

    def test_lists_the_products(self):
        response = self.client.get("/products/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Teapot (kitchen)", response.text)

    def test_few_queries(self):
        response = self.client.get("/products/")
        self.assertLessEqual(len(response.trace.of_type("sql")), 2)

    def test_the_view_does_not_run_twice(self):
        self.client.get("/products/")
        again = self.client.get("/products/")
        hits = [event for event in again.trace.of_type("cache") if event["op"] == "get" and event["hit"]]
        self.assertTrue(hits, "the second visit should be a cache hit")


if __name__ == "__main__":
    outcome = unittest.TextTestRunner(stream=io.StringIO()).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(ProductPageTests))
    print(f"{outcome.testsRun} tests, {len(outcome.failures)} failed, {len(outcome.errors)} errors")
