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

    def test_one_query_however_many_products(self):
        response = self.client.get("/products/")
        self.assertEqual(len(response.trace.of_type("sql")), 1)

    def test_second_visit_is_a_cache_hit(self):
        self.client.get("/products/")
        again = self.client.get("/products/")
        self.assertEqual(again.trace.of_type("sql"), [])
        self.assertTrue(any(event["hit"] for event in again.trace.of_type("cache")))


if __name__ == "__main__":
    outcome = unittest.TextTestRunner(stream=io.StringIO()).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(ProductPageTests))
    print(f"{outcome.testsRun} tests, {len(outcome.failures)} failed, {len(outcome.errors)} errors")
