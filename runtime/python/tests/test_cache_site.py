"""The site cache and @cache_page: what a shared cache may store, for whom, and for how long."""

import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.cache import CacheHandler
from glassbox.cache.decorators import cache_control, cache_page, never_cache, vary_on_cookie
from glassbox.http import HttpResponse, redirect
from glassbox.test import Client
from glassbox.urls import path

class User:
    def __init__(self, name):
        self.username = name
        self.is_authenticated = bool(name)


def fake_login(get_response):
    """Stands in for the authentication middleware: a `user` cookie names the user."""

    def middleware(request):
        request.user = User(request.COOKIES.get("user", ""))
        return get_response(request)

    return middleware


class Counter:
    """Views that count how often they really ran."""

    def __init__(self):
        self.calls = 0

    def page(self, request):
        self.calls += 1
        return HttpResponse(f"page, call {self.calls}")

    def greeting(self, request):
        self.calls += 1
        return HttpResponse(f"Hello {request.COOKIES.get('user', 'stranger')}")

    def sets_cookie(self, request):
        self.calls += 1
        response = HttpResponse("welcome")
        response.set_cookie("seen", "1")
        return response

    def with_headers(self, headers, status=200):
        def view(request):
            self.calls += 1
            return HttpResponse(f"call {self.calls}", status=status, headers=headers)

        return view

    def vote(self, request):
        return redirect("/results/")


SITE_CACHE = ["glassbox.cache.middleware.UpdateCacheMiddleware", fake_login,
              "glassbox.cache.middleware.FetchFromCacheMiddleware"]


def make_app(counter, **settings):
    greeting = vary_on_cookie(counter.greeting)
    urls = [path("page/", counter.page), path("greeting/", greeting),
            path("cookie/", counter.sets_cookie), path("vote/", counter.vote),
            path("results/", counter.page),
            path("no-store/", counter.with_headers({"Cache-Control": "no-store"})),
            path("private/", counter.with_headers({"Cache-Control": "private, max-age=60"})),
            path("short/", counter.with_headers({"Cache-Control": "max-age=5"})),
            path("zero/", counter.with_headers({"Cache-Control": "max-age=0"})),
            path("shared/", counter.with_headers({"Cache-Control": "max-age=5, s-maxage=50"})),
            path("missing/", counter.with_headers({}, status=404)),
            path("never/", never_cache(counter.page))]
    # A cache of its own, so no other test's pages are in it.
    return Glassbox(urls=urls, middleware=SITE_CACHE, caches=CacheHandler(),
                    CACHE_MIDDLEWARE_SECONDS=30, **settings)


def site_cache_ops(response):
    return [(event["op"], event["hit"]) for event in response.trace.of_type("cache")
            if event["layer"] == "site cache"]


