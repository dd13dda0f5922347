"""The hooks of a middleware class in Django's order, TemplateResponse, and error logging."""

import logging
import unittest

from glassbox.app import Glassbox
from glassbox.exceptions import PermissionDenied
from glassbox.http import Http404, HttpResponse
from glassbox.middleware import RequestIdMiddleware
from glassbox.template.response import ContentNotRenderedError, TemplateResponse
from glassbox.test import Client
from glassbox.urls import path


def spy(label, log, answer_view=False, answer_exception=False):
    """A middleware class with every hook, each writing `label hook` into `log`."""

    class Spy:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            log.append(f"{label} in")
            response = self.get_response(request)
            log.append(f"{label} out")
            return response

        def process_view(self, request, view, args, kwargs):
            log.append(f"{label} process_view")
            return HttpResponse(f"{label} answered") if answer_view else None

        def process_exception(self, request, exception):
            log.append(f"{label} process_exception")
            return HttpResponse(f"{label} handled", status=500) if answer_exception else None

        def process_template_response(self, request, response):
            log.append(f"{label} process_template_response")
            response.context_data.setdefault("seen", []).append(label)
            return response

    Spy.__name__ = label
    return Spy


def page(request):
    return TemplateResponse(request, "page.html", {"title": "Home"})


def plain(request):
    return HttpResponse("plain")


def broken(request):
    raise ZeroDivisionError("division by zero")


def missing(request):
    raise Http404("No such poll")


def forbidden(request):
    raise PermissionDenied("Not yours")


URLS = [path("", page), path("plain/", plain), path("broken/", broken),
        path("missing/", missing), path("forbidden/", forbidden)]
TEMPLATES = {"page.html": "{{ title }} seen by {{ seen|join:',' }}"}


def make_app(middleware, debug=True):
    return Glassbox(settings={"DEBUG": debug}, urls=URLS, middleware=middleware,
                    templates=TEMPLATES)


class HookOrderTest(unittest.TestCase):
    def test_the_order_django_calls_the_hooks_in(self):
        log = []
        response = Client(make_app([spy("A", log), spy("B", log)])).get("/")
        self.assertEqual(log, ["A in", "B in", "A process_view", "B process_view",
                               "B process_template_response", "A process_template_response",
                               "B out", "A out"])
        self.assertEqual(response.text, "Home seen by B,A")

    def test_hooks_are_in_the_trace(self):
        response = Client(make_app([spy("A", []), spy("B", [])])).get("/")
        hooks = [(event["name"], event["hook"], event["returned_response"])
                 for event in response.trace.of_type("hook")]
        self.assertEqual(hooks, [("A", "process_view", False), ("B", "process_view", False),
                                 ("B", "process_template_response", True),
                                 ("A", "process_template_response", True)])

    def test_process_exception_runs_innermost_first_and_the_first_answer_wins(self):
        log = []
        app = make_app([spy("A", log, answer_exception=True), spy("B", log)])
        response = Client(app).get("/broken/")
        self.assertEqual(response.text, "A handled")
        self.assertEqual(log, ["A in", "B in", "A process_view", "B process_view",
                               "B process_exception", "A process_exception", "B out", "A out"])

    def test_an_unanswered_exception_becomes_a_500(self):
        response = Client(make_app([spy("A", [])], debug=False)).get("/broken/")
        self.assertEqual(response.status_code, 500)

    def test_a_process_view_answer_skips_the_view_and_later_process_views(self):
        log = []
        response = Client(make_app([spy("A", log, answer_view=True), spy("B", log)])).get("/")
        self.assertEqual(response.text, "A answered")
        self.assertNotIn("B process_view", log)
        self.assertFalse(response.trace.of_type("view"))

    def test_a_plain_response_skips_process_template_response(self):
        log = []
        Client(make_app([spy("A", log)])).get("/plain/")
        self.assertNotIn("A process_template_response", log)

    def test_process_template_response_must_return_a_response(self):
        class Forgetful:
            def __init__(self, get_response):
                self.get_response = get_response

            def __call__(self, request):
                return self.get_response(request)

            def process_template_response(self, request, response):
                response.context_data["title"] = "Changed"

        response = Client(make_app([Forgetful], debug=False)).get("/")
        self.assertEqual(response.status_code, 500)
        error, = response.trace.of_type("error")
        self.assertIn("Forgetful.process_template_response returned None", error["message"])


    def test_a_render_error_is_offered_to_process_exception(self):
        log = []

        def bad_page(request):
            return TemplateResponse(request, "missing.html")

        app = Glassbox(settings={"DEBUG": False}, urls=[path("", bad_page)],
                       middleware=[spy("A", log, answer_exception=True)], templates=TEMPLATES)
        response = Client(app).get("/")
        self.assertEqual(response.text, "A handled")
        self.assertIn("A process_exception", log)

    def test_a_process_view_answer_meets_process_template_response(self):
        class Early:
            def __init__(self, get_response):
                self.get_response = get_response

            def __call__(self, request):
                return self.get_response(request)

            def process_view(self, request, view, args, kwargs):
                return TemplateResponse(request, "page.html", {"title": "Early"})

        log = []
        response = Client(make_app([spy("A", log), Early])).get("/plain/")
        self.assertEqual(response.text, "Early seen by A")
        self.assertIn("A process_template_response", log)


