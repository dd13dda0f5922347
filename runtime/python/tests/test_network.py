"""The network latency (glassbox.network): the test client's trips on the virtual clock, and
requests in flight with Network."""

import unittest

from glassbox import clock, network
from glassbox.app import Glassbox
from glassbox.http import HttpResponse, HttpResponseRedirect
from glassbox.test import Browser, Client
from glassbox.urls import path

MOMENT = 1_700_000_000


def now(request):
    """Answers the moment the app handled the request, on the virtual clock."""
    return HttpResponse(f"{clock.time() - MOMENT:.3f}")


def go_to_now(request):
    return HttpResponseRedirect("/now/")


def elapsed():
    """Seconds since MOMENT on the virtual clock, to the millisecond (epoch floats are coarse)."""
    return round(clock.time() - MOMENT, 3)


APP = Glassbox(urls=[path("now/", now), path("go/", go_to_now)])


class TestClientLatency(unittest.TestCase):
    def setUp(self):
        clock.freeze(MOMENT)

    def tearDown(self):
        network.set_latency(0)
        clock.unfreeze()

    def test_no_latency_by_default_no_time_and_no_event(self):
        self.assertEqual(network.latency(), 0)
        response = Client(APP).get("/now/")
        self.assertEqual(response.content, b"0.000")
        self.assertEqual(clock.time(), MOMENT)
        self.assertEqual(response.trace.of_type("network"), [])
        self.assertEqual(response.trace.types()[0], "request")

    def test_the_labs_latency_delays_the_request_and_the_response(self):
        network.set_latency(150)
        response = Client(APP).get("/now/")
        self.assertEqual(response.content, b"0.150")  # the app saw the request 150 ms late
        self.assertEqual(elapsed(), 0.3)  # and the answer took 150 ms more
        types = response.trace.types()
        self.assertEqual((types[0], types[1]), ("network", "request"))
        self.assertEqual((types[-2], types[-1]), ("response", "network"))
        trips = response.trace.of_type("network")
        self.assertEqual([trip["direction"] for trip in trips], ["request", "response"])
        self.assertEqual([trip["delay_ms"] for trip in trips], [150, 150])
        self.assertEqual(round(trips[0]["clock"] - MOMENT, 3), 0.15)
        self.assertEqual(round(trips[1]["clock"] - MOMENT, 3), 0.3)

    def test_a_client_can_have_its_own_latency_and_a_request_its_own(self):
        network.set_latency(150)
        far = Client(APP, latency_ms=400)
        self.assertEqual(far.get("/now/").content, b"0.400")
        self.assertEqual(far.get("/now/", latency_ms=0).content, b"0.800")
        self.assertEqual(far.latency_ms, 400)  # the override was for one request only

    def test_each_redirect_crosses_the_network_again(self):
        network.set_latency(100)
        response = Browser(APP).get("/go/")
        self.assertEqual(response.content, b"0.300")  # go there, come back, go to /now/
        self.assertEqual(elapsed(), 0.4)

    def test_a_fresh_browser_cache_answer_crosses_no_network(self):
        def cached(request):
            response = HttpResponse("kept")
            response["Cache-Control"] = "max-age=60"
            return response

        app = Glassbox(urls=[path("kept/", cached)])
        network.set_latency(100)
        client = Client(app, browser_cache=True)
        client.get("/kept/")
        self.assertEqual(elapsed(), 0.2)
        client.get("/kept/")  # from the browser's cache: no trip at all
        self.assertEqual(elapsed(), 0.2)

    def test_negative_latency_is_refused(self):
        with self.assertRaises(ValueError):
            network.set_latency(-1)


class NetworkInFlightTests(unittest.TestCase):
    def setUp(self):
        clock.freeze(MOMENT)
        self.answers = []

    def tearDown(self):
        clock.unfreeze()

    def answer(self, network_):
        return lambda response: self.answers.append((network_.now_ms, response.content))

    def test_send_returns_at_once_and_the_answer_comes_after_two_trips(self):
        net = network.Network(latency_ms=200)
        flight = net.send(Client(APP), "GET", "/now/", on_answer=self.answer(net))
        self.assertEqual(net.in_flight(), [flight])
        self.assertIsNone(flight.response)
        net.wait(199)
        self.assertIsNone(flight.response)  # still in the air
        net.wait(1)
        self.assertEqual(flight.response.content, b"0.200")  # handled on arrival
        self.assertEqual(self.answers, [])  # but the answer is on its way back
        net.wait(200)
        self.assertEqual(self.answers, [(400, b"0.200")])
        self.assertTrue(flight.done)
        self.assertEqual(net.in_flight(), [])
        trips = flight.response.trace.of_type("network")
        self.assertEqual([(t["direction"], t["delay_ms"]) for t in trips],
                         [("request", 200), ("response", 200)])
        self.assertEqual(flight.response.trace.types()[:2], ["network", "request"])

    def test_a_nearer_client_overtakes_a_farther_one(self):
        net = network.Network()
        far, near = Client(APP), Client(APP)
        net.send(far, "GET", "/now/", on_answer=self.answer(net), latency_ms=300)
        net.wait(50)
        net.send(near, "GET", "/now/", on_answer=self.answer(net), latency_ms=20)
        net.settle()
        # The near request was sent later, handled first (at 70 ms) and answered first (90 ms).
        self.assertEqual(self.answers, [(90, b"0.070"), (600, b"0.300")])
        self.assertEqual(elapsed(), 0.6)

    def test_the_labs_latency_is_read_at_each_send(self):
        net = network.Network()
        network.set_latency(50)
        try:
            first = net.send(Client(APP), "GET", "/now/")
            network.set_latency(10)
            second = net.send(Client(APP), "GET", "/now/")
        finally:
            network.set_latency(0)
        net.settle()
        self.assertEqual((first.answered_ms, second.answered_ms), (100, 20))

    def test_a_clients_own_latency_counts_when_the_network_has_none(self):
        net = network.Network()
        flight = net.send(Client(APP, latency_ms=70), "GET", "/now/")
        net.settle()
        self.assertEqual(flight.answered_ms, 140)
        self.assertEqual(flight.response.content, b"0.070")

    def test_requests_sent_at_the_same_moment_arrive_in_the_order_sent(self):
        net = network.Network(latency_ms=100)
        client = Client(APP)
        for number in range(3):
            net.send(client, "GET", f"/now/?n={number}",
                     on_answer=lambda response: self.answers.append(response.request.GET["n"]))
        net.settle()
        self.assertEqual(self.answers, ["0", "1", "2"])

    def test_the_clock_moves_with_the_timeline_even_with_nothing_in_flight(self):
        net = network.Network(latency_ms=100)
        net.wait(250)
        self.assertEqual(net.now_ms, 250)
        self.assertEqual(elapsed(), 0.25)


if __name__ == "__main__":
    unittest.main()
