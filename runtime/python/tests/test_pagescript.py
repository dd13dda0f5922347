"""glassbox.pagescript: the model of what a page's scripts can read, and where cookies go."""

import unittest

from glassbox.http import HttpResponse
from glassbox.pagescript import Cookie, CookieJar, Page


class ScriptFinderTest(unittest.TestCase):
    def test_finds_every_place_a_browser_runs_code(self):
        page = Page('<p>hi</p><SCRIPT>a()</SCRIPT><img src=x onerror="b()">'
                    '<a href=" JavaScript:c()">x</a>')
        self.assertEqual(page.scripts, ["a()", "b()", "c()"])

    def test_escaped_markup_is_only_text(self):
        page = Page("<p>&lt;script&gt;a()&lt;/script&gt;</p>")
        self.assertEqual(page.scripts, [])
        self.assertEqual(page.stolen(), {})

    def test_a_response_can_be_given(self):
        self.assertEqual(Page(HttpResponse("<script>x</script>")).scripts, ["x"])


class CookieTest(unittest.TestCase):
    def test_parse_the_attributes(self):
        cookie = Cookie.parse("token=abc; Path=/; Secure; HttpOnly; SameSite=strict")
        self.assertEqual((cookie.name, cookie.value, cookie.http_only, cookie.secure,
                          cookie.same_site), ("token", "abc", True, True, "Strict"))

    def test_document_cookie_leaves_out_http_only(self):
        response = HttpResponse()
        response.set_cookie("token", "abc", httponly=True)
        response.set_cookie("theme", "dark")
        jar = CookieJar().store_from(response)
        self.assertEqual(jar.document_cookie(), "theme=dark")
        page = Page("<script>x</script>", jar, {"jwt": "e"})
        self.assertEqual(page.stolen(), {"document.cookie": "theme=dark",
                                         "localStorage": {"jwt": "e"}})

    def test_max_age_zero_deletes(self):
        jar = CookieJar()
        jar.store("a=1")
        jar.store("a=; Max-Age=0; Path=/")
        self.assertNotIn("a", jar)

    def test_same_site_decides_what_goes_cross_site(self):
        jar = CookieJar()
        for header in ("strict=1; SameSite=Strict", "lax=2; SameSite=Lax",
                       "none=3; SameSite=None; Secure", "plain=4"):
            jar.store(header)
        everything = "strict=1; lax=2; none=3; plain=4"
        self.assertEqual(jar.cookie_header(), everything)
        self.assertEqual(jar.cookie_header(cross_site=True, method="POST"), "none=3; plain=4")
        self.assertEqual(jar.cookie_header(cross_site=True, method="GET"),
                         "lax=2; none=3; plain=4")
        self.assertEqual(jar.cookie_header(cross_site=True, method="GET", top_level=False),
                         "none=3; plain=4")


if __name__ == "__main__":
    unittest.main()
