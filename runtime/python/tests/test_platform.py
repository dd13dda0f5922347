"""The platform a learner expects: the standard modules import and behave, in both builds.

Run natively by `cargo test -p glassbox-runtime` and in headless Chromium by the browser tests.
"""

import importlib
import sys
import time
import unittest

PROMISED_MODULES = """
    os random secrets uuid time datetime logging traceback unittest json re hashlib hmac base64
    binascii urllib.parse http http.cookies email.utils html string textwrap dataclasses enum
    typing collections functools itertools operator copy pprint inspect contextlib abc weakref
    math decimal fractions statistics heapq bisect struct io zlib warnings
""".split()


class ImportsTest(unittest.TestCase):
    def test_every_promised_module_imports(self):
        for name in PROMISED_MODULES:
            with self.subTest(module=name):
                importlib.import_module(name)


class ClocksTest(unittest.TestCase):
    def test_perf_counter_is_monotonic_with_fine_resolution(self):
        readings = [time.perf_counter() for _ in range(2000)]
        self.assertEqual(readings, sorted(readings))
        steps = [b - a for a, b in zip(readings, readings[1:]) if b > a]
        self.assertTrue(steps, "perf_counter never advanced")
        self.assertLess(min(steps), 0.001, "perf_counter should resolve below a millisecond")

    def test_monotonic_advances(self):
        start = time.monotonic()
        sum(range(200_000))
        self.assertGreater(time.monotonic(), start)

    def test_wall_clock_is_now(self):
        import datetime

        # 2026-01-01 as a floor: any clock stuck at the epoch or unset fails this.
        self.assertGreater(time.time(), 1_767_225_600)
        self.assertAlmostEqual(time.time_ns() / 1e9, time.time(), delta=1.0)
        aware = datetime.datetime.now(datetime.timezone.utc)
        self.assertAlmostEqual(aware.timestamp(), time.time(), delta=1.0)
        naive = datetime.datetime.now()
        self.assertEqual(naive.tzinfo, None)
        self.assertGreaterEqual(naive.year, 2026)


class RandomnessTest(unittest.TestCase):
    def test_urandom_gives_fresh_bytes(self):
        import os

        first, second = os.urandom(32), os.urandom(32)
        self.assertEqual(len(first), 32)
        self.assertNotEqual(first, second)
        self.assertEqual(len(os.urandom(100_000)), 100_000)

    def test_secrets_random_and_uuid(self):
        import random
        import secrets
        import uuid

        self.assertEqual(len(secrets.token_hex(16)), 32)
        self.assertNotEqual(secrets.token_urlsafe(), secrets.token_urlsafe())
        self.assertEqual(uuid.uuid4().version, 4)
        self.assertIn(random.randint(1, 6), range(1, 7))
        self.assertIsInstance(random.SystemRandom().random(), float)


class StreamsTest(unittest.TestCase):
    def test_stderr_and_logging_reach_stderr(self):
        import io
        import logging

        self.assertIsNotNone(sys.stderr)
        saved = sys.stderr
        sys.stderr = captured = io.StringIO()
        try:
            print("to stderr", file=sys.stderr)
            logging.getLogger("glassbox.test").warning("a warning")
        finally:
            sys.stderr = saved
        self.assertIn("to stderr", captured.getvalue())
        self.assertIn("a warning", captured.getvalue())


