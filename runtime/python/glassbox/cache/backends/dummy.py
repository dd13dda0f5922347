"""The dummy cache: accepts everything, keeps nothing.

Use it to switch caching off without touching the code that uses the cache: every `get()`
misses, every `set()` is forgotten. It still writes each operation into the trace, so you can
see what *would* have been cached. (Django has the same backend, for development.)

    >>> cache = DummyCache("off", {})
    >>> cache.set("answer", 42)
    >>> cache.get("answer", "missed")
    'missed'
"""

from glassbox.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class DummyCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def get(self, key, default=None, version=None):
        stored_key = self.make_and_validate_key(key, version)
        self.record("get", key, stored_key, hit=False)
        return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        stored_key = self.make_and_validate_key(key, version)
        self.record("set", key, stored_key, timeout=self.timeout_for_trace(timeout), stored=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set(key, value, timeout, version)
        return True  # as if stored: nothing was there

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        self.make_and_validate_key(key, version)
        return False

    def delete(self, key, version=None):
        self.make_and_validate_key(key, version)
        return False

    def has_key(self, key, version=None):
        self.make_and_validate_key(key, version)
        return False

    def incr(self, key, delta=1, version=None):
        self.make_and_validate_key(key, version)
        raise self.missing_key_error(key, "incr")

    def clear(self):
        pass
