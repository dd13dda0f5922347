"""What every cache backend has in common: keys, timeouts, versions, and the trace.

A backend stores values under keys for a while. The backends differ in *where* (a dict in
memory, a table in SQLite, nowhere at all); this base class holds everything else:

- **Keys.** The key you give is not the key stored. `make_key("home")` adds the cache's
  `KEY_PREFIX` and a version number: `"site:1:home"`. Two sites can share one cache with
  different prefixes, and bumping `VERSION` makes every old entry unreachable at once.
- **Key checks.** memcached, the classic cache server, refuses keys longer than 250 characters
  or containing spaces and control characters. glassbox's backends would accept them, which is
  how code that works on your laptop fails in production; so they warn (`CacheKeyWarning`).
- **Timeouts.** `timeout` is in seconds from now (read from `glassbox.clock`, so a lesson can
  move time forward). `None` means "forever", `0` means "do not cache at all", and leaving it
  out means the cache's `TIMEOUT` (300 seconds unless configured).
- **The trace.** Every operation is written into the current request's trace as an event of
  type "cache" (see `record()`), when there is one: the application lends its trace to the
  caches for the length of a request (`CacheHandler.tracing`), as it does for the database.

A backend implements `get`, `set`, `add`, `delete`, `touch`, `clear`, `has_key`, `incr`; the
rest (`get_many`, `get_or_set`, `decr`, versions...) is written here in terms of those.
"""

import contextlib
import pickle
import warnings

from glassbox import clock
from glassbox.exceptions import ImproperlyConfigured


class CacheKeyWarning(RuntimeWarning):
    """A key this cache accepts but memcached would refuse: fix it before you deploy."""


class InvalidCacheBackendError(ImproperlyConfigured):
    """CACHES names a backend or alias that does not exist."""


# "Use the cache's own TIMEOUT": a marker, because None already means "forever".
DEFAULT_TIMEOUT = object()

MEMCACHE_MAX_KEY_LENGTH = 250


def default_key_func(key, key_prefix, version):
    """The stored key: prefix, version and your key, joined by colons.

    >>> default_key_func("home", "site", 1)
    'site:1:home'
    """
    return f"{key_prefix}:{version}:{key}"


def memcache_key_warnings(key):
    """Why memcached would refuse `key` (a list of sentences; empty when it is fine).

    >>> memcache_key_warnings("a key")
    ["The cache key 'a key' contains ' ' (character 32); memcached refuses spaces and control characters."]
    """
    problems = []
    if len(key) > MEMCACHE_MAX_KEY_LENGTH:
        problems.append(f"The cache key {key[:40]!r}... is {len(key)} characters long; memcached "
                        f"refuses keys longer than {MEMCACHE_MAX_KEY_LENGTH}. Hash the long "
                        "part (hashlib.md5(text.encode()).hexdigest()).")
    for character in key:
        if ord(character) < 33 or ord(character) == 127:
            problems.append(f"The cache key {key!r} contains {character!r} (character "
                            f"{ord(character)}); memcached refuses spaces and control characters.")
            break
    return problems


