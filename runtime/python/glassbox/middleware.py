"""Middleware: layers around every view, like the skins of an onion.

A middleware is a factory that gets the next layer, `get_response`, and returns a function of
the request. Everything before `get_response(request)` runs on the way in, everything after
on the way out:

    def timing_middleware(get_response):
        def middleware(request):
            started = time.perf_counter()           # on the way in
            response = get_response(request)        # all inner layers and the view
            response["X-Elapsed"] = f"{time.perf_counter() - started:.6f}"   # on the way out
            return response
        return middleware

The application builds the onion once, at start-up: the last middleware in the list wraps the
view, the one before wraps that, and so on, so the *first* one listed is the outermost. A
request travels in through the list in order and the response travels out in reverse.

A middleware class works the same way (`__init__(get_response)`, `__call__(request)`) and may
also define hooks the application calls near the view:

    process_view(request, view_func, view_args, view_kwargs)
        after URL resolution, before the view; return a response to skip the view
    process_exception(request, exception)
        when the view raised; return a response to handle it, or None to pass it on
    process_template_response(request, response)
        when the view returned a TemplateResponse, before it is rendered; change its
        template_name or context_data, and return it

`process_view` hooks run in list order; `process_exception` and `process_template_response`
hooks run innermost first, as in Django (see `Glassbox.get_response`).

This module holds the base class and four useful middleware. The onion itself is built in
`glassbox.app` (see `Glassbox.load_middleware`).
"""

import time
import uuid

from glassbox.http import HttpResponsePermanentRedirect
from glassbox.urls import Resolver404, resolve


class Middleware:
    """A convenient base class: override `process_request` and/or `process_response`.

    `process_request(request)` may return a response to answer at once (the inner layers and
    the view are skipped); `process_response(request, response)` must return a response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.process_request(request)
        if response is None:
            response = self.get_response(request)
        return self.process_response(request, response)

    def process_request(self, request):
        return None

    def process_response(self, request, response):
        return response


class SecurityMiddleware(Middleware):
    """Adds headers that tell the browser to be careful:

    - `X-Content-Type-Options: nosniff`: trust Content-Type, do not guess it
    - `X-Frame-Options: DENY`: do not show this page inside another site's frame
    - `Referrer-Policy: same-origin`: do not tell other sites which page linked to them
    """

    def process_response(self, request, response):
        settings = request.app.settings
        if settings.SECURE_CONTENT_TYPE_NOSNIFF:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if settings.X_FRAME_OPTIONS:
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if settings.SECURE_REFERRER_POLICY:
            response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        return response


class RequestIdMiddleware(Middleware):
    """Gives each request an id (`request.id`), echoed in a response header, so one request
    can be followed through logs. An id the client sent is kept."""

    def process_request(self, request):
        header = request.app.settings.REQUEST_ID_HEADER
        request.id = request.headers.get(header) or uuid.uuid4().hex
        request.trace.record("request_id", id=request.id)

    def process_response(self, request, response):
        response[request.app.settings.REQUEST_ID_HEADER] = request.id
        return response


class TimingMiddleware:
    """Measures the layers inside it and the view, and reports it in a `Server-Timing`
    header, which the browser's developer tools display."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.3f}"
        return response


class CommonMiddleware(Middleware):
    """With APPEND_SLASH on, a 404 for `/polls` becomes a redirect to `/polls/` when that path
    would match a pattern."""

    def process_response(self, request, response):
        if response.status_code != 404 or not request.app.settings.APPEND_SLASH:
            return response
        if request.path.endswith("/") or not self._matches(request.path + "/", request):
            return response
        if request.method not in ("GET", "HEAD") and request.app.settings.DEBUG:
            raise RuntimeError(
                f"You sent a {request.method} to {request.path!r}, which has no pattern, while "
                f"{request.path + '/'!r} has one. A redirect would lose the {request.method} "
                f"data, so glassbox stops here: change the form's action to "
                f"{request.path + '/'!r}, or set APPEND_SLASH = False.")
        query = request.META.get("QUERY_STRING", "")
        location = request.path + "/" + ("?" + query if query else "")
        return HttpResponsePermanentRedirect(location)

    @staticmethod
    def _matches(path, request):
        try:
            resolve(path, request.app.urlconf)
        except Resolver404:
            return False
        return True
