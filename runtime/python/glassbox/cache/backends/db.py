"""The database cache: entries are rows of a table in SQLite.

Slower than memory (every operation is an SQL statement), but the entries are shared by every
process that uses the database and survive a restart, which is why sites without memcached or
Redis use it. Here it has one more virtue: each operation is a statement in the request's trace.

The table is made once, with `create_cache_table()` (Django's `manage.py createcachetable`):

    CREATE TABLE "glassbox_cache" (
        "cache_key" varchar(255) NOT NULL PRIMARY KEY,
        "value" blob NOT NULL,
        "expires" real NULL          -- epoch seconds; NULL means never
    )

Configure it with the table name as LOCATION:

    CACHES = {"default": {"BACKEND": "glassbox.cache.backends.db.DatabaseCache",
                          "LOCATION": "glassbox_cache"}}

Values are pickled into the blob. An expired row is deleted when it is read; when the table is
full (MAX_ENTRIES rows), a set deletes every expired row, and then, if it must, the rows closest
to expiring (rows that never expire go last).

    >>> from glassbox.db import Connection
    >>> database = Connection(":memory:")
    >>> create_cache_table(database)
    >>> cache = DatabaseCache("glassbox_cache", {"OPTIONS": {"DATABASE": database}})
    >>> cache.set("greeting", "hello", 60)
    >>> cache.get("greeting"), database.queries[-1]["sql"]
    ('hello', 'SELECT "value", "expires" FROM "glassbox_cache" WHERE "cache_key" = ?')
"""

from glassbox import clock
from glassbox.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from glassbox.exceptions import ImproperlyConfigured

DEFAULT_TABLE = "glassbox_cache"


def create_cache_table(database=None, table=DEFAULT_TABLE):
    """Create the cache's table (if it is not there yet) in `database` (default: glassbox's)."""
    database = database if database is not None else default_database()
    database.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ("cache_key" varchar(255) NOT NULL '
                     'PRIMARY KEY, "value" blob NOT NULL, "expires" real NULL)')


def default_database():
    from glassbox.db import connection  # here, so a site without this backend never loads it

    return connection


class DatabaseCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        self.table = location or DEFAULT_TABLE
        if not self.table.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"The cache table name {self.table!r} should be letters, "
                                       "digits and underscores (it is written into the SQL).")
        self.database = params.get("OPTIONS", {}).get("DATABASE") or default_database()

    def execute(self, sql, params=()):
        try:
            return self.database.execute(sql, params)
        except Exception as error:
            if "no such table" in str(error):
                raise ImproperlyConfigured(
                    f"The database cache's table {self.table!r} does not exist. Create it once "
                    "with glassbox.cache.backends.db.create_cache_table(connection, "
                    f"{self.table!r}) (Django: manage.py createcachetable).") from error
            raise

    def _row(self, stored_key):
        """(pickled value, expires) of a live entry, or None; an expired row is deleted."""
        row = self.execute(f'SELECT "value", "expires" FROM "{self.table}" WHERE "cache_key" = ?',
                           [stored_key]).fetchone()
        if row is None:
            return None
        if row[1] is not None and row[1] <= clock.time():
            self.execute(f'DELETE FROM "{self.table}" WHERE "cache_key" = ?', [stored_key])
            return None
        return row

    def get(self, key, default=None, version=None):
        stored_key = self.make_and_validate_key(key, version)
        row = self._row(stored_key)
        if row is None:
            self.record("get", key, stored_key, hit=False)
            return default
        self.record("get", key, stored_key, hit=True, size=len(row[0]), expires=row[1])
        return self.deserialize(row[0])

    def has_key(self, key, version=None):
        stored_key = self.make_and_validate_key(key, version)
        found = self._row(stored_key) is not None
        self.record("has_key", key, stored_key, hit=found)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        stored_key = self.make_and_validate_key(key, version)
        self._store(key, stored_key, value, timeout, "set")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        stored_key = self.make_and_validate_key(key, version)
        if self._row(stored_key) is not None:
            self.record("add", key, stored_key, hit=True, stored=False)
            return False
        return self._store(key, stored_key, value, timeout, "add")

    def _store(self, key, stored_key, value, timeout, op):
        if timeout == 0:
            self.execute(f'DELETE FROM "{self.table}" WHERE "cache_key" = ?', [stored_key])
            self.record(op, key, stored_key, timeout=0, stored=False)
            return False
        expires = self.get_backend_timeout(timeout)
        data = self.serialize(value)
        count = self.execute(f'SELECT COUNT(*) FROM "{self.table}"').fetchone()[0]
        if count >= self.max_entries:
            self._cull(count)
        # An "upsert": insert the row, or replace the value of the key that is already there.
        self.execute(f'INSERT INTO "{self.table}" ("cache_key", "value", "expires") '
                     'VALUES (?, ?, ?) ON CONFLICT ("cache_key") DO UPDATE SET '
                     '"value" = excluded."value", "expires" = excluded."expires"',
                     [stored_key, data, expires])
        self.record(op, key, stored_key, size=len(data), expires=expires,
                    timeout=self.timeout_for_trace(timeout), stored=True)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        stored_key = self.make_and_validate_key(key, version)
        if self._row(stored_key) is None:
            self.record("touch", key, stored_key, hit=False)
            return False
        expires = self.get_backend_timeout(timeout)
        self.execute(f'UPDATE "{self.table}" SET "expires" = ? WHERE "cache_key" = ?',
                     [expires, stored_key])
        self.record("touch", key, stored_key, hit=True, expires=expires,
                    timeout=self.timeout_for_trace(timeout))
        return True

    def incr(self, key, delta=1, version=None):
        stored_key = self.make_and_validate_key(key, version)
        row = self._row(stored_key)
        if row is None:
            self.record("incr", key, stored_key, hit=False)
            raise self.missing_key_error(key, "incr")
        value = self.deserialize(row[0]) + delta
        self.execute(f'UPDATE "{self.table}" SET "value" = ? WHERE "cache_key" = ?',
                     [self.serialize(value), stored_key])
        self.record("incr", key, stored_key, hit=True, expires=row[1], delta=delta)
        return value

    def delete(self, key, version=None):
        stored_key = self.make_and_validate_key(key, version)
        cursor = self.execute(f'DELETE FROM "{self.table}" WHERE "cache_key" = ?', [stored_key])
        self.record("delete", key, stored_key, hit=cursor.rowcount > 0)
        return cursor.rowcount > 0

    def clear(self):
        cursor = self.execute(f'DELETE FROM "{self.table}"')
        self.record("clear", None, evicted=cursor.rowcount)

    def _cull(self, count):
        """The table is full: delete the expired rows, then the ones closest to expiring."""
        expired = self.execute(f'DELETE FROM "{self.table}" WHERE "expires" <= ?',
                               [clock.time()]).rowcount
        evicted = []
        count -= expired
        if count >= self.max_entries:
            number = count if self.cull_frequency == 0 else max(1, count // self.cull_frequency)
            rows = self.execute(f'SELECT "cache_key" FROM "{self.table}" ORDER BY '
                                '"expires" IS NULL, "expires" LIMIT ?', [number]).fetchall()
            evicted = [stored_key for (stored_key,) in rows]
            self.execute(f'DELETE FROM "{self.table}" WHERE "cache_key" IN '
                         f'({", ".join("?" for _ in evicted)})', evicted)
        self.record("cull", None, expired=expired, evicted=evicted, max_entries=self.max_entries)
