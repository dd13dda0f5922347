"""glassbox.app: the request lifecycle, error pages, settings and the WSGI interface."""

import io
import unittest

from glassbox.app import Glassbox
from glassbox.conf import Settings
from glassbox.exceptions import BadRequest, PermissionDenied
from glassbox.http import Http404, HttpRequest, HttpResponse, parse_request
from glassbox.urls import include, path


def home(request):
    return HttpResponse("home")


def detail(request, question_id):
    return HttpResponse(f"question {question_id}")


def forgot_return(request):
    HttpResponse("made but not returned")


def returns_text(request):
    return "just a string"


def divide(request):
    return HttpResponse(str(1 / int(request.GET.get("by", "0"))))


def missing(request):
    raise Http404("No question with id 7")


def forbidden(request):
    raise PermissionDenied


def bad(request):
    raise BadRequest


URLS = [
    path("", home, name="home"),
    path("forgot/", forgot_return),
    path("text/", returns_text),
    path("divide/", divide),
    path("missing/", missing),
    path("forbidden/", forbidden),
    path("bad/", bad),
    path("polls/", include([path("<int:question_id>/", detail, name="detail")],
                           namespace="polls")),
]


def make_app(debug=True, **options):
    return Glassbox(settings={"DEBUG": debug}, urls=URLS, **options)


class LifecycleTest(unittest.TestCase):
    def test_handle_returns_the_views_response(self):
        request = HttpRequest("GET", "/")
        response = make_app().handle(request)
        self.assertEqual(response.text, "home")
        self.assertIs(response.request, request)
        self.assertIs(request.app.settings, response.request.app.settings)
        self.assertEqual(request.resolver_match.url_name, "home")

    def test_head_has_no_body_but_the_length_of_one(self):
        response = make_app().handle(HttpRequest("HEAD", "/"))
        self.assertEqual((response.status_code, response.content), (200, b""))
        self.assertTrue(response.serialize().endswith(b"Content-Length: 4\r\n\r\n"))

    def test_reverse_on_the_app(self):
        self.assertEqual(make_app().reverse("polls:detail", kwargs={"question_id": 5}),
                         "/polls/5/")

    def test_wire_round_trip(self):
        request = parse_request(b"GET /polls/5/ HTTP/1.1\r\nHost: example.com\r\n\r\n")
        raw = make_app().handle(request).serialize()
        self.assertTrue(raw.startswith(b"HTTP/1.1 200 OK\r\n"))
        self.assertTrue(raw.endswith(b"\r\n\r\nquestion 5"))

    def test_repr_summarises(self):
        self.assertIn("8 URL patterns", repr(make_app()))


class ViewMistakesTest(unittest.TestCase):
    def error_of(self, url):
        response = make_app().handle(HttpRequest("GET", url))
        self.assertEqual(response.status_code, 500)
        return response.trace.of_type("error")[-1]

    def test_view_returning_none(self):
        error = self.error_of("/forgot/")
        self.assertEqual(error["message"], "The view `forgot_return` returned None; a view must "
                                           "return an HttpResponse (did you forget `return`?).")

    def test_view_whose_parameters_do_not_match_the_route(self):
        def detail(request, question_id):
            return HttpResponse("never")

        app = Glassbox(settings={"DEBUG": True}, urls=[path("q/<int:id>/", detail)])
        response = app.handle(HttpRequest("GET", "/q/7/"))
        error = response.trace.of_type("error")[-1]
        self.assertEqual(error["kind"], "TypeError")
        self.assertIn("'q/<int:id>/' calls the view `detail` with the request and id=7",
                      error["message"])

    def test_type_error_inside_a_view_is_left_alone(self):
        def sloppy(request):
            return HttpResponse(len(5))

        app = Glassbox(settings={"DEBUG": True}, urls=[path("", sloppy)])
        error = app.handle(HttpRequest("GET", "/")).trace.of_type("error")[-1]
        self.assertIn("has no len()", error["message"])

    def test_view_returning_a_string(self):
        error = self.error_of("/text/")
        self.assertIn("returned a str", error["message"])
        self.assertIn("HttpResponse(...)", error["message"])


