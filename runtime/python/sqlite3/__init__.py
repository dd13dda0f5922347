"""sqlite3: Python's database API (DB-API 2.0, PEP 249), over a real SQLite.

This is the module Python's own sqlite3 tutorial uses, written in plain Python so you can read
how a database driver works. The native part, `_glassbox_sqlite`, only opens a database and runs
one SQL statement at a time, returning SQLite's rows or SQLite's error code and message. This
file builds the familiar interface on top:

- `connect()` returns a `Connection`; a connection makes `Cursor`s and ends transactions;
- a `Cursor` sends a statement with its parameters (`?` or `:name` placeholders: values are
  *bound*, never pasted into the SQL) and hands out the rows: `fetchone`, `fetchmany`,
  `fetchall`, or plain iteration;
- SQLite's error codes become the DB-API exception classes (`IntegrityError` for a broken
  constraint, `OperationalError` for bad SQL, ...), with SQLite's own message;
- transactions work as in CPython's default mode: a data-changing statement (INSERT, UPDATE,
  DELETE, REPLACE) first opens a transaction with BEGIN, which stays open until `commit()` or
  `rollback()`. Used as a context manager, a connection commits on success and rolls back on
  an exception.

    >>> import sqlite3
    >>> con = sqlite3.connect(":memory:")
    >>> cur = con.cursor()
    >>> cur.execute("CREATE TABLE movie(title, year)")  # doctest: +ELLIPSIS
    <sqlite3.Cursor object at 0x...>
    >>> cur.execute("INSERT INTO movie VALUES (?, ?)", ("Monty Python", 1975)).rowcount
    1
    >>> con.commit()
    >>> cur.execute("SELECT title FROM movie WHERE year = :year", {"year": 1975}).fetchone()
    ('Monty Python',)
"""

import _glassbox_sqlite as _native

from sqlite3.errors import (  # noqa: F401 (re-exported: they are part of the module's API)
    DataError,
    DatabaseError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    Warning,
    error_from_sqlite,
)
from sqlite3.row import Row  # noqa: F401

apilevel = "2.0"
threadsafety = 1
paramstyle = "qmark"
sqlite_version = _native.sqlite_version
sqlite_version_info = tuple(int(part) for part in sqlite_version.split("."))

# Statements that change data; before one of these, a transaction is opened (see the docstring).
_DATA_CHANGING = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def connect(database, timeout=5.0, detect_types=0, isolation_level="", check_same_thread=True,
            factory=None, cached_statements=128, uri=False, autocommit=None):
    """Open a connection to an SQLite database. ":memory:" gives a private in-memory one."""
    connection_class = factory or Connection
    return connection_class(database, isolation_level=isolation_level)


class Connection:
    """An open database. Make cursors with `cursor()`; end transactions with commit/rollback."""

    def __init__(self, database, isolation_level=""):
        result = _native.open(str(database))
        if not isinstance(result, int):
            raise error_from_sqlite(result)
        self._handle = result
        self.isolation_level = isolation_level
        self.row_factory = None
        self.total_changes = 0

    # -- running SQL ------------------------------------------------------------------------

    def cursor(self, factory=None):
        cursor = (factory or Cursor)(self)
        cursor.row_factory = self.row_factory
        return cursor

    def execute(self, sql, parameters=()):
        """A shortcut: make a cursor, execute on it, return it."""
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script):
        return self.cursor().executescript(sql_script)

    # -- transactions -----------------------------------------------------------------------

    @property
    def in_transaction(self):
        self._check_open()
        return not _native.is_autocommit(self._handle)

    def commit(self):
        if self.in_transaction:
            self._run("COMMIT")

    def rollback(self):
        if self.in_transaction:
            self._run("ROLLBACK")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return False  # never swallow the exception

    # -- lifecycle --------------------------------------------------------------------------

    def close(self):
        if self._handle is not None:
            _native.close(self._handle)
            self._handle = None

    def __del__(self):
        if getattr(self, "_handle", None) is not None:
            _native.close(self._handle)

    # -- inside -----------------------------------------------------------------------------

    def _check_open(self):
        if self._handle is None:
            raise ProgrammingError("Cannot operate on a closed database.")

    def _begin_if_needed(self, sql):
        """The legacy transaction rule: open a transaction before a data-changing statement."""
        if self.isolation_level is None or self.in_transaction:
            return
        if sql.lstrip().upper().startswith(_DATA_CHANGING):
            self._run(f"BEGIN {self.isolation_level}")

    def _run(self, sql, parameters=()):
        """Run one statement through the native core; return (columns, rows, changes, lastrowid, readonly)."""
        self._check_open()
        result = _native.execute(self._handle, sql, _as_bindable(parameters))
        if result[0] != "ok":
            raise error_from_sqlite(result, sql)
        return result[1:]


class Cursor:
    """Runs statements and walks through their rows."""

    def __init__(self, connection):
        self.connection = connection
        self.arraysize = 1
        self.row_factory = None
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self._rows = []
        self._position = 0
        self._closed = False

    def execute(self, sql, parameters=()):
        """Run one statement. Values go in `parameters`, never into the SQL string itself."""
        self._check_open()
        self.connection._begin_if_needed(sql)
        columns, rows, changes, lastrowid, readonly = self.connection._run(sql, parameters)
        self.description = None if columns is None else tuple((name, None, None, None, None, None, None) for name in columns)
        self._rows, self._position = rows, 0
        self.rowcount = -1 if readonly else changes
        if not readonly:
            self.connection.total_changes += changes
            self.lastrowid = lastrowid
        return self

    def executemany(self, sql, seq_of_parameters):
        """Run one data-changing statement once per set of parameters."""
        total = 0
        for parameters in seq_of_parameters:
            self.execute(sql, parameters)
            if self.description is not None:
                raise ProgrammingError("executemany() can only execute DML statements.")
            total += max(self.rowcount, 0)
        self.rowcount = total
        return self

    def executescript(self, sql_script):
        """Commit any open transaction, then run several ;-separated statements as they are."""
        self._check_open()
        self.connection.commit()
        result = _native.executescript(self.connection._handle, sql_script)
        if result[0] != "ok":
            raise error_from_sqlite(result, sql_script)
        self.description, self._rows, self._position = None, [], 0
        return self

    def fetchone(self):
        if self._position >= len(self._rows):
            return None
        row = self._rows[self._position]
        self._position += 1
        return self._make_row(row)

    def fetchmany(self, size=None):
        size = self.arraysize if size is None else size
        rows = []
        while len(rows) < size:
            row = self.fetchone()
            if row is None:
                break
            rows.append(row)
        return rows

    def fetchall(self):
        return self.fetchmany(len(self._rows) - self._position)

    def __iter__(self):
        return self

    def __next__(self):
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def close(self):
        self._closed = True

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass

    def _check_open(self):
        if self._closed:
            raise ProgrammingError("Cannot operate on a closed cursor.")
        self.connection._check_open()

    def _make_row(self, values):
        factory = self.row_factory
        return values if factory is None else factory(self, values)


def _as_bindable(parameters):
    """The native core takes a dict (for :name placeholders) or a list (for ?)."""
    if isinstance(parameters, dict):
        return parameters
    if isinstance(parameters, (str, bytes)):
        raise ProgrammingError("parameters are of unsupported type: pass a tuple, e.g. (value,)")
    try:
        return list(parameters)
    except TypeError:
        raise ProgrammingError("parameters are of unsupported type: pass a tuple or a dict") from None
