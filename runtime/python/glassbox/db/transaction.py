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
"""

import functools

from glassbox import db


class Atomic:
    """The context manager (and decorator) made by atomic()."""

    def __init__(self, connection=None):
        self.explicit_connection = connection

    @property
    def connection(self):
        return self.explicit_connection or db.connection

    def __enter__(self):
        connection = self.connection
        depth = len(connection.savepoint_ids)
        if depth == 0:
            connection.execute("BEGIN")
            connection.savepoint_ids.append(None)
        else:
            name = f"s{depth}"
            connection.execute(f'SAVEPOINT "{name}"')
            connection.savepoint_ids.append(name)
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        connection = self.connection
        name = connection.savepoint_ids.pop()
        depth = len(connection.savepoint_ids)
        # Callbacks registered inside this block: dropped if it failed, else now the outer's.
        connection.on_commit_callbacks = [
            (min(level, depth), function) for level, function in connection.on_commit_callbacks
            if exc_type is None or level <= depth]
        if name is None:  # the outermost block
            if exc_type is None:
                connection.execute("COMMIT")
                callbacks, connection.on_commit_callbacks = connection.on_commit_callbacks, []
                for _level, function in callbacks:
                    function()
            else:
                connection.execute("ROLLBACK")
        elif exc_type is None:
            connection.execute(f'RELEASE SAVEPOINT "{name}"')
        else:
            connection.execute(f'ROLLBACK TO SAVEPOINT "{name}"')
            connection.execute(f'RELEASE SAVEPOINT "{name}"')
        return False  # never swallow the exception

    def __call__(self, function):
        @functools.wraps(function)
        def inside_atomic(*args, **kwargs):
            with Atomic(self.explicit_connection):
                return function(*args, **kwargs)

        return inside_atomic


def atomic(using=None):
    """A block (or, used as @atomic, a function) whose statements commit together."""
    if callable(using):  # @atomic without parentheses
        return Atomic()(using)
    return Atomic(using)


def on_commit(function, using=None):
    """Call `function` once the current transaction commits (now, if there is none)."""
    connection = using or db.connection
    if not connection.savepoint_ids:
        function()
    else:
        connection.on_commit_callbacks.append((len(connection.savepoint_ids), function))
