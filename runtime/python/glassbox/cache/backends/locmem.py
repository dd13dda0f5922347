"""The in-memory cache: a dict in this interpreter, with a size limit.

Memory is not endless, so the cache holds at most `MAX_ENTRIES` entries (300 unless OPTIONS
says otherwise). When a new key arrives at a full cache, some entries must go: this is the
*cull*. Expired entries go first; if that is not enough, the least recently used ones go
(LRU), a `1 / CULL_FREQUENCY` share of the cache at a time (a third by default; with
CULL_FREQUENCY 0, everything). Each cull is an event in the trace, with the keys it evicted.

Which entry is least recently used? The entries live in an `OrderedDict` in the order they were
used: `set()` and a `get()` that hits move a key to the end, so the front is always the entry
that has waited longest for a reader.

    >>> cache = LocMemCache("lessons", {"OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2}})
    >>> cache.set("a", 1); cache.set("b", 2)
    >>> cache.get("a")        # "a" was just used, so "b" is now the least recent
    1
    >>> cache.set("c", 3)     # full: the cull evicts "b"
    >>> cache.get("b"), cache.get("a"), cache.get("c")
    (None, 1, 3)

Values are pickled on the way in and unpickled on the way out, so the cache holds a copy: changing
a list after `set()` does not change what `get()` returns. (Django's locmem cache does the same.)
Each backend object has its own storage: two applications with their own CACHES do not share.
"""

from collections import OrderedDict

from glassbox import clock
from glassbox.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class LocMemCache(BaseCache):
    """Entries in an OrderedDict, least recently used first; expiry times beside them."""

    def __init__(self, location, params):
        super().__init__(params)
        self.location = location
        self._cache = OrderedDict()   # stored key -> pickled value
        self._expires = {}            # stored key -> epoch seconds, or None for never

    # -- reading --------------------------------------------------------------------------------

    def _live(self, stored_key):
        """True if the entry exists and has not expired; an expired one is removed."""
        if stored_key not in self._cache:
            return False
        expires = self._expires[stored_key]
        if expires is not None and expires <= clock.time():
            self._remove(stored_key)
            return False
        return True

    def get(self, key, default=None, version=None):
        stored_key = self.make_and_validate_key(key, version)
        present = stored_key in self._cache
        if not self._live(stored_key):
            self.record("get", key, stored_key, hit=False, expired=present)
            return default
        self._cache.move_to_end(stored_key)  # just used: the last to be culled
        data = self._cache[stored_key]
        self.record("get", key, stored_key, hit=True, size=len(data),
                    expires=self._expires[stored_key])
        return self.deserialize(data)

    def has_key(self, key, version=None):
        stored_key = self.make_and_validate_key(key, version)
        found = self._live(stored_key)
        self.record("has_key", key, stored_key, hit=found)
        return found

    # -- writing --------------------------------------------------------------------------------

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        stored_key = self.make_and_validate_key(key, version)
        self._store(key, stored_key, value, timeout, "set")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Store only if the key is not there yet; True if it was stored."""
        stored_key = self.make_and_validate_key(key, version)
        if self._live(stored_key):
            self.record("add", key, stored_key, hit=True, stored=False)
            return False
        return self._store(key, stored_key, value, timeout, "add")

    def _store(self, key, stored_key, value, timeout, op):
        expires = self.get_backend_timeout(timeout)
        if timeout == 0:  # "do not cache": and forget what was there
            self._remove(stored_key)
            self.record(op, key, stored_key, timeout=0, stored=False)
            return False
        data = self.serialize(value)
        if stored_key not in self._cache and len(self._cache) >= self.max_entries:
            self._cull()
        self._cache[stored_key] = data
        self._cache.move_to_end(stored_key)
        self._expires[stored_key] = expires
        self.record(op, key, stored_key, size=len(data), expires=expires,
                    timeout=self.timeout_for_trace(timeout), stored=True)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        """Give an entry a new timeout, counted from now; True if the key was there."""
        stored_key = self.make_and_validate_key(key, version)
        if not self._live(stored_key):
            self.record("touch", key, stored_key, hit=False)
            return False
        self._expires[stored_key] = self.get_backend_timeout(timeout)
        self._cache.move_to_end(stored_key)
        self.record("touch", key, stored_key, hit=True, expires=self._expires[stored_key],
                    timeout=self.timeout_for_trace(timeout))
        return True

    def incr(self, key, delta=1, version=None):
        """Add `delta` to a stored number, keeping its expiry; returns the new value."""
        stored_key = self.make_and_validate_key(key, version)
        if not self._live(stored_key):
            self.record("incr", key, stored_key, hit=False)
            raise self.missing_key_error(key, "incr")
        value = self.deserialize(self._cache[stored_key]) + delta
        self._cache[stored_key] = self.serialize(value)
        self._cache.move_to_end(stored_key)
        self.record("incr", key, stored_key, hit=True, expires=self._expires[stored_key],
                    delta=delta)
        return value

    def delete(self, key, version=None):
        """Remove the key; True if it was there."""
        stored_key = self.make_and_validate_key(key, version)
        found = self._live(stored_key)
        self._remove(stored_key)
        self.record("delete", key, stored_key, hit=found)
        return found

    def clear(self):
        count = len(self._cache)
        self._cache.clear()
        self._expires.clear()
        self.record("clear", None, evicted=count)

    def _remove(self, stored_key):
        self._cache.pop(stored_key, None)
        self._expires.pop(stored_key, None)

    # -- making room ----------------------------------------------------------------------------

    def _cull(self):
        """The cache is full: drop the expired entries, then the least recently used."""
        now = clock.time()
        expired = [stored_key for stored_key, expires in self._expires.items()
                   if expires is not None and expires <= now]
        for stored_key in expired:
            self._remove(stored_key)
        evicted = []
        if len(self._cache) >= self.max_entries:
            if self.cull_frequency == 0:
                evicted = list(self._cache)
            else:
                count = max(1, len(self._cache) // self.cull_frequency)
                evicted = list(self._cache)[:count]  # the front: least recently used
            for stored_key in evicted:
                self._remove(stored_key)
        self.record("cull", None, expired=expired, evicted=evicted,
                    max_entries=self.max_entries)

    def keys(self):
        """The stored keys, least recently used first (for the inspector and lessons)."""
        return list(self._cache)

    def __repr__(self):
        return f"<LocMemCache {self.alias!r}: {len(self._cache)} of {self.max_entries} entries>"
