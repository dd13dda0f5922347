"""Signing: hand a value to the browser, and know it comes back unchanged.

A site often gives the browser something it must not be able to edit: the user id in a cookie,
the address in an "unsubscribe" link, the account in a password-reset link. Encrypting is not
needed (the browser may read them); what is needed is a seal. The seal is an HMAC: a short code
computed from the value and a secret key that only the server knows.

    >>> signer = Signer("server-secret")
    >>> signed = signer.sign("user=42")
    >>> signed
    'user=42:qWGXIa4qwmKBpgbx9nMNk9KW9SrgbLWol8nbuGaPIEo'
    >>> signer.unsign(signed)
    'user=42'

Change one character of `user=42` and the code no longer matches; `unsign` raises
`BadSignature`. Computing a matching code for `user=1` needs the key.

Three refinements make the seal safe to use in many places at once:

- a *salt* per use: a signature made for reset links must not be accepted as a session cookie,
  so each use signs with its own key derived from the secret and the salt (see `derive_key`);
- a *timestamp* (`TimestampSigner`): a reset link should stop working after a day, so the time
  of signing is sealed in too and `unsign(max_age=...)` refuses old values;
- `dumps`/`loads`: any JSON value, packed into URL-safe text and sealed in one step.

Like `glassbox.auth.jwt`, a signed value cannot be taken back before it expires: the server
keeps no list of what it signed. The time comes from one function, `now()`, which reads `glassbox.clock`.
"""

import base64
import datetime
import hashlib
import hmac
import json

from glassbox import clock

DEFAULT_SALT = "glassbox.signing"
# The separator cannot be a character of URL-safe base64 (or of a decimal number), or the
# signature could not be split off unambiguously.
UNSAFE_SEPARATORS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def now():
    """The current time in seconds since 1970, from the virtual clock."""
    return clock.time()


class BadSignature(Exception):
    """The signature does not match the value: it was changed, or signed for something else."""


class SignatureExpired(BadSignature):
    """The signature is genuine but older than `max_age` allows."""


def b64_encode(data):
    """URL-safe base64 without padding: safe in a cookie, a URL or a form field."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64_decode(text):
    return base64.urlsafe_b64decode(text.encode("ascii") + b"=" * (-len(text) % 4))


def as_bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def derive_key(secret, salt):
    """A key for one purpose (`salt`), derived from the site's secret.

    Why not sign with the secret itself? Then every signature the site makes would be valid
    everywhere: a value signed for an "unsubscribe" link could be pasted into a session cookie.
    Mixing the salt in gives each purpose a key of its own, so signatures do not cross over,
    while the site still keeps only one secret. The secret is the HMAC key and the salt the
    message, so knowing the salt (it is in the source code) does not help to find the key.

    >>> derive_key("secret", "a") == derive_key("secret", "b")
    False
    """
    message = as_bytes(salt) + b"signer"
    return hmac.new(as_bytes(secret), message, hashlib.sha256).digest()


class Signer:
    """Appends an HMAC signature to text, and checks it: `value:signature`.

    >>> Signer("key", salt="emails").unsign(Signer("key", salt="cookies").sign("ada"))
    Traceback (most recent call last):
      ...
    glassbox.signing.BadSignature: Signature does not match 'ada'
    """

    def __init__(self, key, salt=DEFAULT_SALT, separator=":"):
        if not key:
            raise ValueError("Signing needs a secret key (for instance settings.SECRET_KEY).")
        if separator in UNSAFE_SEPARATORS:
            raise ValueError(f"The separator {separator!r} could appear in a signature: use a "
                             "character outside URL-safe base64, like ':'.")
        self.key = key
        self.salt = salt
        self.separator = separator

    def signature(self, value):
        """The signature of `value` (text) as URL-safe base64."""
        digest = hmac.new(derive_key(self.key, self.salt), as_bytes(value), hashlib.sha256)
        return b64_encode(digest.digest())

    def sign(self, value):
        """`value` followed by the separator and its signature."""
        return f"{value}{self.separator}{self.signature(value)}"

    def unsign(self, signed_value):
        """The original value, if the signature matches; otherwise raise `BadSignature`."""
        if self.separator not in signed_value:
            raise BadSignature(f"No {self.separator!r} separator in {signed_value!r}")
        value, signature = signed_value.rsplit(self.separator, 1)
        # compare_digest takes the same time wherever the first difference is, so an attacker
        # cannot guess a signature one character at a time by timing the answers.
        if not hmac.compare_digest(signature.encode("ascii", "replace"),
                                   self.signature(value).encode("ascii")):
            raise BadSignature(f"Signature does not match {value!r}")
        return value

    def sign_object(self, obj):
        """Sign any JSON value: compact JSON, then URL-safe base64, then `sign`.

        >>> Signer("key").sign_object({"user": 42}).split(":")[0]
        'eyJ1c2VyIjo0Mn0'
        """
        packed = json.dumps(obj, separators=(",", ":")).encode("utf-8")
        return self.sign(b64_encode(packed))

    def unsign_object(self, signed_object, **arguments):
        """The JSON value that `sign_object` sealed, once its signature is checked."""
        packed = self.unsign(signed_object, **arguments)
        return json.loads(b64_decode(packed))


class TimestampSigner(Signer):
    """A signer that seals in the time of signing too: `value:timestamp:signature`.

    The timestamp is written as whole seconds in plain decimal, so you can read it.
    """

    def timestamp(self):
        return str(int(now()))

    def sign(self, value):
        return super().sign(f"{value}{self.separator}{self.timestamp()}")

    def unsign(self, signed_value, max_age=None):
        """The original value; `SignatureExpired` if older than `max_age` (seconds or timedelta)."""
        stamped = super().unsign(signed_value)
        if self.separator not in stamped:
            raise BadSignature(f"No timestamp in {stamped!r}")
        value, timestamp = stamped.rsplit(self.separator, 1)
        if not timestamp.isdigit():
            raise BadSignature(f"The timestamp {timestamp!r} is not a number")
        if max_age is not None:
            if isinstance(max_age, datetime.timedelta):
                max_age = max_age.total_seconds()
            age = now() - int(timestamp)
            if age > max_age:
                raise SignatureExpired(f"Signature age {age:.0f} > {max_age} seconds")
        return value


def dumps(obj, key, salt=DEFAULT_SALT):
    """Pack a JSON value into URL-safe, signed, timestamped text.

    The content is readable by anyone (it is only base64): sign things, do not hide them.

    >>> loads(dumps({"cart": [1, 2]}, "key"), "key")
    {'cart': [1, 2]}
    """
    return TimestampSigner(key, salt=salt).sign_object(obj)


def loads(signed_text, key, salt=DEFAULT_SALT, max_age=None):
    """The value `dumps` packed, if the signature (and `max_age`, in seconds) allows it."""
    return TimestampSigner(key, salt=salt).unsign_object(signed_text, max_age=max_age)
