"""Transactions: several statements that succeed together or not at all.

    with transaction.atomic():
        order.save()
        product.stock -= 1
        product.save()       # if this raises, the order is not saved either

Outside `atomic()` each statement is its own transaction (autocommit). The outermost `atomic()`
sends BEGIN, then COMMIT when the block ends normally, or ROLLBACK when an exception escapes
it (the exception carries on). A nested `atomic()` cannot start a second transaction, so it
uses a SAVEPOINT: an exception inside it rolls back to the savepoint only, and the outer block
can catch the exception and go on. All of these statements appear in the trace.

`on_commit(function)` runs `function` after the outermost block commits (sending an email
about an order that was then rolled back would be wrong); if the transaction rolls back, the
function is dropped. Outside a transaction it runs at once. `atomic` also works as a decorator.
The callbacks run in the order they were registered, after COMMIT, so one that raises cannot
undo the transaction: its exception goes on to whoever ended the block, and the callbacks after
it are not run, unless it was registered with `robust=True` (then its error is written down and
the next one runs), as in Django.
Each callback leaves "on_commit" events in the trace: "registered" (with the savepoint it
belongs to), then "run" after COMMIT or "discarded" at the ROLLBACK that dropped it; if its own
savepoint rolls back, the outer block carries on without it.

NOTIFY (glassbox.db.notify) follows the same rule as on_commit: its notifications leave at
COMMIT, and a ROLLBACK, or a ROLLBACK TO SAVEPOINT, throws away the ones made inside.

An error inside a block that you catch *inside* the same block is a trap:

    with transaction.atomic():
        try:
            Tag.objects.create(name="duplicate")   # IntegrityError
        except IntegrityError:
            pass
        Tag.objects.count()                        # TransactionManagementError

On PostgreSQL the failed statement has spoiled the transaction, and the database itself refuses
everything until ROLLBACK. Django (and glassbox) make every database behave that way: when a
save(), update(), delete() or bulk_create() fails inside a block, the connection is marked
`needs_rollback`, every further statement raises TransactionManagementError, and the block ends
with ROLLBACK instead of COMMIT. The cure is a nested atomic() around the risky part: its
SAVEPOINT is rolled back alone, and the outer block carries on.
"""

import contextlib
import functools
import logging

from glassbox import db
from glassbox.db.exceptions import TransactionManagementError  # noqa: F401

logger = logging.getLogger("glassbox.db.transaction")


class Atomic:
    """The context manager (and decorator) made by atomic()."""

    def __init__(self, connection=None, savepoint=True):
        self.explicit_connection = connection
        # savepoint=False: nested, it sends no SAVEPOINT; an error inside then spoils the
        # outer block (the ORM's own multi-statement writes use this, as Django's do).
        self.savepoint = savepoint

    @property
    def connection(self):
        return self.explicit_connection or db.connection

    def __enter__(self):
        connection = self.connection
        depth = len(connection.savepoint_ids)
        if depth == 0:
            connection.needs_rollback = False
            connection.execute("BEGIN", control=True)
            connection.savepoint_ids.append(None)
        elif connection.needs_rollback or not self.savepoint:
            connection.savepoint_ids.append(False)  # no savepoint of its own
        else:
            name = f"s{depth}"
            connection.execute(f'SAVEPOINT "{name}"')
            connection.savepoint_ids.append(name)
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        connection = self.connection
        name = connection.savepoint_ids.pop()
        depth = len(connection.savepoint_ids)
        failed = exc_type is not None or connection.needs_rollback
        # Callbacks registered inside this block: dropped if it failed, else now the outer's.
        kept = []
        for level, function, savepoint, robust in connection.on_commit_callbacks:
            if failed and level > depth:
                trace_on_commit(connection, "discarded", function, savepoint,
                                reason=f"ROLLBACK TO SAVEPOINT {name}" if name else "ROLLBACK")
            else:
                kept.append((min(level, depth), function, savepoint, robust))
        connection.on_commit_callbacks = kept
        notify_hook(connection, "savepoint_ended", depth=depth, failed=failed)
        if name is None:  # the outermost block
            connection.needs_rollback = False
            if not failed:
                connection.execute("COMMIT", control=True)
                notify_hook(connection, "committed")
                callbacks, connection.on_commit_callbacks = connection.on_commit_callbacks, []
                for _level, function, savepoint, robust in callbacks:
                    run_callback(connection, function, savepoint, robust)
            else:
                for _level, function, savepoint, _robust in connection.on_commit_callbacks:
                    trace_on_commit(connection, "discarded", function, savepoint,
                                    reason="ROLLBACK")
                connection.on_commit_callbacks = []
                connection.execute("ROLLBACK", control=True)
                notify_hook(connection, "rolled_back")
        elif name is False:  # no savepoint to go back to: the outer block must roll back
            if failed:
                connection.needs_rollback = True
        elif not failed:
            connection.execute(f'RELEASE SAVEPOINT "{name}"', control=True)
        else:  # back to how things were when this block began: no longer spoiled
            connection.needs_rollback = False
            connection.execute(f'ROLLBACK TO SAVEPOINT "{name}"', control=True)
            connection.execute(f'RELEASE SAVEPOINT "{name}"', control=True)
        return False  # never swallow the exception

    def __call__(self, function):
        @functools.wraps(function)
        def inside_atomic(*args, **kwargs):
            with Atomic(self.explicit_connection, self.savepoint):
                return function(*args, **kwargs)

        return inside_atomic


