"""Fingerprinted static files: the URL changes with the content; the response is immutable."""

import unittest

from glassbox.app import Glassbox
from glassbox.cache import CacheHandler
from glassbox.cache.static import static, static_urlpatterns
from glassbox.http import HttpResponse
from glassbox.test import Client
from glassbox.urls import path


def page(request):
    return HttpResponse(f'<link rel="stylesheet" href="{static("app.css", request)}">')


def make_app(css):
    return Glassbox(urls=[path("", page), *static_urlpatterns()], caches=CacheHandler(),
                    STATIC_FILES={"app.css": css, "logo.svg": "<svg></svg>"})


class StaticFilesTest(unittest.TestCase):
    def test_the_url_changes_when_the_content_changes(self):
        navy, red = make_app("body { color: navy }"), make_app("body { color: red }")
        self.assertRegex(static("app.css", navy), r"^/static/app\.[0-9a-f]{12}\.css$")
        self.assertNotEqual(static("app.css", navy), static("app.css", red))
        self.assertEqual(static("app.css", navy), static("app.css", make_app("body { color: navy }")))
        self.assertIn(static("app.css", navy), Client(navy).get("/").text)

    def test_fingerprinted_urls_are_immutable_for_a_year(self):
        app = make_app("body { color: navy }")
        response = Client(app).get(static("app.css", app))
        self.assertEqual(response.text, "body { color: navy }")
        self.assertEqual(response["Content-Type"], "text/css; charset=utf-8")
        self.assertEqual(response["Cache-Control"], "public, max-age=31536000, immutable")

    def test_the_plain_name_must_be_revalidated(self):
        client = Client(make_app("body { color: navy }"))
        response = client.get("/static/app.css")
        self.assertEqual(response["Cache-Control"], "no-cache")
        again = client.get("/static/app.css", headers={"If-None-Match": response["ETag"]})
        self.assertEqual(again.status_code, 304)

    def test_an_old_fingerprint_is_a_404_that_names_the_current_url(self):
        old = static("app.css", make_app("body { color: navy }"))
        app = make_app("body { color: red }")
        response = Client(app).get(old)
        self.assertEqual(response.status_code, 404)
        error, = response.trace.of_type("error")
        self.assertIn(static("app.css", app), error["message"])

    def test_an_unknown_name_lists_the_files(self):
        with self.assertRaisesRegex(ValueError, "app.css, logo.svg"):
            static("missing.css", make_app(""))

    def test_the_browser_cache_keeps_an_immutable_file(self):
        app = make_app("body { color: navy }")
        browser = Client(app, browser_cache=True)
        browser.get(static("app.css", app))
        self.assertEqual(browser.get(static("app.css", app)).browser_cache, "hit")


if __name__ == "__main__":
    unittest.main()
