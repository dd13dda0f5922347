"""glassbox.cookies (a browser's cookie jar, RFC 6265) and glassbox.test.Browser."""

import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.cookies import CookieJar, default_path, domain_match, path_match
from glassbox.http import HttpResponse, redirect
from glassbox.test import Browser, Client
from glassbox.urls import path

SITE = "https://polls.example"


class RuleTests(unittest.TestCase):
    def test_domain_match(self):
        self.assertTrue(domain_match("polls.example", "polls.example"))
        self.assertTrue(domain_match("a.polls.example", "polls.example"))
        self.assertFalse(domain_match("evilpolls.example", "polls.example"))
        self.assertFalse(domain_match("polls.example", "a.polls.example"))

    def test_path_match(self):
        self.assertTrue(path_match("/polls/", "/polls/"))
        self.assertTrue(path_match("/polls/1/", "/polls"))
        self.assertTrue(path_match("/polls/1/", "/"))
        self.assertFalse(path_match("/pollsters/", "/polls"))
        self.assertFalse(path_match("/admin/", "/polls/"))

    def test_default_path(self):
        self.assertEqual(default_path("/polls/1/vote/"), "/polls/1/vote")
        self.assertEqual(default_path("/polls/vote"), "/polls")
        self.assertEqual(default_path("/"), "/")


class JarTests(unittest.TestCase):
    def setUp(self):
        clock.freeze(1_700_000_000)
        self.jar = CookieJar()

    def tearDown(self):
        clock.unfreeze()

    def test_session_cookie_goes_to_its_host_only(self):
        self.jar.store("a=1", SITE + "/")
        self.assertEqual(self.jar.cookie_header(SITE + "/anything/"), "a=1")
        self.assertEqual(self.jar.cookie_header("https://www.polls.example/"), "")
        self.assertIsNone(self.jar.get("a").expires)

    def test_domain_attribute_covers_subdomains_and_is_refused_for_others(self):
        self.jar.store("a=1; Domain=.polls.example", "https://www.polls.example/")
        self.assertEqual(self.jar.cookie_header("https://api.polls.example/"), "a=1")
        self.assertIsNone(self.jar.store("b=2; Domain=other.example", SITE + "/"))
        self.assertEqual(len(self.jar), 1)

    def test_path(self):
        self.jar.store("a=1; Path=/polls/", SITE + "/")
        self.jar.store("b=2", SITE + "/polls/1/vote/")  # default path /polls/1/vote
        self.assertEqual(self.jar.cookie_header(SITE + "/polls/1/vote/"), "b=2; a=1")
        self.assertEqual(self.jar.cookie_header(SITE + "/polls/"), "a=1")
        self.assertEqual(self.jar.cookie_header(SITE + "/admin/"), "")

    def test_max_age_and_expires(self):
        self.jar.store("a=1; Max-Age=60", SITE + "/")
        self.jar.store("b=2; Expires=Tue, 14 Nov 2023 22:15:00 GMT", SITE + "/")  # +100 s
        self.jar.store("c=3; Max-Age=10; Expires=Tue, 14 Nov 2023 22:15:00 GMT", SITE + "/")
        clock.advance(seconds=30)
        self.assertEqual(self.jar.cookie_header(SITE + "/"), "a=1; b=2")
        clock.advance(seconds=31)
        self.assertEqual(self.jar.cookie_header(SITE + "/"), "b=2")
        clock.advance(seconds=40)
        self.assertEqual(self.jar.cookie_header(SITE + "/"), "")

    def test_replacing_and_deleting(self):
        self.jar.store("a=1; Path=/", SITE + "/")
        self.jar.store("a=2; Path=/", SITE + "/")
        self.assertEqual(self.jar.cookie_header(SITE + "/"), "a=2")
        self.jar.store("a=; Path=/polls/", SITE + "/")  # another path: another cookie
        self.assertEqual(len(self.jar), 2)
        self.jar.store("a=; Max-Age=0; Path=/", SITE + "/")
        self.assertEqual([cookie.path for cookie in self.jar], ["/polls/"])

    def test_secure_only_over_https(self):
        self.jar.store("a=1; Secure", SITE + "/")
        self.assertEqual(self.jar.cookie_header(SITE + "/"), "a=1")
        self.assertEqual(self.jar.cookie_header("http://polls.example/"), "")

    def test_http_only_hidden_from_scripts(self):
        self.jar.store("session=k; HttpOnly", SITE + "/")
        self.jar.store("theme=dark", SITE + "/")
        self.assertEqual(self.jar.cookie_header(SITE + "/"), "session=k; theme=dark")
        self.assertEqual(self.jar.document_cookie(SITE + "/"), "theme=dark")

    def test_same_site(self):
        self.jar.store("strict=1; SameSite=Strict", SITE + "/")
        self.jar.store("lax=1; SameSite=lax", SITE + "/")
        self.jar.store("none=1; SameSite=None; Secure", SITE + "/")
        self.assertEqual(self.jar.cookie_header(SITE + "/"), "strict=1; lax=1; none=1")
        link = self.jar.cookie_header(SITE + "/", cross_site=True)
        self.assertEqual(link, "lax=1; none=1")
        post = self.jar.cookie_header(SITE + "/", cross_site=True, method="POST")
        self.assertEqual(post, "none=1")
        image = self.jar.cookie_header(SITE + "/", cross_site=True, top_level=False)
        self.assertEqual(image, "none=1")

    def test_attribute_names_are_case_insensitive_and_junk_ignored(self):
        kept = self.jar.store("a=1; path=/p/; max-age=abc; HTTPONLY; secure", SITE + "/")
        self.assertEqual((kept.path, kept.expires, kept.http_only, kept.secure),
                         ("/p/", None, True, True))
        self.assertIsNone(self.jar.store("no-equals-sign", SITE + "/"))


