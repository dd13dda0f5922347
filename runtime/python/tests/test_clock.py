"""The virtual clock, and the modules that read time from it."""

import datetime
import time as real_time
import unittest

from glassbox import clock, signing
from glassbox.auth import jwt

MOMENT = 1_700_000_000  # 2023-11-14 22:13:20 UTC


class ClockTests(unittest.TestCase):
    def tearDown(self):
        clock.unfreeze()

    def test_real_time_by_default(self):
        self.assertFalse(clock.is_frozen())
        self.assertAlmostEqual(clock.time(), real_time.time(), delta=1.0)

    def test_freeze_stops_time_and_advance_moves_it(self):
        clock.freeze(MOMENT)
        self.assertEqual(clock.time(), MOMENT)
        self.assertEqual(clock.advance(minutes=5), MOMENT + 300)
        self.assertEqual(clock.advance(hours=1, days=1, seconds=1), MOMENT + 300 + 3600 + 86400 + 1)

    def test_now_is_aware_utc_and_matches_time(self):
        clock.freeze(MOMENT)
        self.assertEqual(clock.now(), datetime.datetime(2023, 11, 14, 22, 13, 20,
                                                        tzinfo=datetime.timezone.utc))
        self.assertIsNone(clock.utcnow_naive().tzinfo)
        self.assertEqual(clock.today(), datetime.date(2023, 11, 14))

    def test_freeze_accepts_datetimes(self):
        clock.freeze(datetime.datetime(2023, 11, 14, 22, 13, 20))  # naive means UTC
        self.assertEqual(clock.time(), MOMENT)

    def test_advance_on_a_running_clock_keeps_it_running_with_an_offset(self):
        clock.advance(hours=2)
        self.assertFalse(clock.is_frozen())
        self.assertAlmostEqual(clock.time(), real_time.time() + 7200, delta=1.0)
        self.assertEqual(clock.state()["offset_seconds"], 7200)
        clock.unfreeze()
        self.assertAlmostEqual(clock.time(), real_time.time(), delta=1.0)

    def test_frozen_block_restores_the_previous_state(self):
        clock.freeze(MOMENT)
        with clock.frozen(5):
            self.assertEqual(clock.time(), 5)
        self.assertEqual(clock.time(), MOMENT)


class ModulesFollowTheClock(unittest.TestCase):
    def tearDown(self):
        clock.unfreeze()

    def test_a_jwt_expires_when_the_clock_passes_exp(self):
        clock.freeze(MOMENT)
        token = jwt.encode({"sub": "ada", "exp": MOMENT + 60}, "key")
        self.assertEqual(jwt.decode(token, "key", algorithms=["HS256"])["sub"], "ada")
        clock.advance(seconds=61)
        with self.assertRaises(jwt.ExpiredSignatureError):
            jwt.decode(token, "key", algorithms=["HS256"])

    def test_a_signed_value_ages_with_the_clock(self):
        clock.freeze(MOMENT)
        signed = signing.dumps({"cart": 3}, key="k")
        clock.advance(minutes=10)
        with self.assertRaises(signing.SignatureExpired):
            signing.loads(signed, key="k", max_age=300)
        self.assertEqual(signing.loads(signed, key="k", max_age=3600), {"cart": 3})

    def test_auto_now_fields_read_the_clock(self):
        from glassbox.db.models.fields import DateTimeField
        clock.freeze(MOMENT)
        self.assertEqual(DateTimeField(auto_now=True).now(), datetime.datetime(2023, 11, 14, 22, 13, 20))
