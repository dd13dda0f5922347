"""JSON Web Tokens (RFC 7519), signed with HMAC: a login the server can check without a database.

A JWT is three base64url strings joined by dots:

    eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 . eyJzdWIiOiIxMjM0NTY3ODkwIn0 . <signature>
    header: {"alg":"HS256","typ":"JWT"}    payload: {"sub":"1234567890"}   HMAC of the first two

Anyone can read the header and the payload: base64url is an encoding, not encryption. What
nobody can do without the secret key is compute the third part. So when a token comes back,
the server recomputes the HMAC of the first two parts with its key and compares: equal means
"I wrote this, and nobody changed a byte since". The server needs no session table to know who
you are; the token carries it, like a stamped pass.

That convenience has a price: the server cannot take a token back. Until its `exp` (expiry)
time passes, a stolen token works, even after "log out". Real systems keep tokens short-lived,
or keep a list of revoked `jti` (token id) values, which brings back the database they avoided.

    >>> token = encode({"sub": "ada"}, "secret")
    >>> decode(token, "secret", algorithms=["HS256"])
    {'sub': 'ada'}

Reading a token safely takes more than checking the HMAC, and each rule below closes a known
attack (`glassbox.auth.insecure_jwt` leaves the first one open, and only that one):

- the caller names the algorithms it accepts: the token's header must not choose how the token
  is checked, and "none" (an unsigned token) is never accepted;
- the signature is compared in constant time (`hmac.compare_digest`), so response times do not
  leak how many leading bytes of a forged signature were right;
- the time claims are checked: `exp` (expired), `nbf` (not before), `iat` (issued at), with a
  few seconds of `leeway` for clocks that disagree;
- `aud` (audience) and `iss` (issuer) are checked, so a token made for one service cannot be
  replayed at another.

The errors follow the shape of PyJWT's, so code written against one reads like the other.
The time comes from one function, `now()`, which reads `glassbox.clock`: freeze or advance
the clock and token expiry follows.
"""

import base64
import datetime
import hashlib
import hmac
import json

from glassbox import clock

# The algorithms this module can check: HMAC with three sizes of SHA-2.
HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
TIME_CLAIMS = ("exp", "nbf", "iat")


def now():
    """The current time in seconds since 1970 (UTC), from the virtual clock."""
    return clock.time()


class PyJWTError(Exception):
    """Base of every error in this module."""


class InvalidTokenError(PyJWTError):
    """The token must not be trusted. Catch this one to refuse any bad token."""


class DecodeError(InvalidTokenError):
    """The token is not a well-formed JWT: wrong number of parts, bad base64 or JSON."""


class InvalidSignatureError(DecodeError):
    """The signature does not match: the token was changed, or signed with another key."""


class ExpiredSignatureError(InvalidTokenError):
    """The `exp` time has passed."""


class ImmatureSignatureError(InvalidTokenError):
    """The token is not valid yet: its `nbf` (or `iat`) time is in the future."""


class InvalidAudienceError(InvalidTokenError):
    """The `aud` claim does not name this service."""


class InvalidIssuerError(InvalidTokenError):
    """The `iss` claim is not the issuer we trust."""


class InvalidIssuedAtError(InvalidTokenError):
    """The `iat` claim is not a number."""


class InvalidSubjectError(InvalidTokenError):
    """The `sub` claim is not a string."""


class InvalidJTIError(InvalidTokenError):
    """The `jti` claim is not a string."""


class InvalidAlgorithmError(InvalidTokenError):
    """The token's algorithm is not one the caller allowed (or is "none")."""


class MissingRequiredClaimError(InvalidTokenError):
    """A claim that must be present is not."""

    def __init__(self, claim):
        super().__init__(f'Token is missing the "{claim}" claim')
        self.claim = claim


class InvalidKeyError(PyJWTError):
    """The key cannot be used (it is empty, or not text or bytes)."""


def base64url_encode(data):
    """base64 with the URL-safe alphabet (- and _) and without the = padding.

    >>> base64url_encode(b'{"alg":"HS256"}')
    'eyJhbGciOiJIUzI1NiJ9'
    """
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def base64url_decode(text):
    """The inverse of `base64url_encode`: put the padding back, then decode.

    Strict: only the one canonical spelling of the bytes is accepted. The standard decoder
    skips stray characters and unused low bits, so "abc!" or a changed last letter could
    decode to the same signature, and one token would have many spellings.
    """
    if isinstance(text, bytes):
        text = text.decode("ascii")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64url_encode(data) != text:
        raise ValueError(f"{text[:20]!r}... is not canonical base64url")
    return data


