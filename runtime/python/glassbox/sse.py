"""Server-sent events: the server pushes, the browser listens, over one long response.

Polling asks "anything new?" every second, and nearly every answer is "no". With server-sent
events the browser opens one request,

    const source = new EventSource("/orders/stream/");
    source.addEventListener("order", (message) => show(JSON.parse(message.data)));

and the server keeps the response open, writing an event whenever there is news. On the wire
each event is a few `field: value` lines and a blank line (the HTML standard, "Server-sent
events"; the response's type is `text/event-stream`):

    id: 7
    event: order
    data: {"id": 7, "total": "12.50"}

    >>> format_event({"id": 7}, event="order", id=7)
    'id: 7\\nevent: order\\ndata: {"id": 7}\\n\\n'

- `data` is the message. Text with line breaks becomes several `data:` lines, which the browser
  joins again with "\\n"; a dict or list is sent as JSON.
- `event` names it (the browser's listener for that name gets it; without one, "message").
- `id` is remembered by the browser. If the connection drops, the browser reconnects on its
  own and sends the last id it saw in the `Last-Event-ID` request header, so the server can
  send what was missed: `last_event_id(request)` reads it.
- `retry` tells the browser how many milliseconds to wait before reconnecting.
- A line starting with ":" is a comment: browsers ignore it, proxies see traffic (a keep-alive).

`EventStreamResponse(events)` is a `StreamingHttpResponse` (glassbox.http) of these: give it an
iterable of `ServerSentEvent`s (or of plain data) and each is formatted as it leaves. Each one
goes into the request's trace as a "stream" event with its `event` and `id`.

Django has no helper for this (it is a few lines over `StreamingHttpResponse`); the test client
reads a stream back event by event with `glassbox.test.read_events(response)`.

What it does not do, and a real deployment must: each open stream holds a worker of a
synchronous server for as long as the browser stays, so real sites serve streams from an
asynchronous server (Django's ASGI views with an async iterator) or a separate process.
"""

import json

from glassbox.http import StreamingHttpResponse


class ServerSentEvent:
    """One event: `data` (str, or anything JSON can hold), and optionally `event`, `id`,
    `retry` (milliseconds)."""

    def __init__(self, data=None, event=None, id=None, retry=None):
        self.data, self.event, self.id, self.retry = data, event, id, retry

    def format(self):
        return format_event(self.data, self.event, self.id, self.retry)

    def __repr__(self):
        return f"ServerSentEvent(data={self.data!r}, event={self.event!r}, id={self.id!r})"


def one_line(name, value):
    text = str(value)
    if "\n" in text or "\r" in text:
        raise ValueError(f"An event's {name} must be one line: {text!r}")
    return text


def format_event(data=None, event=None, id=None, retry=None):
    """The text of one event, ending with the blank line that sends it."""
    lines = []
    if id is not None:
        lines.append(f"id: {one_line('id', id)}")
    if event is not None:
        lines.append(f"event: {one_line('event', event)}")
    if retry is not None:
        lines.append(f"retry: {int(retry)}")
    if data is not None:
        text = data if isinstance(data, str) else json.dumps(data)
        # "a\nb" is sent as two data: lines; the browser joins them again with "\n".
        lines += [f"data: {line}" for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines) + "\n\n"


def comment(text=""):
    """A comment line (`: text`), which browsers ignore: a keep-alive."""
    return f": {one_line('comment', text)}\n\n"


def last_event_id(request):
    """The id of the last event the browser saw before reconnecting, or None."""
    return request.headers.get("Last-Event-ID") or None


class EventStreamResponse(StreamingHttpResponse):
    """A `text/event-stream` response made of events (see the module docstring)."""

    def __init__(self, events, retry=None, **options):
        options.setdefault("content_type", "text/event-stream")
        super().__init__(self.formatted(events, retry), **options)
        self.headers.setdefault("Cache-Control", "no-cache")  # each reader needs it fresh
        self.headers.setdefault("X-Accel-Buffering", "no")     # ask proxies not to hold it
        self.last_described = {}

    def formatted(self, events, retry):
        if retry is not None:
            yield f"retry: {int(retry)}\n\n"
        source = iter(events)
        try:
            for each in source:
                if isinstance(each, ServerSentEvent):
                    self.last_described = {"event": each.event, "id": each.id}
                    yield each.format()
                elif isinstance(each, str) and each.startswith(":"):
                    self.last_described = {"comment": True}
                    yield each if each.endswith("\n\n") else each + "\n\n"
                else:
                    self.last_described = {"event": None, "id": None}
                    yield format_event(each)
        finally:  # the client closed: close the view's generator too
            closer = getattr(source, "close", None)
            if closer is not None:
                closer()

    def describe(self, piece):
        return dict(self.last_described)
