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

    def test_the_page_answers(self):
        self.assertEqual(self.client.get("/products/").status_code, 200)
        self.assertEqual(self.client.get("/products/").status_code, 200)


if __name__ == "__main__":
    outcome = unittest.TextTestRunner(stream=io.StringIO()).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(ProductPageTests))
    print(f"{outcome.testsRun} tests, {len(outcome.failures)} failed, {len(outcome.errors)} errors")
