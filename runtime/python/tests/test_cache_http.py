"""HTTP caching semantics: Cache-Control and Vary helpers, ETags, 304 and 412 (RFC 9110/9111)."""

import datetime
import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.cache import CacheHandler
from glassbox.cache.conditional import condition, etag, etags_match, last_modified, parse_etags
from glassbox.cache.decorators import cache_control, never_cache, vary_on_headers
from glassbox.cache.headers import (freshness_lifetime, get_max_age, http_date,
                                    parse_cache_control, patch_cache_control, patch_vary_headers)
from glassbox.http import HttpResponse
from glassbox.test import Client
from glassbox.urls import path

NOW = 1_700_000_000


class HeaderHelpersTest(unittest.TestCase):
    def test_patch_cache_control_merges_and_lowers_max_age(self):
        response = HttpResponse(headers={"Cache-Control": "private, max-age=60"})
        patch_cache_control(response, public=True, max_age=600, must_revalidate=True)
        self.assertEqual(parse_cache_control(response["Cache-Control"]),
                         {"max-age": "60", "public": True, "must-revalidate": True})
        self.assertEqual(get_max_age(response), 60)

    def test_patch_vary_headers_keeps_each_name_once(self):
        response = HttpResponse()
        patch_vary_headers(response, ["Cookie"])
        patch_vary_headers(response, ["cookie", "Accept-Language"])
        self.assertEqual(response["Vary"], "Cookie, Accept-Language")

    def test_freshness_lifetime(self):
        def lifetime(headers, shared=False):
            return freshness_lifetime(HttpResponse(headers=headers), shared)

        self.assertEqual(lifetime({"Cache-Control": "max-age=60, s-maxage=600"}), 60)
        self.assertEqual(lifetime({"Cache-Control": "max-age=60, s-maxage=600"}, True), 600)
        self.assertEqual(lifetime({"Date": http_date(NOW), "Expires": http_date(NOW + 90)}), 90)
        self.assertEqual(lifetime({"Expires": "0"}), 0, "an invalid Expires means already stale")
        self.assertIsNone(lifetime({}))

    def test_decorators_set_headers(self):
        with clock.frozen(NOW):
            @cache_control(max_age=3600, public=True)
            @vary_on_headers("Accept-Language")
            def about(request):
                return HttpResponse("about")

            response = about(None)
            self.assertEqual(response["Cache-Control"], "max-age=3600, public")
            self.assertEqual(response["Vary"], "Accept-Language")
            response = never_cache(lambda request: HttpResponse("secret"))(None)
            directives = parse_cache_control(response["Cache-Control"])
            self.assertEqual(set(directives), {"max-age", "no-cache", "no-store",
                                               "must-revalidate", "private"})
            self.assertEqual(directives["max-age"], "0")
            self.assertEqual(response["Expires"], http_date(NOW), "already expired")


class EtagTest(unittest.TestCase):
    def test_weak_and_strong_comparison(self):
        self.assertTrue(etags_match('W/"1"', parse_etags('W/"1"'), weak=True))
        self.assertTrue(etags_match('"1"', parse_etags('W/"1"'), weak=True))
        self.assertFalse(etags_match('"1"', parse_etags('W/"1"'), weak=False))
        self.assertFalse(etags_match('W/"1"', parse_etags('W/"1"'), weak=False))
        self.assertTrue(etags_match('"1"', parse_etags('"0", "1"'), weak=False))
        self.assertTrue(etags_match('"anything"', parse_etags("*"), weak=True))
        self.assertFalse(etags_match('"2"', parse_etags('"1"'), weak=True))


