"""The application: settings, URL conf, middleware and templates in one object.

    app = Glassbox(
        settings={"DEBUG": True},
        urls=[path("", views.index, name="index")],
        middleware=["glassbox.middleware.SecurityMiddleware"],
        templates={"index.html": "<h1>{{ title }}</h1>"},
    )
    response = app.handle(HttpRequest("GET", "/"))

The life of a request, all of it in `handle()` and the methods it calls:

1. `handle()` records the request in its trace and passes it to the middleware chain.
2. The chain is the onion built once by `load_middleware()`: each middleware wraps the next,
   and the innermost layer is `get_response()`.
3. `get_response()` resolves the path to a view, gives `process_view` hooks a chance to answer,
   calls the view (offering an exception to the `process_exception` hooks), checks that it
   returned a response and, for a `TemplateResponse`, runs the `process_template_response`
   hooks and then renders it: the order Django's `BaseHandler._get_response` uses.
4. At every layer an exception becomes a response (404, 403, 400 or 500; a debug page when
   DEBUG is on), so the layers outside always receive a response, never an exception.
5. Error responses are logged to the `glassbox.request` logger, as Django logs them to
   `django.request`: 5xx as errors (with the traceback), 4xx as warnings.

While the request is handled, the app's database connection (`database=`, by default
`glassbox.db.connection`) writes each SQL statement into the request's trace: `handle()` runs
the middleware and the view inside `with self.database.tracing(request.trace):`, which hands
the trace to the connection and takes it back afterwards. The caches (`app.caches`, from the
CACHES setting; see `glassbox.cache`) get the trace the same way. No global "current request".

The app is also a WSGI application, `app(environ, start_response)`, the interface Python web
servers use to talk to frameworks.
"""

import importlib
import inspect
import logging

from glassbox import cache, db, debug
from glassbox.conf import Settings
from glassbox.exceptions import BadRequest, ImproperlyConfigured, PermissionDenied
from glassbox.http import (Http404, HttpRequest, HttpResponse, HttpResponseBadRequest,
                           HttpResponseForbidden)
from glassbox.template import Engine
from glassbox.urls import Resolver404, get_resolver, resolve, view_name

# Error responses are logged here. A library adds no handler of its own beyond this silent one
# (so nothing is printed unless the program configures logging, e.g. logging.basicConfig()).
logger = logging.getLogger("glassbox.request")
logger.addHandler(logging.NullHandler())


def import_string(dotted_path):
    """The object a dotted path names: "glassbox.middleware.TimingMiddleware"."""
    module_path, _, name = dotted_path.rpartition(".")
    try:
        return getattr(importlib.import_module(module_path), name)
    except (ImportError, AttributeError, ValueError) as error:
        raise ImproperlyConfigured(f"Could not import {dotted_path!r} ({error}). Check the "
                                   "spelling of the module and the name in it.") from error


def argument_mismatch(match):
    """Why the view cannot be called with the URL's captures, or None if it can."""
    try:
        inspect.signature(match.func).bind(None, *match.args, **match.kwargs)
    except TypeError as problem:
        captured = ", ".join(f"{key}={value!r}" for key, value in match.kwargs.items())
        return (f"The URL pattern {match.route!r} calls the view `{view_name(match.func)}` with "
                f"the request and {captured or 'nothing else'}, which it cannot take "
                f"({problem}). The view's parameters must match the names captured by the route: "
                "`<int:question_id>` needs `def view(request, question_id)`.")
    except ValueError:  # no signature to check (a built-in)
        return None
    return None


def hook_owner(hook):
    """The name of the middleware a hook (a bound method) belongs to."""
    owner = getattr(hook, "__self__", None)
    return type(owner).__name__ if owner is not None else getattr(hook, "__name__", repr(hook))


def run_hook(request, hook, *args):
    """Call one middleware hook and write it in the trace: which, of whom, and whether it
    returned a response."""
    response = hook(request, *args)
    request.trace.record("hook", hook=hook.__name__, name=hook_owner(hook),
                         returned_response=response is not None)
    return response


def log_response(request, response, error=None, message=None):
    """Log an error response once: 5xx as an error (with the traceback when there is one),
    4xx as a warning, as "Not Found: /path" (the reason phrase, or `message`, and the path).
    `extra` carries the status and the request, for handlers and filters."""
    if getattr(response, "logged", False):
        return
    level = logging.ERROR if response.status_code >= 500 else logging.WARNING
    logger.log(level, "%s: %s", message or response.reason_phrase, request.path,
               exc_info=error, extra={"status_code": response.status_code, "request": request})
    response.logged = True


