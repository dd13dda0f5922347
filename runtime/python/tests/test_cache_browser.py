"""The browser cache in front of the test client: fresh hits, revalidation, 304s, Vary."""

import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.cache import CacheHandler
from glassbox.cache.conditional import condition
from glassbox.cache.decorators import cache_control
from glassbox.cache.headers import http_date
from glassbox.http import HttpResponse, redirect
from glassbox.test import Client
from glassbox.urls import path

NOW = 1_700_000_000


class BrowserCacheTest(unittest.TestCase):
    def setUp(self):
        clock.freeze(NOW)
        self.addCleanup(clock.unfreeze)
        self.calls, self.version = [], "1"

        def counted(name, body=None, **headers):
            def view(request):
                self.calls.append(name)
                return HttpResponse(body or f"{name} {len(self.calls)}", headers=headers)

            return view

        @cache_control(max_age=60)
        @condition(etag_func=lambda request: f"v{self.version}")
        def article(request):
            self.calls.append("article")
            return HttpResponse(f"article version {self.version}")

        @condition(last_modified_func=lambda request: NOW - 3600)
        def dated(request):
            self.calls.append("dated")
            return HttpResponse("dated")

        def save(request):
            return redirect("/article/")

        urls = [path("article/", article), path("dated/", dated), path("save/", save),
                path("fresh/", counted("fresh", **{"Cache-Control": "max-age=10"})),
                path("expires/", counted("expires", **{"Date": http_date(NOW),
                                                       "Expires": http_date(NOW + 30)})),
                path("no-store/", counted("no-store", **{"Cache-Control": "no-store"})),
                path("always-ask/", counted("always-ask", "same", **{
                    "Cache-Control": "no-cache", "ETag": '"same"'})),
                path("private/", counted("private", **{"Cache-Control": "private, max-age=60"})),
                path("aged/", counted("aged", **{"Cache-Control": "max-age=60", "Age": "50"})),
                path("by-language/", counted("by-language", **{
                    "Cache-Control": "max-age=60", "Vary": "Accept-Language"}))]
        self.app = Glassbox(urls=urls, caches=CacheHandler(),
                            middleware=["glassbox.cache.conditional.ConditionalGetMiddleware"])
        self.browser = Client(self.app, browser_cache=True)

    def test_a_fresh_response_is_served_without_asking_the_app(self):
        first = self.browser.get("/fresh/")
        second = self.browser.get("/fresh/")
        self.assertEqual((first.browser_cache, second.browser_cache), ("miss", "hit"))
        self.assertEqual(second.text, "fresh 1")
        self.assertEqual(self.calls, ["fresh"])
        self.assertEqual(second.trace.types(), ["request", "cache"])
        event = second.trace.of_type("cache")[0]
        self.assertEqual((event["layer"], event["hit"], event["time_left"]),
                         ("browser cache", True, 10.0))

    def test_a_stale_response_is_revalidated_and_a_304_reuses_the_body(self):
        self.browser.get("/article/")
        clock.advance(60)
        response = self.browser.get("/article/")
        self.assertEqual((response.status_code, response.browser_cache), (200, "revalidated"))
        self.assertEqual(response.text, "article version 1")
        self.assertEqual(self.calls, ["article"], "the 304 came before the view ran")
        self.assertEqual(response.request.headers["If-None-Match"], '"v1"')
        clock.advance(30)
        self.assertEqual(self.browser.get("/article/").browser_cache, "hit",
                         "the 304's max-age made the copy fresh again")

    def test_a_changed_page_replaces_the_stored_copy(self):
        self.browser.get("/article/")
        clock.advance(61)
        self.version = "2"
        response = self.browser.get("/article/")
        self.assertEqual((response.status_code, response.text), (200, "article version 2"))
        self.assertEqual(self.browser.get("/article/").browser_cache, "hit")

    def test_last_modified_is_a_validator_too(self):
        # Without ConditionalGetMiddleware, so the page has no ETag: the date is all there is.
        browser = Client(Glassbox(urls=self.app.urlconf.url_patterns, caches=CacheHandler()),
                         browser_cache=True)
        browser.get("/dated/")
        response = browser.get("/dated/")
        self.assertEqual(response.browser_cache, "revalidated",
                         "no lifetime given: stale at once, so revalidated")
        self.assertEqual(response.request.headers["If-Modified-Since"], http_date(NOW - 3600))
        self.assertEqual(self.calls, ["dated"])

    def test_expires_against_date(self):
        self.browser.get("/expires/")
        clock.advance(29)
        self.assertEqual(self.browser.get("/expires/").browser_cache, "hit")
        clock.advance(1)
        self.assertEqual(self.browser.get("/expires/").browser_cache, "miss")

    def test_age_from_a_shared_cache_shortens_the_lifetime(self):
        self.browser.get("/aged/")
        clock.advance(9)
        self.assertEqual(self.browser.get("/aged/").browser_cache, "hit")
        clock.advance(1)
        self.assertEqual(self.browser.get("/aged/").browser_cache, "miss")

    def test_no_store_is_never_stored_and_no_cache_always_asks(self):
        for _ in range(2):
            self.browser.get("/no-store/")
        self.assertEqual(self.calls, ["no-store", "no-store"])
        self.browser.get("/always-ask/")
        response = self.browser.get("/always-ask/")
        self.assertEqual(response.browser_cache, "revalidated")

    def test_private_responses_are_kept_by_the_private_cache(self):
        self.browser.get("/private/")
        self.assertEqual(self.browser.get("/private/").browser_cache, "hit")

    def test_vary_keeps_a_copy_per_header_value(self):
        english = self.browser.get("/by-language/", headers={"Accept-Language": "en"})
        french = self.browser.get("/by-language/", headers={"Accept-Language": "fr"})
        again = self.browser.get("/by-language/", headers={"Accept-Language": "en"})
        self.assertEqual((french.browser_cache, again.browser_cache), ("miss", "hit"))
        self.assertEqual(again.text, english.text)

    def test_a_post_makes_its_location_stale(self):
        self.browser.get("/article/")
        self.browser.post("/save/")
        self.assertEqual(self.browser.get("/article/").browser_cache, "miss")

    def test_a_reload_skips_the_cache(self):
        self.browser.get("/fresh/")
        reload = self.browser.get("/fresh/", headers={"Cache-Control": "no-cache"})
        self.assertEqual(reload.browser_cache, "revalidated" if reload.status_code == 304
                         else "miss")
        self.assertEqual(self.calls, ["fresh", "fresh"])

    def test_without_browser_cache_every_request_reaches_the_app(self):
        client = Client(self.app)
        client.get("/fresh/")
        client.get("/fresh/")
        self.assertEqual(self.calls, ["fresh", "fresh"])


if __name__ == "__main__":
    unittest.main()