class ConditionalGetMiddlewareTest(unittest.TestCase):
    def setUp(self):
        clock.freeze(NOW)
        self.addCleanup(clock.unfreeze)
        self.body = "version 1"

        @cache_control(max_age=60)
        @vary_on_headers("Accept-Language")
        def page(request):
            return HttpResponse(self.body, headers={"ETag": 'W/"v1"' if self.body == "version 1"
                                                    else 'W/"v2"',
                                                    "Last-Modified": http_date(NOW - 3600)})

        def plain(request):
            return HttpResponse(self.body)

        self.app = Glassbox(urls=[path("page/", page), path("plain/", plain)],
                            middleware=["glassbox.cache.conditional.ConditionalGetMiddleware"],
                            caches=CacheHandler())
        self.client = Client(self.app)

    def test_matching_weak_etag_gives_304_with_the_headers_of_the_200(self):
        full = self.client.get("/page/")
        response = self.client.get("/page/", headers={"If-None-Match": 'W/"v1"'})
        self.assertEqual((response.status_code, response.content), (304, b""))
        for name in ("ETag", "Cache-Control", "Vary", "Last-Modified", "Date"):
            self.assertEqual(response[name], full[name], name)
        self.assertNotIn("Content-Type", response.headers)
        self.assertEqual(response["Content-Length"], str(len(full.content)))
        self.assertEqual(response.trace.of_type("conditional")[0]["status"], 304)

    def test_a_changed_etag_gives_the_new_page(self):
        self.body = "version 2"
        response = self.client.get("/page/", headers={"If-None-Match": 'W/"v1"'})
        self.assertEqual((response.status_code, response.text), (200, "version 2"))

    def test_if_none_match_takes_precedence_over_if_modified_since(self):
        self.body = "version 2"
        response = self.client.get("/page/", headers={
            "If-None-Match": 'W/"v1"', "If-Modified-Since": http_date(NOW)})
        self.assertEqual(response.status_code, 200, "the ETag differs, whatever the date says")

    def test_if_modified_since(self):
        current = self.client.get("/page/", headers={"If-Modified-Since": http_date(NOW - 3600)})
        older = self.client.get("/page/", headers={"If-Modified-Since": http_date(NOW - 7200)})
        self.assertEqual((current.status_code, older.status_code), (304, 200))

    def test_pages_without_an_etag_get_one_from_their_body(self):
        etag = self.client.get("/plain/")["ETag"]
        self.assertEqual(self.client.get("/plain/", headers={"If-None-Match": etag}).status_code,
                         304)
        self.body = "changed"
        self.assertEqual(self.client.get("/plain/", headers={"If-None-Match": etag}).status_code,
                         200)

    def test_a_post_is_never_answered_304(self):
        response = self.client.post("/page/", headers={"If-None-Match": 'W/"v1"'})
        self.assertEqual(response.status_code, 200)


class ConditionDecoratorTest(unittest.TestCase):
    def setUp(self):
        self.version, self.changed, self.calls = "1", datetime.datetime(2026, 4, 1, 12), 0

        @condition(etag_func=lambda request: self.version)
        def article(request):
            self.calls += 1
            return HttpResponse(f"article {self.version}")

        @last_modified(lambda request: self.changed)
        def news(request):
            self.calls += 1
            return HttpResponse("news")

        @etag(lambda request: self.version)
        def edit(request):
            self.calls += 1
            return HttpResponse("saved")

        self.client = Client(Glassbox(urls=[path("article/", article), path("news/", news),
                                            path("edit/", edit)], caches=CacheHandler()))

    def test_a_current_copy_skips_the_view(self):
        etag_value = self.client.get("/article/")["ETag"]
        self.assertEqual(etag_value, '"1"')
        response = self.client.get("/article/", headers={"If-None-Match": etag_value})
        self.assertEqual((response.status_code, self.calls), (304, 1))
        self.version = "2"
        response = self.client.get("/article/", headers={"If-None-Match": etag_value})
        self.assertEqual((response.status_code, response["ETag"], self.calls), (200, '"2"', 2))

    def test_last_modified(self):
        stamp = self.client.get("/news/")["Last-Modified"]
        self.assertEqual(stamp, "Wed, 01 Apr 2026 12:00:00 GMT")
        self.assertEqual(self.client.get("/news/", headers={"If-Modified-Since": stamp})
                         .status_code, 304)
        self.changed += datetime.timedelta(seconds=1)
        self.assertEqual(self.client.get("/news/", headers={"If-Modified-Since": stamp})
                         .status_code, 200)

    def test_if_match_guards_a_write_with_strong_comparison(self):
        stale = self.client.put("/edit/", headers={"If-Match": '"0"'})
        weak = self.client.put("/edit/", headers={"If-Match": 'W/"1"'})
        current = self.client.put("/edit/", headers={"If-Match": '"1"'})
        self.assertEqual((stale.status_code, weak.status_code, current.status_code),
                         (412, 412, 200))
        self.assertEqual(self.calls, 1)


if __name__ == "__main__":
    unittest.main()