def key_bytes(key):
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, (bytes, bytearray)):
        raise InvalidKeyError(f"An HMAC key must be text or bytes, not {type(key).__name__}.")
    if not key:
        raise InvalidKeyError("The key is empty: anybody could sign tokens with it.")
    return bytes(key)


def sign(signing_input, key, algorithm):
    """The raw HMAC signature of `signing_input` (bytes): the token's third part, decoded."""
    return hmac.new(key_bytes(key), signing_input, HASHES[algorithm]).digest()


def as_timestamp(value):
    """Seconds since 1970 for a datetime (naive ones are taken as UTC); other values unchanged.

    >>> as_timestamp(datetime.datetime(2018, 1, 18, 1, 30, 22))
    1516239022
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return int(value.timestamp())
    return value


def compact_json(value):
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def encode(payload, key, algorithm="HS256", headers=None):
    """Sign `payload` (a dict of claims) and return the token as text.

    `exp`, `nbf` and `iat` may be given as datetimes; they are written as whole seconds.

    >>> encode({"sub": "1234567890", "name": "John Doe", "iat": 1516239022},
    ...        "your-256-bit-secret")[-43:]
    'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
    """
    if not isinstance(payload, dict):
        raise TypeError(f"The payload must be a dict of claims, not {type(payload).__name__}.")
    if algorithm not in HASHES:
        raise InvalidAlgorithmError(f"Cannot sign with {algorithm!r}: this module signs with "
                                    f"{', '.join(HASHES)} (an unsigned token is not a token).")
    claims = {name: as_timestamp(value) if name in TIME_CLAIMS else value
              for name, value in payload.items()}
    header = {"alg": algorithm, "typ": "JWT", **(headers or {})}
    header["alg"] = algorithm  # headers may not contradict the algorithm actually used
    # Header keys in alphabetical order, as other libraries write them: equal inputs give
    # byte-for-byte equal tokens, which makes tokens easy to compare in tests and lessons.
    signing_input = (base64url_encode(compact_json(dict(sorted(header.items())))) + "."
                     + base64url_encode(compact_json(claims)))
    signature = sign(signing_input.encode("ascii"), key, algorithm)
    return signing_input + "." + base64url_encode(signature)


def split_token(token):
    """Take a token apart without checking it: (header, payload, signature, signing input).

    Anything here is only what the token *claims*; trust comes from `decode`.
    """
    if isinstance(token, str):
        token = token.encode("ascii", "replace")
    if not isinstance(token, bytes):
        raise DecodeError(f"A token is text or bytes, not {type(token).__name__}.")
    parts = token.split(b".")
    if len(parts) != 3:
        raise DecodeError(f"A JWT has three parts separated by dots; this one has {len(parts)}.")
    try:
        header = json.loads(base64url_decode(parts[0]))
        payload = json.loads(base64url_decode(parts[1]))
        signature = base64url_decode(parts[2])
    except ValueError as error:  # bad base64, bad UTF-8 or bad JSON
        raise DecodeError(f"The token is not valid base64url-encoded JSON: {error}") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise DecodeError("The header and the payload of a JWT must be JSON objects.")
    return header, payload, signature, parts[0] + b"." + parts[1]


def get_unverified_header(token):
    """The header of a token, unchecked: e.g. to pick a key by its `kid`.

    >>> get_unverified_header(encode({}, "k", headers={"kid": "2024"}))["kid"]
    '2024'
    """
    return split_token(token)[0]


def check_algorithm(header, algorithms):
    if algorithms is None:
        raise DecodeError('decode() needs algorithms=["HS256"] (the ones you sign with). The '
                          "token's own header must never choose how the token is checked: an "
                          'attacker would write "none" there and skip the signature.')
    if isinstance(algorithms, str):
        algorithms = [algorithms]
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm.lower() == "none":
        raise InvalidAlgorithmError('The token is unsigned (alg "none"): it is never accepted.')
    if algorithm not in algorithms:
        raise InvalidAlgorithmError(f"The token's algorithm {algorithm!r} is not allowed "
                                    f"(allowed: {', '.join(algorithms)}).")
    if algorithm not in HASHES:
        raise InvalidAlgorithmError(f"The algorithm {algorithm!r} is not supported here.")
    return algorithm


def decode_complete(token, key, algorithms=None, audience=None, issuer=None, leeway=0,
                    options=None):
    """Check a token; return {"header": ..., "payload": ..., "signature": ...}.

    The same checks as `decode`, which returns only the payload.
    """
    options = {"verify_signature": True, **(options or {})}
    header, payload, signature, signing_input = split_token(token)
    if options["verify_signature"]:
        algorithm = check_algorithm(header, algorithms)
        expected = sign(signing_input, key, algorithm)
        # compare_digest takes as long for a wrong first byte as for a wrong last byte.
        if not hmac.compare_digest(signature, expected):
            raise InvalidSignatureError("Signature verification failed: the token was changed "
                                        "or signed with another key.")
    check_claims(payload, audience, issuer, leeway, options)
    return {"header": header, "payload": payload, "signature": signature}


def decode(token, key, algorithms=None, audience=None, issuer=None, leeway=0, options=None):
    """Check `token` and return its payload (a dict), or raise an `InvalidTokenError`.

    algorithms  the algorithms you accept, e.g. ["HS256"]: required
    audience    the `aud` this service answers to (a token with an `aud` needs one)
    issuer      the `iss` you trust (text, or a list of them)
    leeway      seconds (or a timedelta) of tolerance on `exp`, `nbf` and `iat`
    options     {"verify_signature", "verify_exp", "verify_nbf", "verify_iat", "verify_aud",
                 "verify_iss": bool, "require": ["exp", ...]}; turning off the signature
                 check turns off the other checks too, unless you turn them back on

    >>> decode(encode({"iss": "glassbox"}, "k"), "k", algorithms=["HS256"], issuer="other")
    Traceback (most recent call last):
      ...
    glassbox.auth.jwt.InvalidIssuerError: Invalid issuer: 'glassbox'
    """
    return decode_complete(token, key, algorithms, audience, issuer, leeway, options)["payload"]


def check_claims(payload, audience, issuer, leeway, options):
    """Check the registered claims of a payload whose signature is already trusted."""
    default = options["verify_signature"]
    enabled = {name: options.get(f"verify_{name}", default)
               for name in ("exp", "nbf", "iat", "aud", "iss")}
    if isinstance(leeway, datetime.timedelta):
        leeway = leeway.total_seconds()
    for claim in options.get("require", []):
        if claim not in payload:
            raise MissingRequiredClaimError(claim)
    current = now()
    for claim in TIME_CLAIMS:
        if claim in payload and not isinstance(payload[claim], (int, float)):
            error = InvalidIssuedAtError if claim == "iat" else DecodeError
            raise error(f"The {claim!r} claim must be a number of seconds since 1970.")
    if "sub" in payload and not isinstance(payload["sub"], str):
        raise InvalidSubjectError("The 'sub' claim must be a string.")
    if "jti" in payload and not isinstance(payload["jti"], str):
        raise InvalidJTIError("The 'jti' claim must be a string.")
    if enabled["exp"] and "exp" in payload and current >= payload["exp"] + leeway:
        raise ExpiredSignatureError("Signature has expired")
    if enabled["nbf"] and "nbf" in payload and current < payload["nbf"] - leeway:
        raise ImmatureSignatureError("The token is not yet valid (nbf)")
    if enabled["iat"] and "iat" in payload and current < payload["iat"] - leeway:
        raise ImmatureSignatureError("The token is not yet valid (iat)")
    if enabled["aud"]:
        check_audience(payload, audience)
    if enabled["iss"] and issuer is not None:
        check_issuer(payload, issuer)


def check_audience(payload, audience):
    if audience is None:
        if "aud" in payload:
            raise InvalidAudienceError("The token is meant for an audience, but decode() was "
                                       "not told which audience this service is (audience=).")
        return
    if "aud" not in payload:
        raise MissingRequiredClaimError("aud")
    claimed = payload["aud"]
    claimed = [claimed] if isinstance(claimed, str) else claimed
    if not isinstance(claimed, list) or not all(isinstance(item, str) for item in claimed):
        raise InvalidAudienceError("The 'aud' claim must be a string or a list of strings.")
    accepted = [audience] if isinstance(audience, str) else list(audience)
    if not set(claimed) & set(accepted):
        raise InvalidAudienceError(f"Audience doesn't match: the token is for {claimed}")


def check_issuer(payload, issuer):
    if "iss" not in payload:
        raise MissingRequiredClaimError("iss")
    accepted = [issuer] if isinstance(issuer, str) else list(issuer)
    if payload["iss"] not in accepted:
        raise InvalidIssuerError(f"Invalid issuer: {payload['iss']!r}")
