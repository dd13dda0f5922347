"""The database connection: every SQL statement the framework sends goes through here.

`Connection` wraps an `sqlite3` connection and adds what a learner wants to see:

- `connection.queries` lists every statement run: dicts with "sql", "params" and "time"
  (seconds, as a string). Django's `connection.queries` is kept only when DEBUG is True, and
  its dicts have "sql" (with the values written in, for reading) and "time", no "params";
  glassbox always keeps it, and keeps the values apart, as the database received them;
- a statement that fails is kept too, with an "error" key (in the trace as well);
- while a request is being handled, each statement is also written into the request's trace
  as an event of type "sql", with the statement, its parameters, how many rows it returned or
  changed, how long it took, and `where`: the line of *your* code that caused it (the innermost
  frame outside glassbox and the standard library; when the framework sent it on its own, as
  middleware loading a session does, the framework's line that asked).

How does the connection know the current request's trace without a global "current request"?
The application tells it: around each view, `Glassbox` runs the view inside
`with connection.tracing(request.trace):`, which sets `connection.trace` and puts the previous
value back afterwards. Outside a request, `connection.trace` is None and only `queries` is kept.

It also watches for the N+1 problem: when one request runs the same SELECT with different
parameters `N_PLUS_ONE_THRESHOLD` times (a loop that fetches each book's author one by one),
the trace gets an "n_plus_one" event saying which line did it; `select_related` or
`prefetch_related` is usually the cure.

    >>> connection = Connection(":memory:")
    >>> connection.execute("SELECT ? + ?", [1, 2]).fetchall()
    [(3,)]
    >>> connection.queries[-1]["sql"], connection.queries[-1]["params"]
    ('SELECT ? + ?', [1, 2])

The underlying sqlite3 connection runs in autocommit mode (`isolation_level=None`): each
statement is its own transaction, unless `glassbox.db.transaction.atomic()` opened a longer one
with BEGIN, which then shows up in the trace like any other statement.
"""

import contextlib
import sys
import time

from glassbox.debug import is_framework_file, is_glue_file

# How many times one SELECT may repeat in a request before the trace calls it an N+1 problem.
N_PLUS_ONE_THRESHOLD = 3

# How many statements `queries` remembers, so a long lesson does not fill the memory.
QUERIES_LIMIT = 9000


def caller_location():
    """'file:line in function' for the innermost frame of your code that is running now.

    When none of your code is on the stack (middleware loading a session for the inspector's
    request), the innermost frame of the framework that asked, outside glassbox.db itself (the
    query machinery is never the answer to "who sent this?"). Never the glue that hosts your
    program (glassbox_lesson, _glassbox_boot), nor what called the glue: the search stops there.
    """
    asking = None  # the innermost framework frame outside glassbox.db
    frame = sys._getframe(1)
    while frame is not None and not is_glue_file(frame.f_code.co_filename):
        filename = frame.f_code.co_filename
        if not is_framework_file(filename):
            return location(frame)
        if asking is None and is_glassbox_file(filename) \
                and "glassbox/db/" not in filename.replace("\\", "/"):
            asking = frame
        frame = frame.f_back
    return location(asking) if asking is not None else None


def is_glassbox_file(filename):
    """True for the framework's own modules (not the standard library)."""
    normalized = filename.replace("\\", "/")
    return normalized.startswith("glassbox/") or "/glassbox/" in normalized


def location(frame):
    return f"{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}"


def wait_for(deadline):
    """Busy-wait until time.perf_counter() reaches `deadline`: a browser worker cannot sleep."""
    while time.perf_counter() < deadline:
        pass


