"""glassbox.cache backends: the low-level API, expiry on the virtual clock, LRU, versions."""

import unittest
import warnings

from glassbox import clock
from glassbox.cache import CacheHandler, CacheKeyWarning, InvalidCacheBackendError, caches
from glassbox.cache.backends.db import DatabaseCache, create_cache_table
from glassbox.cache.backends.dummy import DummyCache
from glassbox.cache.backends.locmem import LocMemCache
from glassbox.db import Connection
from glassbox.exceptions import ImproperlyConfigured
from glassbox.trace import Trace


class BackendContract:
    """The behaviour every storing backend shares; `make_cache(**params)` gives a fresh one."""

    def setUp(self):
        clock.freeze(1_700_000_000)
        self.addCleanup(clock.unfreeze)
        self.cache = self.make_cache()

    def test_set_get_and_default(self):
        self.cache.set("answer", {"value": 42})
        self.assertEqual(self.cache.get("answer"), {"value": 42})
        self.assertIsNone(self.cache.get("question"))
        self.assertEqual(self.cache.get("question", "none"), "none")

    def test_expiry_at_the_exact_second(self):
        self.cache.set("answer", 42, timeout=10)
        clock.advance(9.999)
        self.assertEqual(self.cache.get("answer"), 42)
        clock.advance(0.001)
        self.assertIsNone(self.cache.get("answer"), "at 10 seconds the entry has expired")

    def test_default_timeout_none_forever_and_zero(self):
        cache = self.make_cache(TIMEOUT=60)
        cache.set("default", 1)
        cache.set("forever", 2, timeout=None)
        cache.set("never", 3, timeout=0)
        self.assertIsNone(cache.get("never"), "timeout=0 means: do not cache")
        clock.advance(60)
        self.assertIsNone(cache.get("default"))
        clock.advance(10 ** 8)
        self.assertEqual(cache.get("forever"), 2)

    def test_timeout_zero_forgets_the_old_value(self):
        self.cache.set("key", "old")
        self.cache.set("key", "new", timeout=0)
        self.assertIsNone(self.cache.get("key"))

    def test_add_only_when_absent_or_expired(self):
        self.assertTrue(self.cache.add("key", "first", timeout=5))
        self.assertFalse(self.cache.add("key", "second"))
        self.assertEqual(self.cache.get("key"), "first")
        clock.advance(5)
        self.assertTrue(self.cache.add("key", "third"))
        self.assertEqual(self.cache.get("key"), "third")

    def test_delete_has_key_and_clear(self):
        self.cache.set_many({"a": 1, "b": 2})
        self.assertTrue(self.cache.has_key("a"))
        self.assertTrue(self.cache.delete("a"))
        self.assertFalse(self.cache.delete("a"))
        self.assertFalse(self.cache.has_key("a"))
        self.cache.clear()
        self.assertIsNone(self.cache.get("b"))

    def test_get_many_leaves_missing_keys_out(self):
        self.cache.set_many({"a": 1, "b": None})
        self.assertEqual(self.cache.get_many(["a", "b", "c"]), {"a": 1, "b": None})
        self.cache.delete_many(["a", "b"])
        self.assertEqual(self.cache.get_many(["a", "b"]), {})

    def test_get_or_set_calls_the_default_only_on_a_miss(self):
        calls = []

        def compute():
            calls.append(1)
            return len(calls)

        self.assertEqual(self.cache.get_or_set("stats", compute, 30), 1)
        self.assertEqual(self.cache.get_or_set("stats", compute, 30), 1)
        clock.advance(30)
        self.assertEqual(self.cache.get_or_set("stats", compute, 30), 2)
        self.assertEqual(len(calls), 2)

    def test_incr_decr_keep_the_expiry(self):
        self.cache.set("hits", 10, timeout=20)
        clock.advance(15)
        self.assertEqual(self.cache.incr("hits"), 11)
        self.assertEqual(self.cache.decr("hits", 5), 6)
        clock.advance(5)
        self.assertIsNone(self.cache.get("hits"), "incr must not push the expiry back")
        with self.assertRaisesRegex(ValueError, "'hits'.*not"):
            self.cache.incr("hits")

    def test_touch_sets_a_new_timeout_from_now(self):
        self.cache.set("key", 1, timeout=10)
        clock.advance(8)
        self.assertTrue(self.cache.touch("key", 10))
        clock.advance(8)
        self.assertEqual(self.cache.get("key"), 1)
        self.assertFalse(self.cache.touch("missing"))

    def test_versions_are_separate_entries(self):
        self.cache.set("key", "v1")
        self.cache.set("key", "v2", version=2)
        self.assertEqual(self.cache.get("key"), "v1")
        self.assertEqual(self.cache.get("key", version=2), "v2")
        self.assertEqual(self.cache.incr_version("key", version=2), 3)
        self.assertIsNone(self.cache.get("key", version=2))
        self.assertEqual(self.cache.get("key", version=3), "v2")
        with self.assertRaises(ValueError):
            self.cache.incr_version("missing")

    def test_cache_version_setting_hides_old_entries(self):
        old = self.make_cache(VERSION=1)
        old.set("key", "from version 1")
        self.assertEqual(old.make_key("key"), ":1:key")
        new = self.make_cache(VERSION=2)
        self.assertEqual(new.make_key("key"), ":2:key")

    def test_key_prefix_is_part_of_the_stored_key(self):
        cache = self.make_cache(KEY_PREFIX="site")
        self.assertEqual(cache.make_key("home"), "site:1:home")
        self.assertEqual(cache.make_key("home", version=7), "site:7:home")

    def test_stored_values_are_copies(self):
        shopping = ["eggs"]
        self.cache.set("list", shopping)
        shopping.append("milk")
        self.assertEqual(self.cache.get("list"), ["eggs"])

    def test_keys_memcached_would_refuse_give_a_warning(self):
        for key in ["with space", "x" * 260, "tab\there"]:
            with self.assertWarns(CacheKeyWarning):
                self.cache.set(key, 1)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            self.cache.set("fine:key-1", 1)

    def test_a_key_must_be_a_string(self):
        with self.assertRaisesRegex(TypeError, "must be a str"):
            self.cache.get(42)

    def test_operations_are_traced_with_time_left(self):
        trace = Trace()
        self.cache.trace = trace
        self.cache.set("answer", 42, timeout=60)
        clock.advance(20)
        self.cache.get("answer")
        self.cache.get("missing")
        stored, hit, miss = trace.of_type("cache")
        self.assertEqual((stored["op"], stored["timeout"], stored["time_left"]), ("set", 60, 60.0))
        self.assertGreater(stored["size"], 0)
        self.assertEqual((hit["op"], hit["hit"], hit["time_left"], hit["layer"]),
                         ("get", True, 40.0, "low-level"))
        self.assertEqual((miss["hit"], miss["key"], miss["stored_key"]),
                         (False, "missing", ":1:missing"))