class ShortUsesTest(unittest.TestCase):
    """A line or two of each promised module, so an import that half-works still fails here."""

    def test_text_and_data(self):
        import base64, binascii, copy, dataclasses, enum, html, json, pprint, re, string, struct, textwrap

        self.assertEqual(json.loads(json.dumps({"a": [1, 2]})), {"a": [1, 2]})
        self.assertEqual(re.findall(r"\d+", "a1b22"), ["1", "22"])
        self.assertEqual(base64.b64decode(base64.b64encode(b"hi")), b"hi")
        self.assertEqual(binascii.hexlify(b"\x01"), b"01")
        self.assertEqual(html.escape("<a>"), "&lt;a&gt;")
        self.assertEqual(string.Template("$x").substitute(x=1), "1")
        self.assertEqual(textwrap.dedent("  a\n  b"), "a\nb")
        self.assertEqual(struct.unpack("<I", struct.pack("<I", 7)), (7,))
        self.assertEqual(copy.deepcopy([[1]]), [[1]])
        self.assertIn("1", pprint.pformat({"a": 1}))

        @dataclasses.dataclass
        class Point:
            x: int
            y: int = 0

        self.assertEqual(Point(1), Point(1, 0))
        Color = enum.Enum("Color", "RED GREEN")
        self.assertEqual(Color.RED.name, "RED")

    def test_web_modules(self):
        import email.utils, hashlib, hmac, http, http.cookies, urllib.parse

        self.assertEqual(urllib.parse.parse_qs("a=1&a=2"), {"a": ["1", "2"]})
        self.assertEqual(http.HTTPStatus(404).phrase, "Not Found")
        cookie = http.cookies.SimpleCookie()
        cookie["session"] = "abc"
        self.assertIn("session=abc", cookie.output())
        self.assertTrue(email.utils.formatdate(0, usegmt=True).endswith("GMT"))
        self.assertEqual(hashlib.sha256(b"").hexdigest()[:8], "e3b0c442")
        self.assertEqual(len(hmac.new(b"k", b"m", "sha256").digest()), 32)

    def test_numbers_and_collections(self):
        import bisect, collections, decimal, fractions, functools, heapq, itertools, math, operator, statistics

        self.assertEqual(decimal.Decimal("0.1") + decimal.Decimal("0.2"), decimal.Decimal("0.3"))
        self.assertEqual(fractions.Fraction(1, 3) * 3, 1)
        self.assertEqual(statistics.median([3, 1, 2]), 2)
        self.assertEqual(heapq.nsmallest(2, [5, 1, 3]), [1, 3])
        self.assertEqual(bisect.bisect([1, 3, 5], 4), 2)
        self.assertEqual(math.isqrt(17), 4)
        self.assertEqual(collections.Counter("aab").most_common(1), [("a", 2)])
        self.assertEqual(functools.reduce(operator.add, [1, 2, 3]), 6)
        self.assertEqual(list(itertools.islice(itertools.count(), 3)), [0, 1, 2])

    def test_language_tools(self):
        import abc, contextlib, inspect, io, typing, warnings, weakref, zlib, traceback

        self.assertEqual(zlib.decompress(zlib.compress(b"x" * 100)), b"x" * 100)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            print("hi")
        self.assertEqual(buffer.getvalue(), "hi\n")
        self.assertIn("x", inspect.signature(lambda x: x).parameters)
        self.assertEqual(typing.get_type_hints(ShortUsesTest.annotated), {"value": int, "return": str})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.warn("careful")
        self.assertEqual(str(caught[0].message), "careful")

        class Base(abc.ABC):
            @abc.abstractmethod
            def run(self): ...

        with self.assertRaises(TypeError):
            Base()

        class Thing:
            pass

        thing = Thing()
        self.assertIs(weakref.ref(thing)(), thing)
        try:
            1 / 0
        except ZeroDivisionError:
            self.assertIn("ZeroDivisionError", traceback.format_exc())

    @staticmethod
    def annotated(value: int) -> str:
        return str(value)


class RecursionTest(unittest.TestCase):
    def test_ordinary_depth_works_and_runaway_recursion_raises(self):
        def depth(n):
            return 0 if n == 0 else 1 + depth(n - 1)

        self.assertEqual(depth(500), 500)

        def forever(n):
            return forever(n + 1)

        with self.assertRaises(RecursionError):
            forever(0)


if __name__ == "__main__":
    unittest.main()
