"""glassbox.middleware and the onion the application builds from it."""

import unittest

from glassbox.app import Glassbox
from glassbox.exceptions import ImproperlyConfigured
from glassbox.http import HttpResponse
from glassbox.middleware import Middleware
from glassbox.test import Client
from glassbox.urls import path


def hello(request):
    request.trace.record("note", text="view ran")
    return HttpResponse("hello")


def boom(request):
    raise KeyError("missing thing")


def recorder(label, log):
    """A factory-style middleware that logs when it is entered and left."""
    def factory(get_response):
        def middleware(request):
            log.append(f"{label} in")
            response = get_response(request)
            log.append(f"{label} out")
            return response
        middleware.__name__ = label
        return middleware
    factory.__name__ = label
    return factory


URLS = [path("", hello), path("boom/", boom), path("polls/", hello)]


def make_app(middleware, **settings):
    return Glassbox(settings={"DEBUG": True, **settings}, urls=URLS, middleware=middleware)


class OnionTest(unittest.TestCase):
    def test_first_listed_is_outermost(self):
        log = []
        app = make_app([recorder("outer", log), recorder("middle", log), recorder("inner", log)])
        Client(app).get("/")
        self.assertEqual(log, ["outer in", "middle in", "inner in",
                               "inner out", "middle out", "outer out"])

    def test_onion_is_built_once(self):
        built = []

        def counting(get_response):
            built.append(1)
            return get_response

        app = make_app([counting])
        client = Client(app)
        client.get("/")
        client.get("/")
        self.assertEqual(len(built), 1)

    def test_middleware_can_answer_early(self):
        def gate(get_response):
            def middleware(request):
                if "key" not in request.GET:
                    return HttpResponse("locked", status=403)
                return get_response(request)
            return middleware

        client = Client(make_app([gate]))
        response = client.get("/")
        self.assertEqual((response.status_code, response.text), (403, "locked"))
        self.assertEqual(response.trace.of_type("view"), [], "the view must not run")
        self.assertEqual(client.get("/", {"key": 1}).text, "hello")

    def test_trace_shows_layers_in_and_out_with_durations(self):
        log = []
        response = Client(make_app([recorder("a", log), recorder("b", log)])).get("/")
        layers = [(e["name"], e["phase"]) for e in response.trace.of_type("middleware")]
        self.assertEqual(layers, [("a", "in"), ("b", "in"), ("b", "out"), ("a", "out")])
        outs = [e for e in response.trace.of_type("middleware") if e["phase"] == "out"]
        self.assertTrue(all(e["duration_ms"] >= 0 for e in outs))
        self.assertGreaterEqual(outs[1]["duration_ms"], outs[0]["duration_ms"],
                                "the outer layer's time includes the inner one")

    def test_exception_in_view_reaches_outer_layers_as_a_response(self):
        seen = []

        def watcher(get_response):
            def middleware(request):
                response = get_response(request)
                seen.append(response.status_code)
                return response
            return middleware

        response = Client(make_app([watcher])).get("/boom/")
        self.assertEqual(seen, [500])
        self.assertEqual(response.status_code, 500)


class HooksTest(unittest.TestCase):
    def test_process_view_sees_the_view_and_may_answer(self):
        class Blocker:
            def __init__(self, get_response):
                self.get_response = get_response

            def __call__(self, request):
                return self.get_response(request)

            def process_view(self, request, view, args, kwargs):
                request.trace.record("note", text=f"about to call {view.__name__}")
                if request.path == "/polls/":
                    return HttpResponse("blocked by process_view")
                return None

        client = Client(make_app([Blocker]))
        self.assertEqual(client.get("/").text, "hello")
        response = client.get("/polls/")
        self.assertEqual(response.text, "blocked by process_view")
        self.assertEqual(response.trace.of_type("view"), [])

    def test_process_exception_can_handle_errors(self):
        class Handler(Middleware):
            def process_exception(self, request, exception):
                return HttpResponse(f"handled {type(exception).__name__}", status=503)

        response = Client(make_app([Handler])).get("/boom/")
        self.assertEqual((response.status_code, response.text), (503, "handled KeyError"))

    def test_process_request_and_response_of_the_base_class(self):
        class Stamp(Middleware):
            def process_request(self, request):
                request.stamp = "in"

            def process_response(self, request, response):
                response["X-Stamp"] = request.stamp + "+out"
                return response

        self.assertEqual(Client(make_app([Stamp])).get("/")["X-Stamp"], "in+out")


