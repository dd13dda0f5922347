"""glassbox.servers: two app instances over one database; a signal stays in the server that
saved, a notification reaches every listening server."""

import json
import unittest

from glassbox import db
from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db import transaction
from glassbox.db.connection import Connection
from glassbox.db.models import IntegerField, Model
from glassbox.db.models.signals import post_save
from glassbox.db.notify import notify
from glassbox.db.schema import create_tables
from glassbox.http import HttpResponse, JsonResponse
from glassbox.servers import ServerConnection, current_server, start_servers
from glassbox.sse import EventStreamResponse, ServerSentEvent
from glassbox.test import Client, read_events
from glassbox.urls import path


class Score(Model):
    points = IntegerField()


def board(request):
    """The total, from this server's local-memory cache when it has it."""
    total = cache.get("total")
    if total is None:
        total = sum(score.points for score in Score.objects.all())
        cache.set("total", total)
    return JsonResponse({"total": total, "server": request.server.name})


def add(request):
    with transaction.atomic():
        Score.objects.create(points=int(request.POST["points"]))
    return HttpResponse("saved", status=201)


def stream(request):
    arrivals = request.server.notifications("scores")

    def events():
        for note in arrivals:
            score = json.loads(note.payload)
            yield ServerSentEvent(score, event="score", id=score["id"])

    return EventStreamResponse(events())


def boom(request):
    with transaction.atomic():
        Score.objects.create(points=1)
        transaction.on_commit(lambda: LOG.append("on_commit ran"))
    return HttpResponse("saved")


URLS = [path("board/", board), path("add/", add), path("stream/", stream), path("boom/", boom)]
LOG = []


def forget_total(sender, instance, **extra):
    LOG.append(f"forget in {current_server().name}")
    cache.delete("total")


def announce(sender, instance, created, **extra):
    transaction.on_commit(lambda: notify("scores", json.dumps(
        {"id": instance.id, "points": instance.points})))