VOTES = {"count": 0}


def vote(request):
    if request.method == "POST":
        VOTES["count"] += 1
        response = redirect("/done/") if request.GET.get("prg") else HttpResponse("counted")
        response.set_cookie("voted", "yes", path="/", max_age=60, httponly=True)
        return response
    return HttpResponse("form")


def done(request):
    return HttpResponse(f"voted={request.COOKIES.get('voted')}")


def admin(request):
    return HttpResponse(request.headers.get("Cookie", ""))


class BrowserTests(unittest.TestCase):
    def setUp(self):
        VOTES["count"] = 0
        self.app = Glassbox(urls=[path("vote/", vote), path("done/", done),
                                  path("admin/", admin)])

    def test_refresh_after_a_post_posts_again(self):
        browser = Browser(self.app)
        self.assertEqual(browser.post("/vote/", {"x": "1"}).text, "counted")
        browser.refresh()
        self.assertEqual(VOTES["count"], 2)

    def test_refresh_after_a_redirect_gets_the_target(self):
        browser = Browser(self.app)
        response = browser.post("/vote/?prg=1", {"x": "1"})
        self.assertEqual(response.redirect_chain, [("/done/", 302)])
        self.assertEqual(response.text, "voted=yes")
        self.assertEqual(browser.refresh().text, "voted=yes")
        self.assertEqual(VOTES["count"], 1)

    def test_cookies_follow_the_jar_rules(self):
        def scoped(request):
            response = HttpResponse("ok")
            response.set_cookie("scoped", "1", path="/done/")
            response.set_cookie("safe", "1", secure=True)
            return response

        app = Glassbox(urls=[path("set/", scoped), path("done/", done), path("admin/", admin)])
        browser = Browser(app)
        browser.get("/set/")
        self.assertEqual(browser.get("/admin/").text, "")  # not /done/, and not https
        secure = Browser(app, origin="https://polls.example")
        secure.get("/set/")
        self.assertEqual(secure.get("/admin/").text, "safe=1")
        self.assertEqual(secure.get("/set/").request.scheme, "https")

    def test_plain_client_is_unchanged(self):
        client = Client(self.app)
        client.post("/vote/?prg=1", {"x": "1"})
        self.assertEqual(client.cookies, {"voted": "yes"})
        self.assertEqual(client.get("/admin/").text, "voted=yes")


if __name__ == "__main__":
    unittest.main()
