"""glassbox.signing: salted HMAC signatures, timestamps, and signed JSON."""

import base64
import datetime
import hashlib
import hmac
import json
import unittest

from glassbox import signing
from glassbox.signing import BadSignature, Signer, SignatureExpired, TimestampSigner

KEY = "test-secret"
NOW = 1_700_000_000


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class ClockTest(unittest.TestCase):
    def setUp(self):
        self.real_now = signing.now
        self.time = NOW
        signing.now = lambda: self.time

    def tearDown(self):
        signing.now = self.real_now


class SignerTest(unittest.TestCase):
    def test_round_trip(self):
        signer = Signer(KEY)
        for value in ["user=42", "", "Zoë: 🦉", "a:b:c"]:
            with self.subTest(value=value):
                signed = signer.sign(value)
                self.assertTrue(signed.startswith(value + ":"))
                self.assertEqual(signer.unsign(signed), value)

    def test_signature_computed_independently(self):
        derived = hmac.new(KEY.encode(), b"my-salt" + b"signer", hashlib.sha256).digest()
        expected = b64url(hmac.new(derived, b"hello", hashlib.sha256).digest())
        self.assertEqual(Signer(KEY, salt="my-salt").sign("hello"), f"hello:{expected}")
        self.assertEqual(len(expected), 43)  # 32 bytes in base64, no padding

    def test_tampering_is_detected(self):
        signer = Signer(KEY)
        signed = signer.sign("user=42")
        value, signature = signed.split(":")
        forged = ["user=1:" + signature, value + ":" + signature[:-1], value + ":",
                  value + ":" + signature + "x", value, "", "user=42:ünïcode"]
        for text in forged:
            with self.subTest(text=text), self.assertRaises(BadSignature):
                signer.unsign(text)

    def test_another_key_or_salt_does_not_verify(self):
        signed = Signer(KEY, salt="cookies").sign("ada")
        for signer in [Signer("other", salt="cookies"), Signer(KEY, salt="emails"), Signer(KEY)]:
            with self.subTest(salt=signer.salt), self.assertRaises(BadSignature):
                signer.unsign(signed)
        self.assertEqual(Signer(KEY, salt="cookies").unsign(signed), "ada")

    def test_salt_and_key_are_not_simply_concatenated(self):
        # "ab" + "c" and "a" + "bc" must not give the same key: the key is the HMAC key.
        self.assertNotEqual(Signer("key", salt="ab").sign("x"), Signer("keyab", salt="").sign("x"))

    def test_separator(self):
        signer = Signer(KEY, separator="/")
        signed = signer.sign("value")
        self.assertIn("value/", signed)
        self.assertEqual(signer.unsign(signed), "value")
        for separator in ["a", "-", "_", "=", "1"]:
            with self.subTest(separator=separator), self.assertRaises(ValueError):
                Signer(KEY, separator=separator)

    def test_key_is_required(self):
        with self.assertRaises(ValueError):
            Signer("")
        with self.assertRaises(ValueError):
            Signer(None)
        self.assertEqual(Signer(b"bytes key").unsign(Signer("bytes key").sign("x")), "x")

    def test_objects(self):
        signer = Signer(KEY)
        signed = signer.sign_object({"user": 42, "roles": ["a"]})
        self.assertEqual(signer.unsign_object(signed), {"user": 42, "roles": ["a"]})
        packed = signed.split(":")[0]
        self.assertEqual(json.loads(base64.urlsafe_b64decode(packed + "==")),
                         {"user": 42, "roles": ["a"]})


class TimestampSignerTest(ClockTest):
    def test_format_is_value_timestamp_signature(self):
        signed = TimestampSigner(KEY).sign("ada")
        value, timestamp, signature = signed.split(":")
        self.assertEqual((value, timestamp), ("ada", str(NOW)))
        self.assertEqual(Signer(KEY).unsign(signed), f"ada:{NOW}")  # the stamp is signed too

    def test_max_age(self):
        signer = TimestampSigner(KEY)
        signed = signer.sign("ada")
        self.time = NOW + 100
        self.assertEqual(signer.unsign(signed), "ada")
        self.assertEqual(signer.unsign(signed, max_age=100), "ada")
        self.assertEqual(signer.unsign(signed, max_age=datetime.timedelta(minutes=2)), "ada")
        with self.assertRaises(SignatureExpired) as caught:
            signer.unsign(signed, max_age=99)
        self.assertIn("100", str(caught.exception))
        self.assertTrue(issubclass(SignatureExpired, BadSignature))

    def test_changing_the_timestamp_breaks_the_signature(self):
        signer = TimestampSigner(KEY)
        value, timestamp, signature = signer.sign("ada").split(":")
        with self.assertRaises(BadSignature):
            signer.unsign(f"{value}:{NOW + 10_000}:{signature}", max_age=10)

    def test_a_plain_signature_is_not_a_timestamped_one(self):
        with self.assertRaises(BadSignature):
            TimestampSigner(KEY).unsign(Signer(KEY).sign("ada"))
        with self.assertRaises(BadSignature):
            TimestampSigner(KEY).unsign(Signer(KEY).sign("ada:soon"))

    def test_real_clock(self):
        signing.now = self.real_now
        signer = TimestampSigner(KEY)
        self.assertEqual(signer.unsign(signer.sign("x"), max_age=60), "x")


class DumpsLoadsTest(ClockTest):
    def test_round_trip(self):
        for obj in [{"cart": [1, 2]}, [1, "two", None], "text", 3.5, True, {"ü": "🦉"}]:
            with self.subTest(obj=obj):
                self.assertEqual(signing.loads(signing.dumps(obj, KEY), KEY), obj)

    def test_url_safe(self):
        text = signing.dumps({"next": "/a?b=c&d=e", "bytes": "\xff" * 20}, KEY)
        allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:")
        self.assertLessEqual(set(text), allowed)

    def test_salt_key_and_age(self):
        text = signing.dumps({"user": 1}, KEY, salt="reset")
        with self.assertRaises(BadSignature):
            signing.loads(text, KEY)
        with self.assertRaises(BadSignature):
            signing.loads(text, "other", salt="reset")
        self.time = NOW + 86_401
        self.assertEqual(signing.loads(text, KEY, salt="reset"), {"user": 1})
        with self.assertRaises(SignatureExpired):
            signing.loads(text, KEY, salt="reset", max_age=86_400)

    def test_tampered_content(self):
        packed, timestamp, signature = signing.dumps({"admin": False}, KEY).split(":")
        forged = b64url(json.dumps({"admin": True}).encode())
        with self.assertRaises(BadSignature):
            signing.loads(f"{forged}:{timestamp}:{signature}", KEY)


if __name__ == "__main__":
    unittest.main()