class ErrorPagesTest(unittest.TestCase):
    def test_debug_500_shows_exception_traceback_and_request(self):
        response = make_app().handle(HttpRequest("GET", "/divide/", "by=0"))
        self.assertEqual(response.status_code, 500)
        self.assertIn("ZeroDivisionError at /divide/", response.text)
        self.assertIn("division by zero", response.text)
        self.assertIn("in <code>divide</code>", response.text)
        self.assertIn("<th>GET by</th><td>0</td>", response.text)
        self.assertIn("class='frame'", response.text, "your own frame is highlighted")
        self.assertNotIn("__builtins__", response.text)
        self.assertIn("<th>request</th><td><code>&lt;HttpRequest: GET &#x27;/divide/?by=0&#x27;&gt;"
                      "</code></td>", response.text, "with its local variables")

    def test_plain_500_without_debug_hides_details(self):
        response = make_app(debug=False).handle(HttpRequest("GET", "/divide/", "by=0"))
        self.assertEqual(response.status_code, 500)
        self.assertIn("Server Error (500)", response.text)
        self.assertNotIn("ZeroDivision", response.text)
        self.assertEqual(response.trace.of_type("error")[0]["kind"], "ZeroDivisionError",
                         "the trace still knows, for the inspector")

    def test_debug_404_lists_patterns_tried(self):
        response = make_app().handle(HttpRequest("GET", "/nope/"))
        self.assertEqual(response.status_code, 404)
        self.assertIn("<code>divide/</code>", response.text)
        self.assertIn("<code>polls/&lt;int:question_id&gt;/</code>", response.text)
        self.assertIn("<code>(empty path)</code>", response.text)

    def test_plain_404(self):
        response = make_app(debug=False).handle(HttpRequest("GET", "/nope/"))
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("divide/", response.text)

    def test_http404_from_a_view_shows_its_message_in_debug(self):
        response = make_app().handle(HttpRequest("GET", "/missing/"))
        self.assertEqual(response.status_code, 404)
        self.assertIn("No question with id 7", response.text)

    def test_permission_denied_and_bad_request(self):
        app = make_app()
        self.assertEqual(app.handle(HttpRequest("GET", "/forbidden/")).status_code, 403)
        self.assertEqual(app.handle(HttpRequest("GET", "/bad/")).status_code, 400)

    def test_error_page_escapes_the_message(self):
        def evil(request):
            raise ValueError("<script>alert(1)</script>")

        app = Glassbox(settings={"DEBUG": True}, urls=[path("", evil)])
        text = app.handle(HttpRequest("GET", "/")).text
        self.assertNotIn("<script>alert", text)
        self.assertIn("&lt;script&gt;", text)


class SettingsTest(unittest.TestCase):
    def test_defaults_and_overrides(self):
        settings = Settings({"DEBUG": True}, APPEND_SLASH=False)
        self.assertTrue(settings.DEBUG)
        self.assertFalse(settings.APPEND_SLASH)
        self.assertEqual(Settings().X_FRAME_OPTIONS, "DENY")

    def test_from_an_object(self):
        class MySettings:
            DEBUG = True
            lower_case_is_ignored = 1
        self.assertTrue(Settings(MySettings).DEBUG)

    def test_misspelt_setting_suggests(self):
        with self.assertRaisesRegex(AttributeError, "'DEGUB'.*Did you mean 'DEBUG'"):
            Settings().DEGUB

    def test_lower_case_name_is_refused(self):
        with self.assertRaisesRegex(ValueError, "'DEBUG'"):
            Settings({"debug": True})

    def test_app_keyword_arguments_become_settings(self):
        app = Glassbox(urls=[], templates={"a.html": "A"}, middleware=[])
        self.assertEqual(app.settings.TEMPLATES, {"a.html": "A"})
        self.assertEqual(app.templates.render_to_string("a.html"), "A")


class WsgiTest(unittest.TestCase):
    def test_wsgi_call(self):
        from wsgiref.util import setup_testing_defaults

        environ = {"PATH_INFO": "/polls/3/", "REQUEST_METHOD": "GET", "QUERY_STRING": "x=1",
                   "HTTP_COOKIE": "a=b"}
        setup_testing_defaults(environ)
        started = {}

        def start_response(status, headers):
            started["status"], started["headers"] = status, headers

        app = make_app()
        body = b"".join(app(environ, start_response))
        self.assertEqual(started["status"], "200 OK")
        self.assertIn(("Content-Length", "10"), started["headers"])
        self.assertEqual(body, b"question 3")

    def test_wsgi_post_body(self):
        seen = {}

        def echo(request):
            seen["post"] = request.POST.dict()
            seen["cookies"] = request.COOKIES
            return HttpResponse("ok")

        environ = {"PATH_INFO": "/", "REQUEST_METHOD": "POST", "wsgi.input": io.BytesIO(b"a=1"),
                   "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "3",
                   "HTTP_COOKIE": "sid=9"}
        Glassbox(urls=[path("", echo)])(environ, lambda status, headers: None)
        self.assertEqual(seen, {"post": {"a": "1"}, "cookies": {"sid": "9"}})


if __name__ == "__main__":
    unittest.main()
