"""glassbox.auth.hashers: PBKDF2 password hashes in Django's format."""

import base64
import hashlib
import time
import unittest

from glassbox.auth import hashers
from glassbox.auth.hashers import (DEFAULT_ITERATIONS, check_password, is_password_usable,
                                   make_password, must_update, split_encoded)


def django_style(password, salt, iterations):
    """A hash built by hand the way Django stores one, independently of the module."""
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return "pbkdf2_sha256$%d$%s$%s" % (iterations, salt, base64.b64encode(digest).decode())


class Pbkdf2Test(unittest.TestCase):
    def test_rfc_7914_and_rfc_6070_style_vectors(self):
        # The runtime's pbkdf2_hmac (Rust) agrees with published vectors (and with OpenSSL).
        self.assertEqual(hashlib.pbkdf2_hmac("sha256", b"passwd", b"salt", 1, 64).hex(),
                         "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                         "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        self.assertEqual(hashers.pbkdf2("password", "salt", 4096).hex(),
                         "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")


class MakePasswordTest(unittest.TestCase):
    def test_format(self):
        encoded = make_password("lètmein", salt="seasalt", iterations=1000)
        # Computed with CPython's hashlib (OpenSSL): the same bytes as Django would store.
        self.assertEqual(encoded,
                         "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=")
        self.assertEqual(encoded, django_style("lètmein", "seasalt", 1000))

    def test_defaults(self):
        encoded = make_password("secret")
        parts = split_encoded(encoded)
        self.assertEqual(parts["algorithm"], "pbkdf2_sha256")
        self.assertEqual(parts["iterations"], DEFAULT_ITERATIONS)
        self.assertEqual(len(parts["salt"]), 22)
        self.assertTrue(parts["salt"].isalnum())
        self.assertEqual(len(base64.b64decode(parts["hash"])), 32)

    def test_salts_are_random(self):
        first, second = make_password("same", iterations=1), make_password("same", iterations=1)
        self.assertNotEqual(first, second)
        self.assertTrue(check_password("same", first) and check_password("same", second))

    def test_bad_arguments(self):
        with self.assertRaises(ValueError):
            make_password("x", salt="a$b")
        with self.assertRaises(ValueError):
            make_password("x", salt="")
        with self.assertRaises(ValueError):
            make_password("x", iterations=0)
        with self.assertRaises(TypeError):
            make_password(b"bytes")


class CheckPasswordTest(unittest.TestCase):
    def test_a_hash_made_by_django_itself(self):
        # Django 5.2: make_password("lètmein", salt="seasalt"), at its 1,000,000 iterations
        # (about 0.4 s here: the price of Django's count, and why ours is lower).
        encoded = "pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps="
        self.assertTrue(check_password("lètmein", encoded))
        self.assertTrue(must_update(encoded))

    def test_hashes_made_by_django_verify(self):
        for password, salt, iterations in [("lètmein", "seasalt", 1000),
                                           ("correct horse battery staple",
                                            "Qx1Vz0H3p9eW2rT5yU8iO7", 10_000),
                                           ("", "emptysalt", 1)]:
            with self.subTest(password=password):
                encoded = django_style(password, salt, iterations)
                self.assertTrue(check_password(password, encoded))
                self.assertFalse(check_password(password + "x", encoded))

    def test_wrong_passwords(self):
        encoded = make_password("Tr0ub4dor&3", iterations=10)
        for guess in ["tr0ub4dor&3", "Tr0ub4dor&", "Tr0ub4dor&3 ", "", None, 42]:
            with self.subTest(guess=guess):
                self.assertFalse(check_password(guess, encoded))
        self.assertTrue(check_password("Tr0ub4dor&3", encoded))

    def test_damaged_or_foreign_hashes_never_match(self):
        good = django_style("pw", "salt", 10)
        for encoded in [None, "", "pw", good.replace("pbkdf2_sha256", "md5"),
                        good.replace("$10$", "$ten$"), good + "$extra", good[:-4],
                        "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA",
                        "pbkdf2_sha256$ü$s$h", "pbkdf2_sha256$²$s$h", "pbkdf2_sha256$10$sälz$h"]:
            with self.subTest(encoded=encoded):
                self.assertFalse(check_password("pw", encoded))

    def test_any_text_as_salt_and_password(self):
        encoded = django_style("pässwörd 🔑", "sälz", 10)
        self.assertEqual(make_password("pässwörd 🔑", salt="sälz", iterations=10), encoded)
        self.assertTrue(check_password("pässwörd 🔑", encoded))

    def test_setter_upgrades_an_old_hash_at_login(self):
        stored = [make_password("pw", iterations=100)]
        self.assertTrue(must_update(stored[0]))
        self.assertFalse(check_password("bad", stored[0], setter=stored.append))
        self.assertEqual(len(stored), 1)  # a wrong password changes nothing
        self.assertTrue(check_password("pw", stored[0], setter=lambda pw: stored.append(
            make_password(pw))))
        self.assertEqual(len(stored), 2)
        self.assertFalse(must_update(stored[1]))
        self.assertTrue(check_password("pw", stored[1], setter=stored.append))
        self.assertEqual(len(stored), 2)  # up to date: no new hash


class UnusablePasswordTest(unittest.TestCase):
    def test_unusable(self):
        encoded = make_password(None)
        self.assertTrue(encoded.startswith("!"))
        self.assertEqual(len(encoded), 41)
        self.assertNotEqual(encoded, make_password(None))
        self.assertFalse(is_password_usable(encoded))
        self.assertFalse(is_password_usable(None))
        self.assertTrue(is_password_usable(make_password("", iterations=1)))
        for guess in ["", encoded, encoded[1:], None]:
            self.assertFalse(check_password(guess, encoded))
        self.assertFalse(must_update(encoded))


class MustUpdateTest(unittest.TestCase):
    def test_iteration_count_differs(self):
        self.assertTrue(must_update(django_style("pw", "s", DEFAULT_ITERATIONS - 1)))
        self.assertTrue(must_update("pbkdf2_sha256$1000000$s$" + "A" * 44))  # Django's count
        self.assertFalse(must_update(django_style("pw", "s", DEFAULT_ITERATIONS)))
        self.assertFalse(must_update("not a hash"))


class CostTest(unittest.TestCase):
    def test_default_cost_is_one_fast_enough_login(self):
        # Natively about 20 ms; the bound is loose so slow machines and the browser pass.
        started = time.perf_counter()
        encoded = make_password("pw")
        self.assertTrue(check_password("pw", encoded))
        self.assertLess(time.perf_counter() - started, 5.0)


if __name__ == "__main__":
    unittest.main()
