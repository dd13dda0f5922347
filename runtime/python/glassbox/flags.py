"""Feature flags: switches kept in the database, read through the cache.

A feature flag lets you ship code switched off and turn it on later, for everyone or for a
share of users, without a deploy: the new checkout is merged on Monday, shown to 5% of users on
Tuesday, to everyone on Friday, and switched off in seconds if it misbehaves. The switch is a
row in a table:

    CREATE TABLE "glassbox_flag" (
        "name" varchar(100) NOT NULL PRIMARY KEY,
        "everyone" bool NOT NULL,        on for every visitor
        "percent" integer NOT NULL       else on for this share (0-100) of logged-in users
    )

Every page that asks a flag would cost a query, so the answer is cached: `is_enabled` reads the
row through the cache (FLAGS_CACHE_TIMEOUT seconds, 60 by default), and `set_flag` writes the row
*and deletes the cached copy*, so a change shows on the very next request instead of up to a
minute later. A flag that has no row is off, and that answer is cached too (otherwise each page
asking an unknown flag would query every time).

Who is "in" a rollout must not change from one page to the next, or a user would see the new
checkout, then the old one, then the new one. So the choice is not random: a user's *bucket*
(0 to 99) is a hash of the flag's name and the user's id, the same on every request, and the
user is in when the bucket is below the percentage. Raising 5% to 20% keeps the first 5% in.

    create_flag_table()
    set_flag("new-checkout", percent=20)
    if is_enabled("new-checkout", request): ...

Each answer is in the request's trace, a "flag" event: `name`, `enabled`, `source` ("cache" or
"database") and `reason` in words ("in the 20% rollout: bucket 7").
"""

import hashlib

from glassbox.db import connection
from glassbox.db.models import BooleanField, CharField, IntegerField, Model
from glassbox.db.schema import create_tables

DEFAULT_TIMEOUT = 60


class Flag(Model):
    name = CharField(max_length=100, primary_key=True)
    everyone = BooleanField(default=False)
    percent = IntegerField(default=0)

    class Meta:
        db_table = "glassbox_flag"

    def __str__(self):
        return f"flag {self.name}: " + ("on" if self.everyone else f"{self.percent}%")


def create_flag_table(database=None):
    """Create the flag table (in `database`, default the shared connection)."""
    return create_tables(database or connection, [Flag])


def cache_key(name):
    return f"flag:{name}"


def cache_for(request):
    """The cache the flags use: the application's default cache, or the global one."""
    app = getattr(request, "app", None)
    if app is not None:
        return app.caches["default"]
    from glassbox.cache import caches

    return caches["default"]


def timeout_for(request):
    app = getattr(request, "app", None)
    return getattr(app.settings, "FLAGS_CACHE_TIMEOUT", DEFAULT_TIMEOUT) if app else \
        DEFAULT_TIMEOUT


def bucket(name, user_id):
    """A number from 0 to 99, the same for this flag and this user on every request.

    >>> bucket("new-checkout", 7) == bucket("new-checkout", 7)
    True
    """
    digest = hashlib.sha256(f"{name}:{user_id}".encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 100


def state(name, request=None):
    """(the flag's settings as a dict, "cache" or "database"): one query at most, then cached."""
    cache = cache_for(request)
    stored = cache.get(cache_key(name))
    if stored is not None:
        return stored, "cache"
    row = Flag.objects.filter(name=name).first()
    stored = {"exists": row is not None, "everyone": bool(row and row.everyone),
              "percent": row.percent if row else 0}
    cache.set(cache_key(name), stored, timeout_for(request))
    return stored, "database"


def decide(name, stored, user):
    """(enabled, reason) for this user, from the flag's stored settings."""
    if not stored["exists"]:
        return False, "there is no such flag: off"
    if stored["everyone"]:
        return True, "on for everyone"
    if not stored["percent"]:
        return False, "off"
    if user is None or not getattr(user, "is_authenticated", False):
        return False, f"in a {stored['percent']}% rollout, which is for logged-in users only"
    position = bucket(name, user.pk)
    if position < stored["percent"]:
        return True, f"in the {stored['percent']}% rollout: bucket {position}"
    return False, f"outside the {stored['percent']}% rollout: bucket {position}"


def is_enabled(name, request=None, user=None):
    """True if the flag `name` is on for this request's user (or for `user`)."""
    stored, source = state(name, request)
    if user is None and request is not None:
        user = getattr(request, "user", None)
    enabled, reason = decide(name, stored, user)
    trace = getattr(request, "trace", None)
    if trace is not None:
        trace.record("flag", name=name, enabled=enabled, source=source, reason=reason)
    return enabled


def set_flag(name, everyone=None, percent=None, request=None):
    """Create or change a flag, and forget its cached copy so the change shows at once."""
    flag = Flag.objects.filter(name=name).first() or Flag(name=name)
    if everyone is not None:
        flag.everyone = everyone
    if percent is not None:
        if not 0 <= percent <= 100:
            raise ValueError(f"percent must be between 0 and 100, not {percent!r}.")
        flag.percent = percent
    flag.save()
    cache_for(request).delete(cache_key(name))
    return flag
