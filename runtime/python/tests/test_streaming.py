"""StreamingHttpResponse and server-sent events: pieces read as they are made."""

import io
import unittest

from glassbox.app import Glassbox
from glassbox.db.connection import Connection
from glassbox.db.notify import Bus, listen, notify
from glassbox.http import StreamingHttpResponse
from glassbox.sse import EventStreamResponse, ServerSentEvent, comment, format_event, last_event_id
from glassbox.test import Client, read_events
from glassbox.urls import path

LOG = []
HISTORY = [ServerSentEvent({"n": number}, event="tick", id=number) for number in range(1, 6)]


def countdown(request):
    def pieces():
        try:
            for number in [3, 2, 1]:
                LOG.append(f"made {number}")
                yield f"{number}\n"
        finally:
            LOG.append("generator closed")

    return StreamingHttpResponse(pieces(), content_type="text/plain")


def ticks(request):
    after = int(last_event_id(request) or 0)

    def events():
        try:
            yield comment("hello")
            for event in HISTORY:
                if event.id > after:
                    LOG.append(f"sent {event.id}")
                    yield event
        finally:
            LOG.append("closed")

    return EventStreamResponse(events(), retry=3000)


APP = Glassbox(urls=[path("count/", countdown), path("ticks/", ticks)])


class StreamingResponseTest(unittest.TestCase):
    def setUp(self):
        LOG.clear()

    def test_pieces_are_made_as_the_client_reads(self):
        response = Client(APP).get("/count/")
        self.assertTrue(response.streaming)
        self.assertEqual(LOG, [], "nothing made before anyone reads")
        pieces = response.streaming_content
        self.assertEqual(next(pieces), b"3\n")
        self.assertEqual(LOG, ["made 3"])
        self.assertEqual(list(pieces), [b"2\n", b"1\n"])
        self.assertEqual(LOG, ["made 3", "made 2", "made 1", "generator closed"])
        told = [(e["op"], e.get("bytes")) for e in response.trace.of_type("stream")]
        self.assertEqual(told, [("chunk", 2), ("chunk", 2), ("chunk", 2), ("end", 6)])

    def test_no_content_as_in_django(self):
        response = StreamingHttpResponse(["a"])
        with self.assertRaisesRegex(AttributeError, "Use `streaming_content` instead"):
            response.content
        with self.assertRaises(AttributeError):
            response.content = b"x"
        self.assertEqual(response.getvalue(), b"a")

    def test_on_the_wire_it_is_chunked(self):
        wire = StreamingHttpResponse(["hello", "", "!"], content_type="text/plain").serialize()
        self.assertEqual(wire, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                               b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n")

    def test_the_client_closing_ends_it_cleanly(self):
        response = Client(APP).get("/count/")
        pieces = response.streaming_content
        next(pieces)
        response.close()
        self.assertEqual(LOG, ["made 3", "generator closed"])
        self.assertEqual(list(pieces), [])
        closed = response.trace.of_type("stream")[-1]
        self.assertEqual((closed["op"], closed["chunks"]), ("closed", 1))
        response.close()  # twice is harmless

    def test_wsgi_hands_the_pieces_to_the_server(self):
        seen = {}
        body = APP({"REQUEST_METHOD": "GET", "PATH_INFO": "/count/", "QUERY_STRING": "",
                    "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http"},
                   lambda status, headers: seen.update(status=status, headers=dict(headers)))
        self.assertEqual(b"".join(body), b"3\n2\n1\n")
        self.assertNotIn("Transfer-Encoding", seen["headers"])
        self.assertNotIn("Content-Length", seen["headers"])


class ServerSentEventsTest(unittest.TestCase):
    def setUp(self):
        LOG.clear()

    def test_format(self):
        self.assertEqual(format_event("a\nb\r\nc", event="note", id=3, retry=500),
                         "id: 3\nevent: note\nretry: 500\ndata: a\ndata: b\ndata: c\n\n")
        self.assertEqual(format_event({"x": 1}), 'data: {"x": 1}\n\n')
        with self.assertRaises(ValueError):
            format_event("x", event="two\nlines")

    def test_read_event_by_event(self):
        response = Client(APP).get("/ticks/")
        self.assertEqual(response["Content-Type"], "text/event-stream")
        self.assertEqual(response["Cache-Control"], "no-cache")
        events = read_events(response)
        first = next(events)
        self.assertEqual(first, {"event": "tick", "data": '{"n": 1}', "id": "1", "retry": None})
        self.assertEqual(LOG, ["sent 1"], "the second is not made yet")
        self.assertEqual(response.reconnect_ms, 3000)
        self.assertEqual([event["id"] for event in events], ["2", "3", "4", "5"])
        chunks = [e for e in response.trace.of_type("stream") if e["op"] == "chunk"]
        self.assertEqual([e.get("id") for e in chunks], [None, None, 1, 2, 3, 4, 5])

    def test_multi_line_data_arrives_joined(self):
        response = EventStreamResponse(["one\ntwo", ServerSentEvent("x", event="named")])
        self.assertEqual([(e["event"], e["data"]) for e in read_events(response)],
                         [("message", "one\ntwo"), ("named", "x")])

    def test_reconnecting_with_last_event_id_resumes(self):
        client = Client(APP)
        seen = [event["id"] for event in read_events(client.get("/ticks/"), limit=2)]
        self.assertEqual(seen, ["1", "2"])
        self.assertIn("closed", LOG, "the view's generator was closed when the client left")
        again = client.get("/ticks/", headers={"Last-Event-ID": seen[-1]})
        self.assertEqual([event["id"] for event in read_events(again)], ["3", "4", "5"])

    def test_a_notification_becomes_an_event(self):
        bus = Bus()
        web, stream_side = Connection(), Connection()
        bus.attach(web)
        bus.attach(stream_side)
        listen("orders", using=stream_side)

        def from_notifications():
            while stream_side.notifies:
                note = stream_side.notifies.pop(0)
                yield ServerSentEvent(note.payload, event=note.channel)

        notify("orders", '{"id": 1}', using=web)
        notify("orders", '{"id": 2}', using=web)
        events = list(read_events(EventStreamResponse(from_notifications())))
        self.assertEqual([(e["event"], e["data"]) for e in events],
                         [("orders", '{"id": 1}'), ("orders", '{"id": 2}')])


if __name__ == "__main__":
    unittest.main()


class StreamsThroughCachingMiddlewareTest(unittest.TestCase):
    """A streamed body is made while it is sent: the site cache does not store it and
    ConditionalGetMiddleware does not hash it (Django checks `response.streaming` too)."""

    def test_a_stream_passes_the_site_cache_and_conditional_get_untouched(self):
        app = Glassbox(
            urls=[path("count/", countdown)],
            middleware=[
                "glassbox.cache.middleware.UpdateCacheMiddleware",
                "glassbox.cache.conditional.ConditionalGetMiddleware",
                "glassbox.cache.middleware.FetchFromCacheMiddleware",
            ],
        )
        client = Client(app)
        for _ in range(2):
            LOG.clear()
            response = client.get("/count/")
            self.assertTrue(response.streaming)
            self.assertNotIn("ETag", response.headers)
            self.assertEqual(b"".join(response.streaming_content), b"3\n2\n1\n")
            self.assertIn("made 3", LOG, "the view ran: nothing was served from the cache")

