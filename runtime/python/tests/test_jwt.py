"""glassbox.auth.jwt: HMAC-signed JSON Web Tokens, and the attacks the careful decoder refuses."""

import base64
import datetime
import hashlib
import hmac
import json
import unittest

from glassbox.auth import insecure_jwt, jwt

# The example on jwt.io, made by another implementation: it must verify here unchanged.
JWT_IO_TOKEN = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
JWT_IO_SECRET = "your-256-bit-secret"

# RFC 7515, appendix A.1: a header and payload with spaces and CR LF in their JSON, so the
# signature must be checked over the bytes as sent, not over re-encoded JSON.
RFC_TOKEN = ("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
             ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl"
             "LmNvbS9pc19yb290Ijp0cnVlfQ"
             ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
RFC_KEY = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"

# Made by PyJWT 2.15.1: jwt.encode({"sub": "ada", "aud": ["shop", "blog"], "iss":
# "https://login.example", "exp": 1700000060, "name": "Zoë"}, PYJWT_KEY, algorithm=...,
# headers={"kid": "2024"}). The payload part is the same for both sizes.
PYJWT_KEY = "a-key-that-is-long-enough-for-sha-512-signatures-0123456789abcdef"
PYJWT_PAYLOAD = ("eyJzdWIiOiJhZGEiLCJhdWQiOlsic2hvcCIsImJsb2ciXSwiaXNzIjoiaHR0cHM6Ly9sb2dpbi5l"
                 "eGFtcGxlIiwiZXhwIjoxNzAwMDAwMDYwLCJuYW1lIjoiWm9cdTAwZWIifQ")
PYJWT_TOKENS = {
    "HS384": ("eyJhbGciOiJIUzM4NCIsImtpZCI6IjIwMjQiLCJ0eXAiOiJKV1QifQ." + PYJWT_PAYLOAD
              + ".IWVKOK1mI_YhJNoV9JsA8DAEuIQbQrXWo3h5KToUMQINKXSBiwEO0ZR-VsZ23GVO"),
    "HS512": ("eyJhbGciOiJIUzUxMiIsImtpZCI6IjIwMjQiLCJ0eXAiOiJKV1QifQ." + PYJWT_PAYLOAD
              + ".XXi-tBpnXh93TnNSvNTUUEb5Y1jZiO3V-WaWXAbL0Lbc21wEupe2LGj6ahopM5ZFBz-MRMxJY8af2XBJ"
              "6SDwZQ"),
}

KEY = "test-secret-key"
NOW = 1_700_000_000


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def by_hand(header, payload, key, digest=hashlib.sha256):
    """A token built step by step from the RFC, independently of the module under test."""
    first = b64url(json.dumps(header, separators=(",", ":")).encode())
    second = b64url(json.dumps(payload, separators=(",", ":")).encode())
    signature = hmac.new(key.encode(), f"{first}.{second}".encode(), digest).digest()
    return f"{first}.{second}.{b64url(signature)}"


def tamper(token, **changes):
    """The same token with its payload edited and the old signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    return f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"


class FrozenClockTest(unittest.TestCase):
    """Tests that set the module's clock to NOW and put the real one back afterwards."""

    def setUp(self):
        self.real_now = jwt.now
        jwt.now = lambda: NOW

    def tearDown(self):
        jwt.now = self.real_now

    def decode(self, token, **arguments):
        arguments.setdefault("algorithms", ["HS256"])
        return jwt.decode(token, KEY, **arguments)


class InteroperabilityTest(FrozenClockTest):
    def test_jwt_io_example_verifies(self):
        payload = jwt.decode(JWT_IO_TOKEN, JWT_IO_SECRET, algorithms=["HS256"])
        self.assertEqual(payload, {"sub": "1234567890", "name": "John Doe", "iat": 1516239022})

    def test_encode_reproduces_the_jwt_io_example_byte_for_byte(self):
        token = jwt.encode({"sub": "1234567890", "name": "John Doe", "iat": 1516239022},
                           JWT_IO_SECRET)
        self.assertEqual(token, JWT_IO_TOKEN)

    def test_tokens_made_by_pyjwt_verify_and_are_reproduced(self):
        claims = {"sub": "ada", "aud": ["shop", "blog"], "iss": "https://login.example",
                  "exp": 1700000060, "name": "Zoë"}
        for algorithm, token in PYJWT_TOKENS.items():
            with self.subTest(algorithm=algorithm):
                payload = jwt.decode(token, PYJWT_KEY, algorithms=[algorithm], audience="blog",
                                     issuer="https://login.example")
                self.assertEqual(payload, claims)
                self.assertEqual(jwt.encode(claims, PYJWT_KEY, algorithm, {"kid": "2024"}), token)
                with self.assertRaises(jwt.InvalidSignatureError):
                    jwt.decode(token, PYJWT_KEY[:-1], algorithms=[algorithm], audience="blog")

    def test_rfc_7515_example_verifies_over_the_bytes_as_sent(self):
        key = base64.urlsafe_b64decode(RFC_KEY + "==")
        complete = jwt.decode_complete(RFC_TOKEN, key, algorithms=["HS256"],
                                       options={"verify_exp": False})
        self.assertEqual(complete["header"], {"typ": "JWT", "alg": "HS256"})
        self.assertEqual(complete["payload"]["iss"], "joe")
        self.assertIs(complete["payload"]["http://example.com/is_root"], True)
        with self.assertRaises(jwt.ExpiredSignatureError):  # it expired in 2011
            jwt.decode(RFC_TOKEN, key, algorithms=["HS256"])

    def test_tokens_built_by_hand_verify_for_every_size(self):
        for algorithm, digest in [("HS256", hashlib.sha256), ("HS384", hashlib.sha384),
                                  ("HS512", hashlib.sha512)]:
            with self.subTest(algorithm=algorithm):
                header = {"alg": algorithm, "typ": "JWT"}
                token = by_hand(header, {"sub": "ada", "admin": False}, KEY, digest)
                self.assertEqual(jwt.encode({"sub": "ada", "admin": False}, KEY, algorithm),
                                 token)
                self.assertEqual(jwt.decode(token, KEY, algorithms=[algorithm]),
                                 {"sub": "ada", "admin": False})

    def test_key_as_bytes_or_text_and_unicode_payload(self):
        token = jwt.encode({"name": "Zoë 🦉"}, KEY.encode())
        self.assertEqual(jwt.decode(token, KEY, algorithms="HS256"), {"name": "Zoë 🦉"})
        self.assertEqual(jwt.decode(token.encode(), KEY, algorithms=["HS256"])["name"], "Zoë 🦉")

    def test_extra_headers_and_unverified_header(self):
        token = jwt.encode({"sub": "x"}, KEY, "HS384", headers={"kid": "key-2"})
        self.assertEqual(jwt.get_unverified_header(token),
                         {"alg": "HS384", "kid": "key-2", "typ": "JWT"})
        token = jwt.encode({}, KEY, headers={"alg": "none"})
        self.assertEqual(jwt.get_unverified_header(token)["alg"], "HS256")


class EncodeTest(FrozenClockTest):
    def test_datetimes_become_whole_seconds(self):
        expires = datetime.datetime.fromtimestamp(NOW + 60, datetime.timezone.utc)
        naive = datetime.datetime(2023, 11, 14, 22, 13, 20)  # NOW, read as UTC
        token = jwt.encode({"exp": expires, "iat": naive, "nbf": NOW}, KEY)
        self.assertEqual(self.decode(token), {"exp": NOW + 60, "iat": NOW, "nbf": NOW})

    def test_refuses_none_unknown_algorithms_and_bad_keys(self):
        for algorithm in ["none", "RS256", "hs256"]:
            with self.assertRaises(jwt.InvalidAlgorithmError):
                jwt.encode({}, KEY, algorithm)
        with self.assertRaises(jwt.InvalidKeyError):
            jwt.encode({}, "")
        with self.assertRaises(jwt.InvalidKeyError):
            jwt.encode({}, None)
        with self.assertRaises(TypeError):
            jwt.encode(["not", "a", "dict"], KEY)

    def test_the_payload_given_is_not_changed(self):
        payload = {"exp": datetime.datetime(2030, 1, 1)}
        jwt.encode(payload, KEY)
        self.assertIsInstance(payload["exp"], datetime.datetime)


class ErrorHierarchyTest(unittest.TestCase):
    def test_shaped_like_pyjwt(self):
        self.assertTrue(issubclass(jwt.InvalidTokenError, jwt.PyJWTError))
        self.assertTrue(issubclass(jwt.DecodeError, jwt.InvalidTokenError))
        self.assertTrue(issubclass(jwt.InvalidSignatureError, jwt.DecodeError))
        for error in [jwt.ExpiredSignatureError, jwt.InvalidAudienceError,
                      jwt.InvalidIssuerError, jwt.ImmatureSignatureError,
                      jwt.InvalidAlgorithmError, jwt.MissingRequiredClaimError,
                      jwt.InvalidIssuedAtError, jwt.InvalidSubjectError, jwt.InvalidJTIError]:
            self.assertTrue(issubclass(error, jwt.InvalidTokenError), error)
        self.assertTrue(issubclass(jwt.InvalidKeyError, jwt.PyJWTError))
        self.assertEqual(jwt.MissingRequiredClaimError("exp").claim, "exp")


class DecodeTest(FrozenClockTest):
    def test_algorithms_are_required_and_the_message_says_why(self):
        token = jwt.encode({"sub": "ada"}, KEY)
        with self.assertRaises(jwt.DecodeError) as caught:
            jwt.decode(token, KEY)
        self.assertIn("algorithms", str(caught.exception))
        self.assertIn("none", str(caught.exception))

    def test_algorithm_must_be_in_the_allow_list(self):
        token = jwt.encode({"sub": "ada"}, KEY, "HS512")
        with self.assertRaises(jwt.InvalidAlgorithmError):
            self.decode(token, algorithms=["HS256"])
        self.assertEqual(self.decode(token, algorithms=["HS256", "HS512"]), {"sub": "ada"})

    def test_malformed_tokens(self):
        good = jwt.encode({"sub": "ada"}, KEY)
        for token in ["", "abc", "a.b", good + ".extra", "!!!.@@@.###", "e30.bm90IGpzb24.",
                      "WzFd.e30.", 42]:
            with self.subTest(token=token), self.assertRaises(jwt.DecodeError):
                self.decode(token)

    def test_base64url_is_read_strictly(self):
        header, payload, signature = jwt.encode({"sub": "ada"}, KEY).split(".")
        for token in [f"{header}.{payload}.{signature}!", f"{header}.{payload}.{signature}=",
                      f"{header}.{payload}!.{signature}", f"{header}.{payload}.{signature}A",
                      f"{header}.{payload}.{signature[:-1]}+",
                      f"{header}.{payload}.{signature[:-1]}{chr(ord(signature[-1]) ^ 1)}"]:
            with self.subTest(token=token[-5:]), self.assertRaises(jwt.DecodeError):
                self.decode(token)

    def test_odd_alg_values(self):
        for alg in [None, 256, ["HS256"], ""]:
            token = insecure_jwt.forge({}, header={"alg": alg})
            with self.subTest(alg=alg), self.assertRaises(jwt.InvalidAlgorithmError):
                self.decode(token)

    def test_claim_types(self):
        cases = [({"exp": "tomorrow"}, jwt.DecodeError), ({"nbf": None}, jwt.DecodeError),
                 ({"iat": "now"}, jwt.InvalidIssuedAtError),
                 ({"sub": 42}, jwt.InvalidSubjectError), ({"jti": 7}, jwt.InvalidJTIError)]
        for payload, error in cases:
            with self.subTest(payload=payload), self.assertRaises(error):
                self.decode(jwt.encode(payload, KEY))

    def test_exp_boundary_and_leeway(self):
        self.assertEqual(self.decode(jwt.encode({"exp": NOW + 1}, KEY)), {"exp": NOW + 1})
        with self.assertRaises(jwt.ExpiredSignatureError):
            self.decode(jwt.encode({"exp": NOW}, KEY))
        late = jwt.encode({"exp": NOW - 10}, KEY)
        self.assertEqual(self.decode(late, leeway=11)["exp"], NOW - 10)
        self.assertEqual(self.decode(late, leeway=datetime.timedelta(seconds=11))["exp"], NOW - 10)
        with self.assertRaises(jwt.ExpiredSignatureError):
            self.decode(late, leeway=10)

    def test_nbf_and_iat_in_the_future(self):
        self.assertTrue(self.decode(jwt.encode({"nbf": NOW, "iat": NOW}, KEY)))
        with self.assertRaises(jwt.ImmatureSignatureError):
            self.decode(jwt.encode({"nbf": NOW + 30}, KEY))
        self.assertTrue(self.decode(jwt.encode({"nbf": NOW + 30}, KEY), leeway=30))
        with self.assertRaises(jwt.ImmatureSignatureError):
            self.decode(jwt.encode({"iat": NOW + 30}, KEY))

    def test_audience(self):
        token = jwt.encode({"aud": ["shop", "blog"]}, KEY)
        self.assertTrue(self.decode(token, audience="blog"))
        self.assertTrue(self.decode(token, audience=["admin", "shop"]))
        with self.assertRaises(jwt.InvalidAudienceError):
            self.decode(token, audience="admin")
        with self.assertRaises(jwt.InvalidAudienceError):
            self.decode(token)  # a token for someone: this service must say who it is
        with self.assertRaises(jwt.MissingRequiredClaimError):
            self.decode(jwt.encode({}, KEY), audience="shop")
        with self.assertRaises(jwt.InvalidAudienceError):
            self.decode(jwt.encode({"aud": 5}, KEY), audience="shop")

    def test_issuer(self):
        token = jwt.encode({"iss": "https://login.example"}, KEY)
        self.assertTrue(self.decode(token, issuer="https://login.example"))
        self.assertTrue(self.decode(token, issuer=["a", "https://login.example"]))
        with self.assertRaises(jwt.InvalidIssuerError):
            self.decode(token, issuer="https://evil.example")
        with self.assertRaises(jwt.MissingRequiredClaimError) as caught:
            self.decode(jwt.encode({}, KEY), issuer="https://login.example")
        self.assertEqual(caught.exception.claim, "iss")

    def test_required_claims_and_options(self):
        with self.assertRaises(jwt.MissingRequiredClaimError) as caught:
            self.decode(jwt.encode({"sub": "ada"}, KEY), options={"require": ["exp", "sub"]})
        self.assertEqual(caught.exception.claim, "exp")
        expired = jwt.encode({"exp": NOW - 100}, KEY)
        self.assertTrue(self.decode(expired, options={"verify_exp": False}))

    def test_turning_off_the_signature_check_is_explicit(self):
        forged = tamper(jwt.encode({"sub": "ada", "exp": NOW - 100}, KEY), sub="root")
        payload = jwt.decode(forged, "any key", options={"verify_signature": False})
        self.assertEqual(payload["sub"], "root")
        with self.assertRaises(jwt.ExpiredSignatureError):
            jwt.decode(forged, "any", options={"verify_signature": False, "verify_exp": True})

    def test_clock_is_one_function(self):
        token = jwt.encode({"exp": NOW + 60}, KEY)
        self.assertTrue(self.decode(token))
        jwt.now = lambda: NOW + 61
        with self.assertRaises(jwt.ExpiredSignatureError):
            self.decode(token)

    def test_real_clock(self):
        jwt.now = self.real_now
        self.assertGreater(jwt.now(), NOW)
        expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
        self.assertEqual(self.decode(jwt.encode({"exp": expires, "sub": "a"}, KEY))["sub"], "a")


class AttackTest(FrozenClockTest):
    """Each forged token is refused by the careful decoder. The insecure one makes a single
    mistake, trusting the header's alg: it believes alg "none", and refuses everything else."""

    def setUp(self):
        super().setUp()
        self.genuine = jwt.encode({"sub": "mallory", "role": "user", "exp": NOW + 60,
                                   "aud": "shop"}, KEY)

    def insecure(self, token, **arguments):
        arguments.setdefault("audience", "shop")
        return insecure_jwt.decode(token, KEY, algorithms=["HS256"], **arguments)

    def assert_refused_by_both(self, token, error, **arguments):
        arguments.setdefault("audience", "shop")
        with self.assertRaises(error):
            self.decode(token, **arguments)
        with self.assertRaises(error):
            self.insecure(token, **arguments)

    def test_alg_none(self):
        forged = insecure_jwt.forge({"sub": "mallory", "role": "admin", "aud": "shop"})
        self.assertEqual(forged.count("."), 2)
        self.assertTrue(forged.endswith("."))
        with self.assertRaises(jwt.InvalidAlgorithmError):
            self.decode(forged, audience="shop")
        self.assertEqual(self.insecure(forged)["role"], "admin")  # the one mistake

    def test_alg_none_even_if_the_allow_list_names_it(self):
        for spelling in ["none", "None", "NONE"]:
            forged = insecure_jwt.forge({"role": "admin"}, header={"alg": spelling})
            with self.subTest(spelling=spelling), self.assertRaises(jwt.InvalidAlgorithmError):
                self.decode(forged, algorithms=["HS256", spelling])
        header, payload, _ = self.genuine.split(".")  # "none" with the real signature kept
        none_header = b64url(json.dumps({"alg": "none"}).encode())
        with self.assertRaises(jwt.InvalidAlgorithmError):
            self.decode(f"{none_header}.{payload}.{_}", algorithms=["HS256", "none"])

    def test_the_header_chooses_for_the_insecure_decoder(self):
        stronger = jwt.encode({"role": "admin", "aud": "shop"}, KEY, algorithm="HS512")
        with self.assertRaises(jwt.InvalidAlgorithmError):
            self.decode(stronger, audience="shop")  # HS256 only, as the caller said
        self.assertEqual(self.insecure(stronger)["role"], "admin")  # algorithms ignored
        with self.assertRaises(jwt.InvalidAlgorithmError):
            self.insecure(insecure_jwt.forge({}, header={"alg": "RS256"}))

    def test_tampered_payload(self):
        self.assert_refused_by_both(tamper(self.genuine, role="admin"), jwt.InvalidSignatureError)

    def test_tampered_signature(self):
        header, payload, signature = self.genuine.split(".")
        flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
        self.assert_refused_by_both(f"{header}.{payload}.{flipped}", jwt.InvalidSignatureError)
        self.assert_refused_by_both(f"{header}.{payload}.", jwt.InvalidSignatureError)

    def test_wrong_key(self):
        forged = jwt.encode({"sub": "mallory", "role": "admin", "aud": "shop"}, "guessed-key")
        self.assert_refused_by_both(forged, jwt.InvalidSignatureError)

    def test_expired_with_and_without_leeway(self):
        stolen = jwt.encode({"sub": "ada", "exp": NOW - 3600, "aud": "shop"}, KEY)
        self.assert_refused_by_both(stolen, jwt.ExpiredSignatureError)
        self.assert_refused_by_both(stolen, jwt.ExpiredSignatureError, leeway=60)
        self.assertEqual(self.decode(stolen, audience="shop", leeway=3601)["sub"], "ada")

    def test_before_nbf(self):
        early = jwt.encode({"sub": "ada", "nbf": NOW + 3600, "aud": "shop"}, KEY)
        self.assert_refused_by_both(early, jwt.ImmatureSignatureError)

    def test_wrong_audience(self):
        for_blog = jwt.encode({"sub": "ada", "aud": "blog"}, KEY)
        self.assert_refused_by_both(for_blog, jwt.InvalidAudienceError)

    def test_the_genuine_token_passes_both(self):
        self.assertEqual(self.decode(self.genuine, audience="shop")["role"], "user")
        self.assertEqual(self.insecure(self.genuine)["role"], "user")

    def test_insecure_module_says_so(self):
        self.assertIn("INSECURE", insecure_jwt.__doc__)
        self.assertIn("INSECURE", insecure_jwt.decode.__doc__)

if __name__ == "__main__":
    unittest.main()