class BuiltInTest(unittest.TestCase):
    def test_security_headers(self):
        response = Client(make_app(["glassbox.middleware.SecurityMiddleware"])).get("/")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["Referrer-Policy"], "same-origin")

    def test_security_headers_follow_settings(self):
        app = make_app(["glassbox.middleware.SecurityMiddleware"], X_FRAME_OPTIONS="SAMEORIGIN",
                       SECURE_REFERRER_POLICY=None)
        response = Client(app).get("/")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertNotIn("Referrer-Policy", response.headers)

    def test_request_id_is_made_or_kept(self):
        client = Client(make_app(["glassbox.middleware.RequestIdMiddleware"]))
        first, second = client.get("/"), client.get("/")
        self.assertEqual(len(first["X-Request-ID"]), 32)
        self.assertNotEqual(first["X-Request-ID"], second["X-Request-ID"])
        self.assertEqual(first.request.id, first["X-Request-ID"])
        given = client.get("/", headers={"X-Request-ID": "abc-123"})
        self.assertEqual(given["X-Request-ID"], "abc-123")

    def test_timing_header(self):
        response = Client(make_app(["glassbox.middleware.TimingMiddleware"])).get("/")
        self.assertRegex(response["Server-Timing"], r"^app;dur=\d+\.\d{3}$")

    def test_append_slash_redirects_get(self):
        client = Client(make_app(["glassbox.middleware.CommonMiddleware"]))
        response = client.get("/polls", {"page": 2})
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/polls/?page=2")
        self.assertEqual(client.get("/nothing").status_code, 404, "no /nothing/ either")

    def test_append_slash_refuses_to_lose_post_data_in_debug(self):
        response = Client(make_app(["glassbox.middleware.CommonMiddleware"])).post("/polls", {})
        self.assertEqual(response.status_code, 500)
        error, = [e for e in response.trace.of_type("error") if e["kind"] == "RuntimeError"]
        self.assertIn("change the form's action to '/polls/'", error["message"])

    def test_append_slash_off(self):
        app = make_app(["glassbox.middleware.CommonMiddleware"], APPEND_SLASH=False)
        self.assertEqual(Client(app).get("/polls").status_code, 404)


class MistakesTest(unittest.TestCase):
    def test_middleware_that_forgets_to_return_the_response(self):
        def forgetful(get_response):
            def middleware(request):
                get_response(request)
            return middleware

        response = Client(make_app([forgetful])).get("/")
        self.assertEqual(response.status_code, 500)
        error = response.trace.of_type("error")[-1]
        self.assertEqual(error["kind"], "ImproperlyConfigured")
        self.assertIn("`forgetful` returned None", error["message"])
        self.assertIn("did you forget `return response`?", error["message"])

    def test_factory_that_forgets_to_return_the_middleware(self):
        def broken_factory(get_response):
            def middleware(request):
                return get_response(request)

        with self.assertRaisesRegex(ImproperlyConfigured, "`broken_factory`.*return middleware"):
            make_app([broken_factory])

    def test_misspelt_dotted_path(self):
        with self.assertRaisesRegex(ImproperlyConfigured, "SecurityMiddlewar'"):
            make_app(["glassbox.middleware.SecurityMiddlewar"])


if __name__ == "__main__":
    unittest.main()