class LocMemCacheTest(BackendContract, unittest.TestCase):
    def make_cache(self, **params):
        return LocMemCache("test", params)

    def test_lru_order_under_max_entries(self):
        cache = self.make_cache(OPTIONS={"MAX_ENTRIES": 3, "CULL_FREQUENCY": 3})
        for key in "abc":
            cache.set(key, key)
        cache.get("a")           # a is now the most recent; b the least
        cache.set("d", "d")      # full: one third (one entry) goes, the least recent
        self.assertEqual(cache.keys(), [":1:c", ":1:a", ":1:d"])
        self.assertIsNone(cache.get("b"))
        cache.set("c", "again")  # set counts as a use
        cache.set("e", "e")
        self.assertIsNone(cache.get("a"))
        self.assertEqual(cache.get("c"), "again")

    def test_cull_drops_expired_entries_first_and_is_traced(self):
        cache = self.make_cache(OPTIONS={"MAX_ENTRIES": 3})
        cache.trace = Trace()
        cache.set("short", 1, timeout=5)
        cache.set("long1", 2)
        cache.set("long2", 3)
        clock.advance(5)
        cache.set("new", 4)
        cull, = [event for event in cache.trace.of_type("cache") if event["op"] == "cull"]
        self.assertEqual((cull["expired"], cull["evicted"]), ([":1:short"], []))
        self.assertEqual(cache.get("long1"), 2)

    def test_cull_frequency_zero_empties_the_cache(self):
        cache = self.make_cache(OPTIONS={"MAX_ENTRIES": 2, "CULL_FREQUENCY": 0})
        cache.set("a", 1)
        cache.set("b", 2)
        cache.set("c", 3)
        self.assertEqual(cache.keys(), [":1:c"])


