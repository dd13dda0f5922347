"""The token blacklist: taking back a JWT before it expires, by its `jti`.

A JWT is checked with a key, not a database, so once signed it works until its `exp`. To take
one back (at logout, or when a refresh token has been swapped for a new one) the server writes
its id, the `jti` claim, into this table, and refuses any token whose `jti` is listed. That is
one SELECT per check: the database trip that tokens were meant to avoid comes back. So only
refresh tokens are blacklisted: they are rare (one refresh every few minutes) while access
tokens, checked on every request, stay short-lived and unchecked against the table.

Checking on every request, through the cache. An access token can be revoked the same way if
every request checks its `jti` (`RevocableJWTAuthentication` does): one SELECT per request,
which is the price of revocation. With JWT_BLACKLIST_CACHE set, the answer is remembered in
that cache under `token_blacklist:<jti>`, "revoked" or "ok", until the token expires (after
that nobody asks). The cache must never say "ok" about a revoked token, so `blacklist()` writes
"revoked" into the cache in the same breath as it writes the row: the invalidation is part of
the revocation, not something left for later.

    first request with a token    cache miss -> SELECT -> cache "ok"     1 query
    every later request           cache hit "ok"                         0 queries
    logout: blacklist(jti)        INSERT the row, cache "revoked"
    the next request              cache hit "revoked" -> 401             0 queries

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
import weakref

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


CACHE_PREFIX = "token_blacklist:"
REVOKED, NOT_REVOKED = "revoked", "ok"


def cache_key(jti):
    """Where the cache keeps the answer for one token."""
    return CACHE_PREFIX + jti


def seconds_left(expires_at):
    """Seconds until `expires_at` (a token's `exp`), at least 1: how long an answer is kept."""
    return max(1, int(expires_at - clock.time()))


def blacklist(jti, expires_at, user_id=None, cache=None):
    """Refuse the token `jti` from now until `expires_at` (its `exp`, in seconds).

    With a `cache` (the one `is_blacklisted` reads), the cache learns it at once: a cached
    "ok" would otherwise keep letting the token in until it expired.
    """
    flush_expired()
    if not BlacklistedToken.objects.filter(jti=jti).exists():
        BlacklistedToken.objects.create(jti=jti, expires_at=as_naive_utc(expires_at),
                                        user_id=user_id)
    if cache is not None:
        cache.set(cache_key(jti), REVOKED, timeout=seconds_left(expires_at))


def is_blacklisted(jti, cache=None, expires_at=None):
    """Is the token `jti` on the blacklist?

    Without a cache: one SELECT, every time. With one: the cached answer if there is one, else
    the SELECT, whose answer is then kept until `expires_at` (or the cache's default timeout).
    """
    if cache is None:
        return BlacklistedToken.objects.filter(jti=jti).exists()
    answer = cache.get(cache_key(jti))
    if answer is None:
        answer = REVOKED if BlacklistedToken.objects.filter(jti=jti).exists() else NOT_REVOKED
        timeout = seconds_left(expires_at) if expires_at is not None else None
        if timeout is None:
            cache.set(cache_key(jti), answer)
        else:
            cache.set(cache_key(jti), answer, timeout=timeout)
    return answer == REVOKED


def blacklist_cache(settings):
    """The cache JWT_BLACKLIST_CACHE names for these settings, or None (no caching).

    Every reader and writer of the blacklist must get the *same* cache object, or a revocation
    written into one would leave an "ok" standing in the other. With the default CACHES that is
    the shared `glassbox.cache.caches`, the one the application traces. An application with its
    own CACHES gets one handler per settings object, kept here.
    """
    alias = getattr(settings, "JWT_BLACKLIST_CACHE", None)
    if not alias:
        return None
    from glassbox.cache import caches, caches_for_settings, default_caches_setting

    if settings.CACHES == default_caches_setting():
        return caches[alias]
    handler = _handlers.get(settings)
    if handler is None:
        handler = _handlers[settings] = caches_for_settings(settings)
    return handler[alias]


_handlers = weakref.WeakKeyDictionary()  # settings -> its CacheHandler (own CACHES only)


def flush_expired():
    """Forget the entries whose tokens have expired anyway; returns how many went."""
    return BlacklistedToken.objects.filter(expires_at__lt=clock.utcnow_naive()).delete_rows()
