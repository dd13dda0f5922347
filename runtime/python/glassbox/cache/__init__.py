"""glassbox.cache: remember answers that are expensive to compute, and know when to forget.

Caching is the other place web developers get burned: stale data, a private page served to the
wrong user, a cache that never expires. This package builds the real mechanisms, one per module:

1. `backends.base`      keys, versions, timeouts and the trace, shared by every backend
2. `backends.locmem`    a dict in memory with LRU eviction (the default backend)
3. `backends.db`        a table in SQLite; `backends.dummy` caches nothing
4. `headers`            Cache-Control, Vary, Expires: what a response tells caches about itself
5. `conditional`        ETag and Last-Modified: "has it changed?" answered with 304 Not Modified
6. `keys`               the site cache's keys, with Vary inside them
7. `middleware`         the site cache (UpdateCacheMiddleware, FetchFromCacheMiddleware)
8. `decorators`         @cache_page, @cache_control, @never_cache, @vary_on_cookie...
9. `static`             fingerprinted URLs for static files: a change is a new URL
10. `browser`           a browser's private cache, in front of the test client

The low-level API is Django's:

    >>> from glassbox import clock
    >>> cache = caches.create("example")
    >>> with clock.frozen(0):
    ...     cache.set("answer", 42, timeout=60)
    ...     _ = clock.advance(59)
    ...     at_59_seconds = cache.get("answer")
    ...     _ = clock.advance(1)
    ...     at_60_seconds = cache.get("answer")
    >>> at_59_seconds, at_60_seconds
    (42, None)

`caches["name"]` is the cache configured under that name in the CACHES setting; `cache` is
`caches["default"]`. Every operation is written into the current request's trace as a "cache"
event. There is no global "current request": while handling one, the application lends its trace
to its caches with `with app.caches.tracing(request.trace):`, as it does for the database. You
can do the same outside a request, to watch a piece of code:

    >>> from glassbox.trace import Trace
    >>> with caches.tracing(Trace()) as trace:
    ...     value = caches["default"].get("nothing-here")
    >>> [(event["op"], event["hit"]) for event in trace.of_type("cache")]
    [('get', False)]
"""

import contextlib
import importlib

from glassbox.cache.backends.base import (DEFAULT_TIMEOUT, BaseCache,  # noqa: F401
                                          CacheKeyWarning, InvalidCacheBackendError)

DEFAULT_CACHE_ALIAS = "default"


def default_caches_setting():
    from glassbox.conf import DEFAULTS

    return DEFAULTS["CACHES"]


class CacheHandler:
    """The caches of a CACHES setting, by name; each backend is created on first use.

    CACHES maps a name to a dict: BACKEND (a dotted path), and optionally LOCATION, TIMEOUT,
    KEY_PREFIX, VERSION, KEY_FUNCTION and OPTIONS (MAX_ENTRIES, CULL_FREQUENCY...).
    """

    def __init__(self, settings=None):
        self.settings = dict(default_caches_setting() if settings is None else settings)
        self.backends = {}
        self.trace = None

    def __getitem__(self, alias):
        if alias not in self.backends:
            if alias not in self.settings:
                raise InvalidCacheBackendError(
                    f"There is no cache named {alias!r}. CACHES defines "
                    f"{', '.join(map(repr, self.settings)) or 'no caches'}.")
            self.backends[alias] = self.create(alias, **self.settings[alias])
        return self.backends[alias]

    def create(self, alias, BACKEND="glassbox.cache.backends.locmem.LocMemCache", LOCATION="",
               **params):
        """A new backend (not remembered by the handler), e.g. for a test or a lesson."""
        module_path, _, name = BACKEND.rpartition(".")
        try:
            backend_class = getattr(importlib.import_module(module_path), name)
        except (ImportError, AttributeError, ValueError) as error:
            raise InvalidCacheBackendError(
                f"The cache {alias!r} has BACKEND {BACKEND!r}, which could not be imported "
                f"({error}). The backends are glassbox.cache.backends.locmem.LocMemCache, "
                "glassbox.cache.backends.db.DatabaseCache and "
                "glassbox.cache.backends.dummy.DummyCache.") from error
        backend = backend_class(LOCATION, {**params, "ALIAS": alias})
        backend.trace = self.trace
        return backend

    def all(self):
        """The backends created so far."""
        return list(self.backends.values())

    @contextlib.contextmanager
    def tracing(self, trace):
        """Write every operation of these caches into `trace` inside the `with` block."""
        previous = self.trace
        self.set_trace(trace)
        try:
            yield trace
        finally:
            self.set_trace(previous)

    def set_trace(self, trace):
        self.trace = trace
        for backend in self.backends.values():
            backend.trace = trace

    def __contains__(self, alias):
        return alias in self.settings

    def __repr__(self):
        return f"<CacheHandler {', '.join(self.settings)}>"


def caches_for_settings(settings):
    """The caches an application with these settings uses: the shared `caches` when CACHES is
    the default, else a CacheHandler of its own."""
    if settings.CACHES == default_caches_setting():
        return caches
    return CacheHandler(settings.CACHES)


# The caches of glassbox's default settings. An application whose settings leave CACHES alone
# uses these (so `from glassbox.cache import cache` in a view is the app's cache); one with its
# own CACHES gets a CacheHandler of its own, `app.caches`.
caches = CacheHandler()
cache = caches[DEFAULT_CACHE_ALIAS]
