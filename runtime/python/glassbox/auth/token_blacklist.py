"""The token blacklist: taking back a JWT before it expires, by its `jti`.

A JWT is checked with a key, not a database, so once signed it works until its `exp`. To take
one back (at logout, or when a refresh token has been swapped for a new one) the server writes
its id, the `jti` claim, into this table, and refuses any token whose `jti` is listed. That is
one SELECT per check: the database trip that tokens were meant to avoid comes back. So only
refresh tokens are blacklisted: they are rare (one refresh every few minutes) while access
tokens, checked on every request, stay short-lived and unchecked against the table.

A row is only needed while its token could still be accepted: after `expires_at` the token is
refused for being expired anyway. So every `blacklist()` first deletes the rows whose time is
up, and the table stays as small as the number of live revoked tokens.

    CREATE TABLE "token_blacklist" (
        "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "jti" varchar(64) NOT NULL UNIQUE,
        "expires_at" datetime NOT NULL,
        "user_id" integer NULL,
        "blacklisted_at" datetime NOT NULL
    )
"""

import datetime

from glassbox import clock
from glassbox.db.models import CharField, DateTimeField, IntegerField, Model


class BlacklistedToken(Model):
    jti = CharField(max_length=64, unique=True)
    expires_at = DateTimeField(db_index=True)
    user_id = IntegerField(null=True)
    blacklisted_at = DateTimeField(default=clock.utcnow_naive)

    class Meta:
        db_table = "token_blacklist"

    def __str__(self):
        return f"jti {self.jti} (until {self.expires_at.isoformat()}Z)"


def as_naive_utc(expires_at):
    """A token's `exp` (seconds since 1970) as the naive UTC datetime the table stores."""
    moment = datetime.datetime.fromtimestamp(expires_at, tz=datetime.timezone.utc)
    return moment.replace(tzinfo=None)


def blacklist(jti, expires_at, user_id=None):
    """Refuse the token `jti` from now until `expires_at` (its `exp`, in seconds)."""
    flush_expired()
    if not is_blacklisted(jti):
        BlacklistedToken.objects.create(jti=jti, expires_at=as_naive_utc(expires_at),
                                        user_id=user_id)


def is_blacklisted(jti):
    return BlacklistedToken.objects.filter(jti=jti).exists()


def flush_expired():
    """Forget the entries whose tokens have expired anyway; returns how many went."""
    return BlacklistedToken.objects.filter(expires_at__lt=clock.utcnow_naive()).delete_rows()
