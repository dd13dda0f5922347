"""The request signals: `request_started` and `request_finished` (Django's
`django.core.signals`).

The application sends `request_started` when a request arrives, before any middleware, and
`request_finished` once the response has left the middleware. Both go into the request's trace
as "signal" events like the model signals (see `glassbox.db.models.signals`), but only when a
receiver is connected: a signal nobody hears would open every trace.

    >>> from glassbox.signals import request_started
    >>> request_started
    <Signal request_started: 0 receivers>

In Django `request_finished` is sent when the server closes the response, which for a
streaming response is after its last chunk; glassbox sends it when `handle()` returns.
"""

from glassbox.db.models.signals import Signal, receiver  # noqa: F401

# Quiet: written into the trace only while someone listens, or every trace would start with it.
request_started = Signal("request_started", quiet=True)
request_finished = Signal("request_finished", quiet=True)