class DatabaseCacheTest(BackendContract, unittest.TestCase):
    def make_cache(self, **params):
        if not hasattr(self, "database"):
            self.database = Connection(":memory:")
            create_cache_table(self.database)
        options = {"DATABASE": self.database, **params.pop("OPTIONS", {})}
        cache = DatabaseCache("glassbox_cache", {**params, "OPTIONS": options})
        cache.clear()
        return cache

    def test_entries_are_rows(self):
        self.cache.set("answer", 42, timeout=60)
        rows = self.database.execute('SELECT "cache_key", "expires" FROM "glassbox_cache"')
        self.assertEqual(rows.fetchall(), [(":1:answer", 1_700_000_060.0)])

    def test_a_missing_table_says_how_to_make_it(self):
        cache = DatabaseCache("no_table", {"OPTIONS": {"DATABASE": Connection(":memory:")}})
        with self.assertRaisesRegex(ImproperlyConfigured, "create_cache_table"):
            cache.get("key")

    def test_cull_deletes_expired_rows_then_those_closest_to_expiry(self):
        cache = self.make_cache(OPTIONS={"MAX_ENTRIES": 3, "CULL_FREQUENCY": 3})
        cache.set("forever", 1, timeout=None)
        cache.set("soon", 2, timeout=10)
        cache.set("later", 3, timeout=100)
        cache.set("new", 4, timeout=50)
        self.assertIsNone(cache.get("soon"))
        self.assertEqual([cache.get(key) for key in ("forever", "later", "new")], [1, 3, 4])


class DummyCacheTest(unittest.TestCase):
    def test_keeps_nothing_but_traces(self):
        cache = DummyCache("", {})
        cache.trace = Trace()
        cache.set("key", 1)
        self.assertIsNone(cache.get("key"))
        self.assertTrue(cache.add("key", 1))
        with self.assertRaises(ValueError):
            cache.incr("key")
        self.assertEqual([event["op"] for event in cache.trace.of_type("cache")],
                         ["set", "get", "set"])


class CacheHandlerTest(unittest.TestCase):
    def test_aliases_and_errors(self):
        handler = CacheHandler({"default": {"BACKEND": "glassbox.cache.backends.locmem.LocMemCache"},
                                "off": {"BACKEND": "glassbox.cache.backends.dummy.DummyCache"}})
        self.assertIsInstance(handler["off"], DummyCache)
        self.assertIs(handler["default"], handler["default"])
        with self.assertRaisesRegex(InvalidCacheBackendError, "no cache named 'other'"):
            handler["other"]
        broken = CacheHandler({"default": {"BACKEND": "glassbox.cache.backends.redis.Redis"}})
        with self.assertRaisesRegex(InvalidCacheBackendError, "could not be imported"):
            broken["default"]

    def test_tracing_lends_the_trace_and_takes_it_back(self):
        handler = CacheHandler()
        existing = handler["default"]
        with handler.tracing(Trace()) as trace:
            existing.get("a")
            self.assertIs(existing.trace, trace)
        self.assertIsNone(existing.trace)
        self.assertEqual(len(trace.of_type("cache")), 1)

    def test_the_default_caches_are_configured_by_settings(self):
        self.assertIsInstance(caches["default"], LocMemCache)


if __name__ == "__main__":
    unittest.main()