class Glassbox:
    """A web application. Call `handle(request)` to get a response."""

    def __init__(self, settings=None, urls=None, middleware=None, templates=None, database=None,
                 caches=None, **overrides):
        if middleware is not None:
            overrides["MIDDLEWARE"] = middleware
        if templates is not None:
            overrides["TEMPLATES"] = templates
        self.settings = Settings(settings, **overrides)
        self.urlconf = get_resolver(urls if urls is not None else [])
        self.templates = Engine(self.settings.TEMPLATES, autoescape=self.settings.AUTOESCAPE,
                                reverse=self.reverse)
        self.database = database if database is not None else db.connection
        self.caches = caches if caches is not None else cache.caches_for_settings(self.settings)
        self.load_middleware()

    # -- building the onion -------------------------------------------------------------------

    def load_middleware(self):
        """Wrap the view-calling core in each middleware, innermost (last listed) first."""
        if not isinstance(self.settings.MIDDLEWARE, (list, tuple)):
            raise ImproperlyConfigured("MIDDLEWARE must be a list (outermost first); got "
                                       f"{self.settings.MIDDLEWARE!r}.")
        self.view_middleware = []               # process_view hooks, outermost first
        self.template_response_middleware = []  # process_template_response, innermost first
        self.exception_middleware = []          # process_exception hooks, innermost first
        handler = self.convert_exception_to_response(self.get_response)
        self.middleware_names = []
        for entry in reversed(self.settings.MIDDLEWARE):
            factory = import_string(entry) if isinstance(entry, str) else entry
            name = getattr(factory, "__name__", repr(factory))
            layer = factory(handler)
            if layer is None or not callable(layer):
                raise ImproperlyConfigured(
                    f"The middleware `{name}` returned {layer!r} when given get_response. A "
                    "middleware factory must return a function of the request (did you forget "
                    "`return middleware` at the end of it?).")
            if hasattr(layer, "process_view"):
                self.view_middleware.insert(0, layer.process_view)
            if hasattr(layer, "process_template_response"):
                self.template_response_middleware.append(layer.process_template_response)
            if hasattr(layer, "process_exception"):
                self.exception_middleware.append(layer.process_exception)
            handler = self.convert_exception_to_response(self.traced(name, layer))
            self.middleware_names.insert(0, name)
        self.middleware_chain = handler

    def traced(self, name, layer):
        """Wrap a middleware so the trace shows it going in and out, and check its answer."""

        def middleware_layer(request):
            request.trace.record("middleware", name=name, phase="in")
            stop = request.trace.timer()
            try:
                response = layer(request)
            finally:  # recorded even when the layer raised
                request.trace.record("middleware", name=name, phase="out", duration_ms=stop())
            if not isinstance(response, HttpResponse):
                raise ImproperlyConfigured(
                    f"The middleware `{name}` returned {response!r} instead of an HttpResponse. "
                    "Each middleware must return the response it got from get_response(request) "
                    "(did you forget `return response`?).")
            return response

        return middleware_layer

    def convert_exception_to_response(self, get_response):
        """Wrap a layer so an exception inside it comes out as an error response."""

        def inner(request):
            try:
                return get_response(request)
            except Exception as error:
                return self.response_for_exception(request, error)

        return inner

    # -- the request lifecycle -----------------------------------------------------------------

    def handle(self, request):
        """Run the request through the middleware and the view; return the response."""
        request.app = self
        trace = request.trace
        trace.record("request", method=request.method, path=request.path)
        stop = trace.timer()
        from glassbox.signals import request_finished, request_started

        # SQL and cache operations run by any layer go into this trace:
        with self.database.tracing(trace), self.caches.tracing(trace):
            request_started.send(type(self), trace=trace, environ=request.META)
            try:
                response = self.middleware_chain(request)
                if not getattr(response, "is_rendered", True):  # a middleware's TemplateResponse
                    response = response.render()
            finally:
                request_finished.send(type(self), trace=trace)
        if response.status_code >= 400:
            log_response(request, response)
        if response.streaming:  # its pieces are written into the trace as they leave
            response.trace = trace
        elif request.method == "HEAD":  # the headers of a GET, without its body
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        if "Location" in response.headers and 300 <= response.status_code < 400:
            trace.record("redirect", location=response["Location"], status=response.status_code)
        trace.record("response", status=response.status_code, reason=response.reason_phrase,
                     duration_ms=stop())
        response.request = request
        response.trace = trace
        return response

    def get_response(self, request):
        """The core of the onion: resolve the URL, then the hooks and the view in Django's order.

        1. `process_view` hooks, outermost middleware first; the first that returns a response
           skips the others and the view.
        2. The view. If it raises, `process_exception` hooks, innermost first; the first that
           returns a response answers instead, and if none does the exception goes on out.
        3. A response that can still be rendered (a `TemplateResponse`) meets the
           `process_template_response` hooks, innermost first, each handing on a response; then
           it is rendered, here, before any middleware sees it on the way out. An error while
           rendering is offered to the `process_exception` hooks too.
        """
        try:
            match = resolve(request.path, self.urlconf, request.trace)
        except Resolver404 as error:
            request.trace.record("url_not_found", path=request.path, tried=error.tried)
            raise
        request.resolver_match = match
        request.trace.record("url_matched", route=match.route, view=view_name(match.func),
                             kwargs={key: str(value) for key, value in match.kwargs.items()},
                             name=match.view_name)
        response = None
        for process_view in self.view_middleware:
            response = run_hook(request, process_view, match.func, match.args, match.kwargs)
            if response is not None:
                break
        if response is None:
            try:
                response = self.call_view(request, match)
            except Exception as error:
                response = self.process_exception_by_middleware(request, error)
                if response is None:  # no hook answered: the exception goes on out
                    raise
        if callable(getattr(response, "render", None)):
            for process_template_response in self.template_response_middleware:
                response = run_hook(request, process_template_response, response)
                if response is None:
                    raise ValueError(f"{hook_owner(process_template_response)}."
                                     "process_template_response returned None; it must return "
                                     "the response it was given (or another one).")
            try:
                response = response.render()
            except Exception as error:
                response = self.process_exception_by_middleware(request, error)
                if response is None:
                    raise
        return response

    def process_exception_by_middleware(self, request, error):
        """Offer the exception to each process_exception hook, innermost first: the first
        response wins. None if no hook answers; the caller then raises the exception again."""
        for process_exception in self.exception_middleware:
            response = run_hook(request, process_exception, error)
            if response is not None:
                return response
        return None

    def call_view(self, request, match):
        """Call the view with the URL's captures; insist that it returns a response."""
        name = view_name(match.func)
        stop = request.trace.timer()
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except TypeError as error:
            mismatch = argument_mismatch(match)
            if mismatch:  # the view could not even be called with these arguments
                raise TypeError(mismatch) from error
            raise
        finally:  # recorded even when the view raised
            request.trace.record("view", name=name, duration_ms=stop())
        if response is None:
            raise ValueError(f"The view `{name}` returned None; a view must return an "
                             "HttpResponse (did you forget `return`?).")
        if not isinstance(response, HttpResponse):
            raise TypeError(f"The view `{name}` returned a {type(response).__name__} "
                            f"({response!r:.60}); a view must return an HttpResponse. Wrap "
                            "text in HttpResponse(...) or data in JsonResponse(...).")
        return response

    def response_for_exception(self, request, error):
        """The response an exception turns into, recorded in the trace and logged.

        Http404 gives 404 and PermissionDenied 403, both logged as warnings (by `handle()`,
        like every 4xx). BadRequest gives 400. Anything else is a bug: 500, logged as an error
        with its traceback, and shown as the debug page only when DEBUG is on.
        """
        request.trace.record("error", kind=type(error).__name__, message=str(error),
                             where=debug.where(error))
        if isinstance(error, Http404):
            show = debug.technical_404_response if self.settings.DEBUG else debug.plain_404_response
            return show(request, error)
        if isinstance(error, PermissionDenied):
            response = HttpResponseForbidden("<h1>403 Forbidden</h1>")
            log_response(request, response, message="Forbidden (Permission denied)")
            return response
        if isinstance(error, BadRequest):
            return HttpResponseBadRequest("<h1>400 Bad Request</h1>")
        if self.settings.DEBUG:
            response = debug.technical_500_response(request, error)
        else:
            response = debug.plain_500_response(request, error)
        log_response(request, response, error)
        return response

    # -- conveniences --------------------------------------------------------------------------

    def reverse(self, viewname, args=None, kwargs=None):
        """The path of a named URL pattern.

        app.reverse("polls:detail", kwargs={"question_id": 1}) gives "/polls/1/".
        """
        return self.urlconf.reverse(viewname, args, kwargs)

    def __call__(self, environ, start_response):
        """The WSGI interface: a server calls this once per request."""
        request = HttpRequest.from_environ(environ)
        response = self.handle(request)
        start_response(f"{response.status_code} {response.reason_phrase}",
                       [(name, value) for name, value in response.header_lines()
                        if name != "Transfer-Encoding"])  # the server chooses that, not WSGI
        if response.streaming:
            return response.streaming_content
        return [response.content]

    def __repr__(self):
        return (f"<Glassbox DEBUG={self.settings.DEBUG}, {len(self.middleware_names)} middleware, "
                f"{sum(1 for _ in self.urlconf.all_patterns())} URL patterns>")