def atomic(using=None, savepoint=True):
    """A block (or, used as @atomic, a function) whose statements commit together."""
    if callable(using):  # @atomic without parentheses
        return Atomic()(using)
    return Atomic(using, savepoint)


def on_commit(function, using=None, robust=False):
    """Call `function` once the current transaction commits (now, if there is none).

    `robust=True`: if it raises, write the error down and go on with the next callback."""
    if not callable(function):
        # on_commit(send(order)) calls send() now and registers what it returned.
        raise TypeError(f"on_commit()'s callback must be a callable, not {function!r}: pass "
                        "the function itself (or a lambda), do not call it.")
    connection = using or db.connection
    if not connection.savepoint_ids:
        trace_on_commit(connection, "registered", function, None, immediate=True)
        run_callback(connection, function, None, robust, immediate=True)
    else:
        savepoint = next((name for name in reversed(connection.savepoint_ids) if name), None)
        connection.on_commit_callbacks.append(
            (len(connection.savepoint_ids), function, savepoint, robust))
        trace_on_commit(connection, "registered", function, savepoint)


def run_callback(connection, function, savepoint, robust, **extra):
    """Run one on_commit callback; a robust one that raises is written down, not raised."""
    trace_on_commit(connection, "run", function, savepoint, **extra)
    if not robust:
        function()
        return
    try:
        function()
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        trace_on_commit(connection, "failed", function, savepoint, error=message)
        logger.error("on_commit callback %s failed: %s", function, message)


def trace_on_commit(connection, action, function, savepoint, **extra):
    """The "on_commit" trace event (see glassbox.trace): a callback was registered, run at
    COMMIT, discarded at a ROLLBACK, or (robust) failed; `savepoint` is the innermost SAVEPOINT
    open when it was registered (None: the outermost block)."""
    if connection.trace is not None:
        from glassbox.db.models.signals import name_of

        connection.trace.record("on_commit", action=action, callback=name_of(function),
                                savepoint=savepoint, **extra)


def notify_hook(connection, what, **details):
    """Tell the notification bus (glassbox.db.notify) that a block ended, if it is in use."""
    bus_hook = getattr(connection, "notify_hook", None)
    if bus_hook is not None:
        bus_hook(what, **details)


@contextlib.contextmanager
def mark_for_rollback_on_error(connection=None):
    """Around one write of the ORM (save, update, delete, bulk_create): if it fails inside an
    atomic() block, mark the block spoiled (`needs_rollback`), then let the error go on."""
    connection = connection or db.connection
    try:
        yield
    except Exception:
        if connection.savepoint_ids:
            connection.needs_rollback = True
        raise
