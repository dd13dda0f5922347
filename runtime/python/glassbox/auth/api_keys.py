"""API keys: long random passwords for programs, stored hashed, rotated two at a time.

A script that calls the polls API every night cannot type a password or refresh a token. It
gets an API key instead, shown once, when it is made:

    gbk_Xq3v9TbA.Jd8...43 random characters...

and sends it on each request as `Authorization: Api-Key <key>` (or in the `X-API-Key` header).

- The key is `secrets.token_urlsafe(32)`: 256 random bits. Nobody guesses that.
- The server stores only its SHA-256. A leaked table of hashes lets nobody in.
- The start, `gbk_Xq3v9TbA`, is the *prefix*. It is stored as it is and shown in lists ("which
  of my keys is this?"), and it is how a key is found: the prefix picks the row, then the
  hashes are compared in constant time.
- A user may have at most two active keys. To rotate: make a new key, move the program to
  it, revoke the old one. Two is enough for that overlap, and a cap keeps forgotten keys from
  piling up.

Why SHA-256 and not PBKDF2 as for passwords? Slow hashing protects *guessable* secrets: a
person's password comes from a small space an attacker can search, and PBKDF2 makes each guess
cost 50,000 hashes. A 256-bit random key cannot be searched at any speed, so one SHA-256 is as
safe; and a key is checked on every request, where 20 ms of PBKDF2 each time would hurt.

    >>> key = generate_key()
    >>> key.startswith("gbk_"), len(prefix_of(key)), len(hash_key(key))
    (True, 12, 64)
"""

import hashlib
import hmac
import secrets

from glassbox import clock
from glassbox.auth.models import User
from glassbox.db.models import CASCADE, BooleanField, CharField, DateTimeField, ForeignKey, Model

KEY_MARK = "gbk_"          # says "a glassbox key" to people and to secret scanners
PREFIX_RANDOM_LENGTH = 8   # characters after the mark that are shown and indexed
MAX_ACTIVE_KEYS = 2


class TooManyKeys(Exception):
    """The user already has MAX_ACTIVE_KEYS active keys."""


def generate_key():
    """A new key: the mark, 8 shown characters, a dot, 43 secret characters."""
    shown = secrets.token_urlsafe(6)[:PREFIX_RANDOM_LENGTH].replace("-", "x").replace("_", "y")
    return f"{KEY_MARK}{shown}.{secrets.token_urlsafe(32)}"


def prefix_of(key):
    """The part of a key that is stored in clear and shown: everything before the dot."""
    return key.partition(".")[0]


def hash_key(key):
    """The SHA-256 of the key, in hex: what the table keeps (see the module docstring)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class APIKey(Model):
    user = ForeignKey(User, on_delete=CASCADE, related_name="api_keys")
    name = CharField(max_length=100, blank=True, default="")
    prefix = CharField(max_length=20, db_index=True)
    hashed_key = CharField(max_length=64, unique=True)
    created = DateTimeField(default=clock.utcnow_naive)
    last_used = DateTimeField(null=True, blank=True)
    revoked = BooleanField(default=False)

    class Meta:
        db_table = "auth_api_key"

    def __str__(self):
        return f"{self.prefix}… ({self.name or 'unnamed'})"

    def revoke(self):
        self.revoked = True
        self.save()


def create_key(user, name=""):
    """Make a key for `user`: returns (the APIKey row, the key itself).

    The key is in no table: show it to the user now, it cannot be shown again.
    """
    active = APIKey.objects.filter(user=user, revoked=False).count()
    if active >= MAX_ACTIVE_KEYS:
        raise TooManyKeys(f"{user.username!r} already has {active} active API keys (the most "
                          f"is {MAX_ACTIVE_KEYS}): revoke the old one before making another.")
    key = generate_key()
    row = APIKey.objects.create(user=user, name=name, prefix=prefix_of(key),
                                hashed_key=hash_key(key))
    return row, key


def check_key(key):
    """The active APIKey row this key belongs to, or (None, why not)."""
    if not key.startswith(KEY_MARK) or "." not in key:
        return None, f"not a glassbox API key (they start with {KEY_MARK!r})"
    digest = hash_key(key)
    for row in APIKey.objects.filter(prefix=prefix_of(key)):
        if hmac.compare_digest(row.hashed_key, digest):
            if row.revoked:
                return None, f"the API key {row.prefix}… was revoked"
            return row, None
    return None, f"no API key matches {prefix_of(key)}…"