class SiteCacheTest(unittest.TestCase):
    def setUp(self):
        clock.freeze(1_700_000_000)
        self.addCleanup(clock.unfreeze)
        self.counter = Counter()
        self.app = make_app(self.counter)
        self.client = Client(self.app)

    def test_second_request_is_served_without_the_view(self):
        first = self.client.get("/page/")
        second = self.client.get("/page/")
        self.assertEqual((first.text, second.text), ("page, call 1", "page, call 1"))
        self.assertEqual(self.counter.calls, 1)
        self.assertNotIn("view", second.trace.types(), "a hit never reaches the view")
        self.assertIn(("get", True), site_cache_ops(second))
        self.assertEqual(second["Cache-Control"], "max-age=30")

    def test_entries_expire_at_the_timeout(self):
        self.client.get("/page/")
        clock.advance(29)
        self.assertEqual(self.client.get("/page/")["Age"], "29")
        clock.advance(1)
        self.assertEqual(self.client.get("/page/").text, "page, call 2")

    def test_response_max_age_sets_the_lifetime_and_s_maxage_wins_for_shared_caches(self):
        self.client.get("/short/")
        clock.advance(5)
        self.assertEqual(self.client.get("/short/").text, "call 2")
        self.client.get("/shared/")
        clock.advance(49)
        self.assertEqual(self.client.get("/shared/").text, "call 3")

    def test_max_age_zero_is_not_stored(self):
        self.client.get("/zero/")
        self.client.get("/zero/")
        self.assertEqual(self.counter.calls, 2)

    def test_logged_in_users_are_neither_served_nor_stored(self):
        ada = Client(self.app, headers={"Cookie": "user=ada"})
        response = ada.get("/page/")
        bypass, = [event for event in response.trace.of_type("cache") if event["op"] == "bypass"]
        self.assertIn("logged in", bypass["reason"])
        self.client.get("/page/")  # anonymous: stored now
        self.assertEqual(ada.get("/page/").text, "page, call 3",
                         "a logged-in user never gets the anonymous copy")
        self.assertEqual(self.counter.calls, 3)

    def test_a_response_that_sets_a_cookie_is_not_stored(self):
        response = self.client.get("/cookie/")
        Client(self.app).get("/cookie/")
        self.assertEqual(self.counter.calls, 2)
        skip, = [event for event in response.trace.of_type("cache") if event["op"] == "skip"]
        self.assertIn("sets a cookie (seen)", skip["reason"])

    def test_vary_cookie_keeps_one_copy_per_cookie(self):
        first = Client(self.app, headers={"Cookie": "name=ada"}).get("/greeting/")
        second = Client(self.app, headers={"Cookie": "name=grace"}).get("/greeting/")
        again = Client(self.app, headers={"Cookie": "name=ada"}).get("/greeting/")
        self.assertEqual(first["Vary"], "Cookie")
        self.assertEqual(self.counter.calls, 2, "a different Cookie is a different entry")
        self.assertEqual(again.text, first.text)
        self.assertIn(("get", True), site_cache_ops(again))

    def test_no_store_and_private_are_never_stored(self):
        for url in ("/no-store/", "/private/", "/never/"):
            self.client.get(url)
            self.client.get(url)
        self.assertEqual(self.counter.calls, 6)

    def test_requests_with_authorization_are_not_served_or_stored(self):
        self.client.get("/page/")
        answer = self.client.get("/page/", headers={"Authorization": "Bearer token"})
        self.assertEqual(answer.text, "page, call 2")
        bypass, = [event for event in answer.trace.of_type("cache") if event["op"] == "bypass"]
        self.assertIn("Authorization", bypass["reason"])

    def test_only_200_is_stored(self):
        self.client.get("/missing/")
        self.client.get("/missing/")
        self.assertEqual(self.counter.calls, 2)

    def test_a_post_invalidates_the_url_and_its_location(self):
        self.client.get("/results/")
        self.client.get("/vote/")
        self.assertEqual(self.client.get("/results/").text, "page, call 1")
        response = self.client.post("/vote/")
        invalidated = [event["key"] for event in response.trace.of_type("cache")
                       if event["op"] == "invalidate"]
        self.assertEqual(sorted(invalidated), ["http://testserver/results/",
                                               "http://testserver/vote/"])
        self.assertEqual(self.client.get("/results/").text, "page, call 2")

    def test_invalidation_reaches_every_vary_variant(self):
        for name in ("ada", "grace"):
            Client(self.app, headers={"Cookie": f"name={name}"}).get("/greeting/")
        self.client.delete("/greeting/")  # runs the view: the third call
        for name in ("ada", "grace"):
            Client(self.app, headers={"Cookie": f"name={name}"}).get("/greeting/")
        self.assertEqual(self.counter.calls, 5)

    def test_a_reload_asks_the_view_and_stores_the_new_page(self):
        self.client.get("/page/")
        reloaded = self.client.get("/page/", headers={"Cache-Control": "no-cache"})
        self.assertEqual(reloaded.text, "page, call 2")
        self.assertEqual(self.client.get("/page/").text, "page, call 2")

    def test_head_is_answered_from_the_get_entry(self):
        self.client.get("/page/")
        response = self.client.head("/page/")
        self.assertEqual((response.content, response["Content-Length"]), (b"", "12"))
        self.assertEqual(self.counter.calls, 1)


class CachePageTest(unittest.TestCase):
    def setUp(self):
        clock.freeze(1_700_000_000)
        self.addCleanup(clock.unfreeze)
        self.calls = []

        @cache_page(60)
        def results(request, number):
            self.calls.append(number)
            return HttpResponse(f"results {number}")

        @cache_page(60)
        @cache_control(max_age=5)
        def short(request):
            self.calls.append("short")
            return HttpResponse("short")

        self.app = Glassbox(urls=[path("results/<int:number>/", results), path("short/", short)],
                            caches=CacheHandler())
        self.client = Client(self.app)

    def test_each_url_is_its_own_entry_and_expires_on_time(self):
        for number in (1, 1, 2, 1):
            self.client.get(f"/results/{number}/")
        self.assertEqual(self.calls, [1, 2])
        clock.advance(60)
        response = self.client.get("/results/1/")
        self.assertEqual(self.calls, [1, 2, 1])
        layers = {event["layer"] for event in response.trace.of_type("cache")}
        self.assertEqual(layers, {"view cache"})

    def test_the_timeout_of_cache_page_wins_over_max_age(self):
        self.client.get("/short/")
        clock.advance(30)
        self.client.get("/short/")
        self.assertEqual(self.calls, ["short"])

    def test_cache_page_without_a_timeout_is_a_clear_error(self):
        with self.assertRaisesRegex(TypeError, r"@cache_page\(60\)"):
            cache_page(lambda request: None)


if __name__ == "__main__":
    unittest.main()