class Connection:
    """One SQLite database and the record of what was asked of it."""

    def __init__(self, name=":memory:"):
        self.name = name
        self.queries = []
        self.trace = None           # the current request's trace, set by tracing()
        self.repeats = {}           # during a request: SELECT text -> times run
        self.savepoint_ids = []     # open atomic() blocks, innermost last (see transaction.py)
        self.on_commit_callbacks = []
        self.needs_rollback = False  # an error inside atomic(): only ROLLBACK may follow
        self._database = None       # opened on first use
        # The inspector's "slow database" lab control: every statement takes this much longer.
        self.latency_ms = 0

    # -- running SQL ----------------------------------------------------------------------------

    @property
    def database(self):
        """The sqlite3 connection underneath, opened on first use."""
        if self._database is None:
            import sqlite3  # here, so an app that never touches the database never loads it

            self._database = sqlite3.connect(self.name, isolation_level=None)
            self._database.execute("PRAGMA foreign_keys = ON")
        return self._database

    def execute(self, sql, params=(), control=False):
        """Run one statement with its parameters; return the sqlite3 cursor (rows fetched).

        The values travel in `params` (a list for ?, a dict for :name), never inside the SQL.

        A statement the database refuses is recorded too (with its error: it is the one you
        most want to see), then its error is raised as the `glassbox.db` exception of the same
        name (`IntegrityError`, ...), with sqlite3's underneath.

        Inside an `atomic()` block that an error has spoiled (see transaction.py), every
        statement is refused with TransactionManagementError until the block ends, except
        the ones `atomic()` itself sends to end it (`control=True`).
        """
        from glassbox.db.exceptions import TransactionManagementError, database_error_like

        if self.needs_rollback and self.savepoint_ids and not control:
            raise TransactionManagementError(
                "An error occurred in the current transaction. You can't execute queries "
                "until the end of the 'atomic' block.")
        params = params if isinstance(params, dict) else list(params)
        started = time.perf_counter()
        try:
            cursor = self.database.execute(sql, params)
            rows = cursor.fetchall() if cursor.description is not None else None
        except Exception as error:
            duration_ms = round((time.perf_counter() - started) * 1000, 3)
            self.record(sql, params, None, duration_ms, error=f"{type(error).__name__}: {error}")
            ours = database_error_like(error)
            if ours is None:
                raise
            raise ours from error
        if self.latency_ms:
            wait_for(started + self.latency_ms / 1000)
        duration_ms = round((time.perf_counter() - started) * 1000, 3)
        self.record(sql, params, len(rows) if rows is not None else cursor.rowcount, duration_ms)
        return StoredCursor(cursor, rows)

    def record(self, sql, params, rows, duration_ms, error=None):
        """Write one statement into `queries` and, during a request, into its trace."""
        entry = {"sql": sql, "params": params, "time": f"{duration_ms / 1000:.3f}"}
        if error is not None:
            entry["error"] = error
        self.queries.append(entry)
        del self.queries[:-QUERIES_LIMIT]
        if self.trace is not None:
            where = caller_location()
            extra = {"error": error} if error is not None else {}
            self.trace.record("sql", sql=sql, params=params, rows=rows,
                              duration_ms=duration_ms, where=where, **extra)
            self.notice_repeats(sql, where)

    def notice_repeats(self, sql, where):
        """Record an "n_plus_one" event the moment a SELECT reaches the threshold, then keep
        its `count` up to date, so the trace can say "this loop ran 50 queries"."""
        if not sql.startswith("SELECT") or "?" not in sql:
            return
        count, event = self.repeats.get(sql, (0, None))
        count += 1
        if count == N_PLUS_ONE_THRESHOLD:
            event = self.trace.record("n_plus_one", sql=sql, count=count, where=where)
        elif event is not None:
            event["count"] = count
        self.repeats[sql] = (count, event)

    # -- the request's trace -------------------------------------------------------------------

    @contextlib.contextmanager
    def tracing(self, trace):
        """Record statements into `trace` inside the `with` block (the app does this per view)."""
        previous = self.trace, self.repeats
        self.trace, self.repeats = trace, {}
        try:
            yield self
        finally:
            self.trace, self.repeats = previous

    # -- lifecycle ------------------------------------------------------------------------------

    def reset(self):
        """Throw the database away and start an empty one (handy between tests)."""
        self.close()
        self.queries.clear()
        self.savepoint_ids.clear()
        self.on_commit_callbacks.clear()
        self.needs_rollback = False

    def close(self):
        if self._database is not None:
            self._database.close()
            self._database = None

    def table_names(self):
        """The tables in the database, in alphabetical order."""
        cursor = self.database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")
        return [name for (name,) in cursor.fetchall()]

    def __repr__(self):
        return f"<Connection {self.name!r}, {len(self.queries)} queries so far>"


class StoredCursor:
    """A cursor whose rows were already fetched (so their count could be recorded)."""

    def __init__(self, cursor, rows):
        self.description = cursor.description
        self.rowcount = cursor.rowcount
        self.lastrowid = cursor.lastrowid
        self.rows = rows or []

    def fetchall(self):
        return list(self.rows)

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def __iter__(self):
        return iter(self.rows)
