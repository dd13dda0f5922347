"""glassbox.trace: the per-request event list and what the layers write into it."""

import json
import unittest

from glassbox.app import Glassbox
from glassbox.http import HttpResponse
from glassbox.shortcuts import render
from glassbox.test import Client
from glassbox.trace import Trace
from glassbox.urls import path


class TraceTest(unittest.TestCase):
    def test_record_returns_event_with_type_and_time(self):
        trace = Trace()
        event = trace.record("sql", sql="SELECT 1", params=[])
        self.assertEqual(event["type"], "sql")
        self.assertEqual(event["sql"], "SELECT 1")
        self.assertIsInstance(event["at_ms"], float)
        self.assertEqual(trace.types(), ["sql"])

    def test_times_increase(self):
        ticks = iter([0.0, 0.001, 0.002, 0.005])
        trace = Trace(clock=lambda: next(ticks))
        first, second = trace.record("a"), trace.record("b")
        self.assertEqual((first["at_ms"], second["at_ms"]), (1.0, 2.0))

    def test_timer(self):
        ticks = iter([0.0, 1.0, 1.25])
        trace = Trace(clock=lambda: next(ticks))
        stop = trace.timer()
        self.assertEqual(stop(), 250.0)

    def test_to_json_round_trips_and_copes_with_odd_values(self):
        trace = Trace()
        trace.record("cache", key="home", hit=True)
        trace.record("odd", value=object())
        events = json.loads(trace.to_json())
        self.assertEqual(events[0]["type"], "cache")
        self.assertTrue(events[0]["hit"])
        self.assertIn("object object", events[1]["value"])

    def test_to_list_is_a_copy(self):
        trace = Trace()
        trace.record("a")
        trace.to_list()[0]["type"] = "changed"
        self.assertEqual(trace.types(), ["a"])


def page(request, number):
    return render(request, "page.html", {"number": number})


def broken(request):
    return {}["missing"]


APP = Glassbox(settings={"DEBUG": True},
               urls=[path("", page, {"number": 0}), path("p/<int:number>/", page, name="page"),
                     path("broken/", broken)],
               middleware=["glassbox.middleware.TimingMiddleware"],
               templates={"page.html": "Page {{ number }}"})


class RequestTraceTest(unittest.TestCase):
    def test_a_request_tells_its_whole_story(self):
        response = Client(APP).get("/p/3/")
        self.assertEqual(response.trace.types(), [
            "request", "middleware", "url_tried", "url_tried", "url_matched", "template_load",
            "template", "view", "middleware", "response"])
        request, *_, last = response.trace.to_list()
        self.assertEqual((request["method"], request["path"]), ("GET", "/p/3/"))
        self.assertEqual((last["status"], last["reason"]), (200, "OK"))
        matched, = response.trace.of_type("url_matched")
        self.assertEqual(matched, dict(matched, route="p/<int:number>/", view="page",
                                       kwargs={"number": "3"}, name="page"))
        self.assertEqual(response.trace.of_type("view")[0]["name"], "page")

    def test_every_event_is_json_with_type_and_time(self):
        response = Client(APP).get("/broken/")
        for event in json.loads(response.trace.to_json()):
            self.assertIsInstance(event["type"], str)
            self.assertIsInstance(event["at_ms"], (int, float))

    def test_errors_are_recorded_with_where(self):
        response = Client(APP).get("/broken/")
        error, = response.trace.of_type("error")
        self.assertEqual(error["kind"], "KeyError")
        self.assertIn("in broken", error["where"])
        self.assertEqual(response.trace.of_type("view")[0]["name"], "broken",
                         "a view that raised is still in the trace")

    def test_not_found_records_patterns_tried(self):
        response = Client(APP).get("/nowhere/")
        missing, = response.trace.of_type("url_not_found")
        self.assertEqual(missing["tried"], ["", "p/<int:number>/", "broken/"])

    def test_traces_do_not_mix_between_requests(self):
        client = Client(APP)
        first, second = client.get("/"), client.get("/p/1/")
        self.assertIsNot(first.trace, second.trace)
        self.assertEqual(first.trace.of_type("request")[0]["path"], "/")
        self.assertEqual(len(first.trace.of_type("request")), 1)

    def test_every_type_glassbox_records_is_documented(self):
        import glassbox.trace

        app = Glassbox(settings={"DEBUG": True}, urls=APP.urlconf.url_patterns
                       + [path("old/", lambda request: HttpResponse(status=302, headers={
                           "Location": "/new/"}))],
                       middleware=["glassbox.middleware.RequestIdMiddleware",
                                   "glassbox.middleware.CommonMiddleware"],
                       templates={"page.html": "Page {{ number }}"})
        client = Client(app)
        seen = set()
        for url in ["/", "/p/1/", "/p/1", "/broken/", "/nowhere/", "/old/"]:
            seen.update(client.get(url).trace.types())
        documented = {line.split()[0] for line in glassbox.trace.__doc__.splitlines()
                      if line.startswith("    ") and not line.startswith("     ")}
        self.assertGreaterEqual(len(seen), 11)
        self.assertEqual(seen - documented, set(), "document these in glassbox/trace.py")

    def test_redirect_is_recorded(self):
        app = Glassbox(urls=[path("old/", lambda request: HttpResponse(status=302, headers={
            "Location": "/new/"}))])
        event, = Client(app).get("/old/").trace.of_type("redirect")
        self.assertEqual((event["location"], event["status"]), ("/new/", 302))


if __name__ == "__main__":
    unittest.main()