class TemplateResponseTest(unittest.TestCase):
    def test_it_is_rendered_before_the_middleware_sees_it_on_the_way_out(self):
        seen = []

        def late(get_response):
            def middleware(request):
                response = get_response(request)
                seen.append(response.is_rendered)
                response.context_data["title"] = "Too late"
                return response
            return middleware

        response = Client(make_app([late])).get("/")
        self.assertEqual(seen, [True])
        self.assertTrue(response.text.startswith("Home"))

    def test_content_before_render_is_an_error(self):
        response = TemplateResponse(None, "page.html")
        with self.assertRaises(ContentNotRenderedError):
            response.content

    def test_render_happens_once(self):
        app = make_app([])
        response = Client(app).get("/")
        response.context_data["title"] = "Again"
        self.assertIs(response.render(), response)
        self.assertTrue(response.text.startswith("Home"))


class ErrorLoggingTest(unittest.TestCase):
    def requests_logged(self, url, debug=False):
        app = make_app(["glassbox.middleware.RequestIdMiddleware"], debug=debug)
        with self.assertLogs("glassbox.request", level="WARNING") as logs:
            response = Client(app).get(url)
        return response, logs.records

    def test_a_500_is_an_error_with_its_traceback(self):
        response, (record,) = self.requests_logged("/broken/")
        self.assertEqual(response.status_code, 500)
        self.assertEqual(record.levelno, logging.ERROR)
        self.assertEqual(record.getMessage(), "Internal Server Error: /broken/")
        self.assertIsInstance(record.exc_info[1], ZeroDivisionError)
        self.assertEqual(record.status_code, 500)
        self.assertEqual(record.request.id, response["X-Request-ID"])

    def test_404_and_403_are_warnings(self):
        for url, status, message in (("/missing/", 404, "Not Found: /missing/"),
                                     ("/forbidden/", 403, "Forbidden (Permission denied): /forbidden/"),
                                     ("/nowhere/", 404, "Not Found: /nowhere/")):
            response, (record,) = self.requests_logged(url)
            self.assertEqual(response.status_code, status)
            self.assertEqual(record.levelno, logging.WARNING)
            self.assertEqual(record.getMessage(), message)

    def test_the_debug_page_only_with_debug(self):
        app = make_app([], debug=True)
        with self.assertLogs("glassbox.request"):
            shown = Client(app).get("/broken/")
        self.assertIn("ZeroDivisionError", shown.text)
        app = make_app([], debug=False)
        with self.assertLogs("glassbox.request"):
            hidden = Client(app).get("/broken/")
        self.assertNotIn("ZeroDivisionError", hidden.text)

    def test_a_success_is_not_logged(self):
        app = make_app([RequestIdMiddleware])
        logger = logging.getLogger("glassbox.request")
        records = []
        handler = logging.Handler()
        handler.emit = records.append
        logger.addHandler(handler)
        try:
            Client(app).get("/plain/")
        finally:
            logger.removeHandler(handler)
        self.assertEqual(records, [])


if __name__ == "__main__":
    unittest.main()