class BaseCache:
    """The shared behaviour of all backends. `params` is the backend's entry in CACHES."""

    def __init__(self, params):
        timeout = params.get("TIMEOUT", 300)
        if timeout is not None and (not isinstance(timeout, (int, float)) or timeout < 0):
            raise ImproperlyConfigured(f"The cache TIMEOUT must be a number of seconds, or None "
                                       f"for 'forever'; got {timeout!r}.")
        self.default_timeout = timeout
        options = params.get("OPTIONS", {})
        self.max_entries = int(options.get("MAX_ENTRIES", 300))
        self.cull_frequency = int(options.get("CULL_FREQUENCY", 3))
        self.key_prefix = params.get("KEY_PREFIX", "")
        self.version = params.get("VERSION", 1)
        self.key_func = params.get("KEY_FUNCTION", default_key_func)
        self.alias = params.get("ALIAS", "default")  # its name in CACHES, for the trace
        self.trace = None              # the current request's trace, lent by CacheHandler
        self.current_layer = "low-level"

    # -- keys and timeouts ----------------------------------------------------------------------

    def make_key(self, key, version=None):
        """The key as stored: `KEY_PREFIX:version:key` (or what KEY_FUNCTION makes of it)."""
        return self.key_func(key, self.key_prefix, self.version if version is None else version)

    def validate_key(self, key):
        """Warn (CacheKeyWarning) about a key memcached would refuse; return the problems."""
        problems = memcache_key_warnings(key)
        for problem in problems:
            warnings.warn(problem, CacheKeyWarning, stacklevel=4)
        return problems

    def make_and_validate_key(self, key, version=None):
        if not isinstance(key, str):
            raise TypeError(f"A cache key must be a str, not {type(key).__name__} ({key!r}); "
                            "build one with an f-string, e.g. f\"question:{question.id}\".")
        full_key = self.make_key(key, version)
        self.validate_key(full_key)
        return full_key

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        """When an entry set now with `timeout` expires: epoch seconds, or None for never.

        >>> cache = BaseCache({"TIMEOUT": 60})
        >>> with clock.frozen(1000):
        ...     expiries = cache.get_backend_timeout(), cache.get_backend_timeout(None)
        >>> expiries
        (1060.0, None)
        """
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if timeout is None:
            return None
        return clock.time() + timeout

    @staticmethod
    def serialize(value):
        """Values are stored pickled: the cache keeps a copy, not the object you still hold."""
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def deserialize(data):
        return pickle.loads(data)

    # -- the trace ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def as_layer(self, layer):
        """Label the operations inside the block with `layer` ("view cache", "site cache")."""
        previous, self.current_layer = self.current_layer, layer
        try:
            yield self
        finally:
            self.current_layer = previous

    def record(self, op, key, stored_key=None, hit=None, size=None, expires=None, timeout=None,
               **extra):
        """Write one operation into the trace (if a request lent us one). `expires` (epoch
        seconds, or None for never) becomes `time_left`, as the virtual clock sees it."""
        if self.trace is None:
            return None
        time_left = None if expires is None else round(expires - clock.time(), 3)
        event = self.trace.record("cache", layer=self.current_layer, cache=self.alias, op=op,
                                  key=key, stored_key=stored_key, hit=hit, size=size,
                                  timeout=timeout, time_left=time_left, **extra)
        problems = memcache_key_warnings(stored_key or key) if (stored_key or key) else []
        if problems:
            event["warning"] = problems[0]
        return event

    def timeout_for_trace(self, timeout):
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout

    # -- what each backend implements -----------------------------------------------------------

    def get(self, key, default=None, version=None):
        raise NotImplementedError(f"{type(self).__name__} must define get()")

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        raise NotImplementedError(f"{type(self).__name__} must define set()")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        raise NotImplementedError(f"{type(self).__name__} must define add()")

    def delete(self, key, version=None):
        raise NotImplementedError(f"{type(self).__name__} must define delete()")

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        raise NotImplementedError(f"{type(self).__name__} must define touch()")

    def has_key(self, key, version=None):
        raise NotImplementedError(f"{type(self).__name__} must define has_key()")

    def incr(self, key, delta=1, version=None):
        raise NotImplementedError(f"{type(self).__name__} must define incr()")

    def clear(self):
        raise NotImplementedError(f"{type(self).__name__} must define clear()")

    # -- built from those -----------------------------------------------------------------------

    def decr(self, key, delta=1, version=None):
        """Subtract `delta` from a stored number; ValueError if the key is missing."""
        return self.incr(key, -delta, version=version)

    def get_many(self, keys, version=None):
        """A dict of the keys that were found (missing ones are left out)."""
        missing = object()
        found = {}
        for key in keys:
            value = self.get(key, missing, version=version)
            if value is not missing:
                found[key] = value
        return found

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """Set every key of the dict `data`; returns the keys that could not be stored ([])."""
        for key, value in data.items():
            self.set(key, value, timeout=timeout, version=version)
        return []

    def delete_many(self, keys, version=None):
        for key in keys:
            self.delete(key, version=version)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        """The cached value; on a miss, store `default` (called first if it is callable).

        The usual way to cache something expensive:
            stats = cache.get_or_set("stats", compute_stats, 60)
        """
        missing = object()
        value = self.get(key, missing, version=version)
        if value is missing:
            value = default() if callable(default) else default
            if value is not None:
                self.add(key, value, timeout=timeout, version=version)
                # Another writer may have won the add(); what the cache holds is the answer.
                value = self.get(key, value, version=version)
        return value

    def incr_version(self, key, delta=1, version=None):
        """Move the entry to version + delta (the old version is deleted); returns the new
        version. ValueError if the key is missing."""
        version = self.version if version is None else version
        missing = object()
        value = self.get(key, missing, version=version)
        if value is missing:
            raise ValueError(f"incr_version(): the key {key!r} (version {version}) is not in the "
                             "cache, so there is nothing to move to a new version.")
        self.set(key, value, version=version + delta)
        self.delete(key, version=version)
        return version + delta

    def decr_version(self, key, delta=1, version=None):
        return self.incr_version(key, -delta, version)

    def missing_key_error(self, key, operation):
        return ValueError(f"{operation}() needs a key that is in the cache, and {key!r} is not "
                          "(or it expired). Store a number first with set() or add().")

    def __contains__(self, key):
        return self.has_key(key)

    def __repr__(self):
        return f"<{type(self).__name__} {self.alias!r}>"
