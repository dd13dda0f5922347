"""glassbox.pagescript: the model of what a page's scripts can read."""

import unittest

from glassbox.cookies import CookieJar
from glassbox.http import HttpResponse
from glassbox.pagescript import SITE, Page, find_scripts


class ScriptFinderTest(unittest.TestCase):
    def test_finds_every_place_a_browser_runs_code(self):
        page = Page('<p>hi</p><SCRIPT>a()</SCRIPT><img src=x onerror="b()">'
                    '<a href=" JavaScript:c()">x</a>')
        self.assertEqual(page.scripts, ["a()", "b()", "c()"])

    def test_a_script_body_ends_only_at_its_end_tag(self):
        self.assertEqual(find_scripts("<script>if (a < b) x('<p>')</script><p>after</p>"),
                         ["if (a < b) x('<p>')"])

    def test_escaped_markup_is_only_text(self):
        page = Page("<p>&lt;script&gt;a()&lt;/script&gt;</p>")
        self.assertEqual(page.scripts, [])
        self.assertEqual(page.stolen(), {})

    def test_a_response_can_be_given(self):
        self.assertEqual(Page(HttpResponse("<script>x</script>")).scripts, ["x"])


class ReadableByScriptsTest(unittest.TestCase):
    def test_document_cookie_leaves_out_http_only_and_local_storage_is_all_there(self):
        response = HttpResponse()
        response.set_cookie("token", "abc", httponly=True, secure=True, samesite="Lax")
        response.set_cookie("theme", "dark")
        jar = CookieJar()
        jar.store_response(response, SITE)
        page = Page("<script>x</script>", jar, {"jwt": "e"})
        self.assertEqual(page.stolen(), {"document.cookie": "theme=dark",
                                         "localStorage": {"jwt": "e"}})
        self.assertEqual(jar.cookie_header(SITE), "token=abc; theme=dark")
        self.assertEqual(jar.cookie_header(SITE, cross_site=True, method="POST"), "theme=dark")


if __name__ == "__main__":
    unittest.main()