class ServersTest(unittest.TestCase):
    def setUp(self):
        LOG.clear()
        self.database = Connection()
        create_tables(self.database, [Score])
        self.outside = db.connection

    def tearDown(self):
        post_save.receivers.clear()

    def start(self, on_signal=True, on_notify=False, listen_to=None):
        def start_up(server):
            if on_signal:
                post_save.connect(forget_total, sender=Score)
            if on_notify:
                post_save.connect(announce, sender=Score)
                server.listen("scores", lambda note: cache.delete("total"))
            return Glassbox(urls=URLS, settings={"SERVER_LABEL": server.name})

        servers = start_servers(["web-1", "web-2"], start_up, database=self.database)
        return servers, Client(servers["web-1"]), Client(servers["web-2"])

    def test_each_server_has_its_own_settings_connection_and_cache(self):
        servers, one, two = self.start()
        self.assertEqual(list(servers), ["web-1", "web-2"])
        self.assertEqual(servers["web-2"].settings.SERVER_LABEL, "web-2")
        self.assertIsInstance(servers["web-1"].database, ServerConnection)
        self.assertIsNot(servers["web-1"].database, servers["web-2"].database)
        self.assertEqual(one.get("/board/").json(), {"total": 0, "server": "web-1"})
        self.assertEqual(len(servers["web-1"].database.queries), 1)
        self.assertEqual(servers["web-2"].database.queries, [], "web-2 ran nothing yet")
        self.assertEqual(two.get("/board/").json()["total"], 0)
        self.assertEqual(cache.get("total"), None, "outside the servers the cache is empty")
        self.assertIs(db.connection, self.outside, "the process is set back after a request")

    def test_a_signal_fires_only_in_the_server_that_saved(self):
        servers, one, two = self.start()
        one.get("/board/"), two.get("/board/")  # both cache a total of 0
        response = one.post("/add/", {"points": 7})
        self.assertEqual(LOG, ["forget in web-1"])
        signals = [event for event in response.trace.of_type("signal")
                   if event["signal"] == "post_save"]
        self.assertEqual([(event["server"], event["receivers"]) for event in signals],
                         [("web-1", ["forget_total"])])
        self.assertEqual(one.get("/board/").json()["total"], 7)
        self.assertEqual(two.get("/board/").json()["total"], 0, "web-2 still serves its copy")

    def test_receivers_connected_at_start_up_belong_to_that_server(self):
        def start_up(server):
            if server.name == "web-1":
                post_save.connect(forget_total, sender=Score)
            return Glassbox(urls=URLS)

        servers = start_servers(["web-1", "web-2"], start_up, database=self.database)
        Client(servers["web-2"]).post("/add/", {"points": 1})
        self.assertEqual(LOG, [], "web-2 has no receiver")
        Client(servers["web-1"]).post("/add/", {"points": 1})
        self.assertEqual(LOG, ["forget in web-1"])
        self.assertEqual(post_save.receivers, [], "nothing was connected outside the servers")

    def test_a_notification_reaches_every_listening_server(self):
        servers, one, two = self.start(on_signal=False, on_notify=True)
        one.get("/board/"), two.get("/board/")
        response = one.post("/add/", {"points": 5})
        self.assertEqual(one.get("/board/").json()["total"], 5)
        self.assertEqual(two.get("/board/").json()["total"], 5, "web-2 forgot its copy too")
        received = [(event["server"], event["channel"])
                    for event in response.trace.of_type("notify") if event["op"] == "receive"]
        self.assertEqual(received, [("web-1", "scores"), ("web-2", "scores")])
        deliver = [event for event in response.trace.of_type("notify")
                   if event["op"] == "deliver"]
        self.assertEqual([(event["server"], event["listeners"]) for event in deliver],
                         [("web-1", 2)])
        deletes = [event["server"] for event in response.trace.of_type("cache")
                   if event["op"] == "delete"]
        self.assertEqual(deletes, ["web-1", "web-2"])
        self.assertEqual([note.channel for note in servers["web-2"].received], ["scores"])

    def test_every_event_of_a_request_names_its_server(self):
        servers, one, two = self.start()
        response = two.post("/add/", {"points": 2})
        self.assertTrue(response.trace.events)
        self.assertEqual({event.get("server") for event in response.trace}, {"web-2"})

    def test_a_rolled_back_save_notifies_nobody(self):
        servers, one, two = self.start(on_signal=False, on_notify=True)
        with servers["web-1"].active():
            with self.assertRaises(ValueError):
                with transaction.atomic():
                    Score.objects.create(points=3)
                    raise ValueError("no")
        self.assertEqual(servers["web-2"].received, [])
        self.assertEqual(self.database.execute("SELECT COUNT(*) FROM score").fetchone()[0], 0)

    def test_a_stream_pushes_what_another_server_saved(self):
        servers, one, two = self.start(on_signal=False, on_notify=True)
        response = two.get("/stream/")
        one.post("/add/", {"points": 4})
        one.post("/add/", {"points": 6})
        events = list(read_events(response))
        self.assertEqual([json.loads(event["data"])["points"] for event in events], [4, 6])
        chunks = [event for event in response.trace.of_type("stream") if event["op"] == "chunk"]
        self.assertEqual({event["server"] for event in chunks}, {"web-2"})
        # Each piece comes right after the notification it was made from.
        order = [(event["type"], event.get("op")) for event in response.trace.events
                 if event["type"] in ("notify", "stream") and event.get("op") in ("read", "chunk")]
        self.assertEqual(order, [("notify", "read"), ("stream", "chunk")] * 2)
        self.assertEqual(response.trace.of_type("sql"), [], "the payload carried the data")
        self.assertEqual(servers["web-2"].handlers["scores"][1:], [],
                         "the stream stopped listening when it ended")

    def test_a_stream_closed_early_stops_listening(self):
        servers, one, two = self.start(on_signal=False, on_notify=True)
        response = two.get("/stream/")
        one.post("/add/", {"points": 4})
        one.post("/add/", {"points": 6})
        self.assertEqual(len(list(read_events(response, limit=1))), 1)
        self.assertEqual(len(servers["web-2"].handlers["scores"]), 1, "only the cache's")

    def test_a_handler_that_raises_does_not_break_the_sender(self):
        def start_up(server):
            post_save.connect(announce, sender=Score)

            def broken(note):
                raise RuntimeError(f"{server.name} cannot cope")

            server.listen("scores", broken)
            return Glassbox(urls=URLS)

        servers = start_servers(["web-1", "web-2"], start_up, database=self.database)
        response = Client(servers["web-1"]).get("/boom/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(LOG, ["on_commit ran"])
        errors = [(event["server"], event["message"]) for event in response.trace.of_type("error")]
        self.assertEqual(errors, [("web-1", "web-1 cannot cope"), ("web-2", "web-2 cannot cope")])
        self.assertEqual([str(error) for error in servers["web-2"].errors], ["web-2 cannot cope"])

    def test_two_servers_may_not_share_a_name(self):
        with self.assertRaises(ValueError):
            start_servers(["web", "web"], lambda server: Glassbox(urls=URLS),
                          database=self.database)

    def test_start_up_must_return_an_app(self):
        with self.assertRaises(TypeError):
            start_servers(["web-1"], lambda server: None, database=self.database)


if __name__ == "__main__":
    unittest.main()
