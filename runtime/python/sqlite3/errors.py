"""The DB-API exception classes, and how SQLite's result codes map onto them.

    Warning
    Error
     ├── InterfaceError        the driver was misused (e.g. a value it cannot bind)
     └── DatabaseError
          ├── DataError         a value too big for SQLite
          ├── OperationalError  SQL that cannot run: a syntax error, a missing table, ...
          ├── IntegrityError    a constraint said no: UNIQUE, NOT NULL, FOREIGN KEY, CHECK
          ├── InternalError
          ├── ProgrammingError  wrong use of the API: bindings count, closed connection
          └── NotSupportedError
"""


class Warning(Exception):  # noqa: A001 (the DB-API's name)
    pass


class Error(Exception):
    """Every sqlite3 error. `sqlite_errorcode`/`sqlite_errorname` say what SQLite reported."""

    sqlite_errorcode = None
    sqlite_errorname = None


class InterfaceError(Error):
    pass


class DatabaseError(Error):
    pass


class DataError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    pass


class IntegrityError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    pass


class NotSupportedError(DatabaseError):
    pass


# SQLite's primary result codes (the low byte of an extended code), with the class each raises.
_PRIMARY_CODES = {
    1: ("SQLITE_ERROR", OperationalError),
    2: ("SQLITE_INTERNAL", InternalError),
    3: ("SQLITE_PERM", OperationalError),
    4: ("SQLITE_ABORT", OperationalError),
    5: ("SQLITE_BUSY", OperationalError),
    6: ("SQLITE_LOCKED", OperationalError),
    7: ("SQLITE_NOMEM", MemoryError),
    8: ("SQLITE_READONLY", OperationalError),
    9: ("SQLITE_INTERRUPT", OperationalError),
    10: ("SQLITE_IOERR", OperationalError),
    11: ("SQLITE_CORRUPT", DatabaseError),
    12: ("SQLITE_NOTFOUND", InternalError),
    13: ("SQLITE_FULL", OperationalError),
    14: ("SQLITE_CANTOPEN", OperationalError),
    15: ("SQLITE_PROTOCOL", OperationalError),
    17: ("SQLITE_SCHEMA", OperationalError),
    18: ("SQLITE_TOOBIG", DataError),
    19: ("SQLITE_CONSTRAINT", IntegrityError),
    20: ("SQLITE_MISMATCH", IntegrityError),
    21: ("SQLITE_MISUSE", InterfaceError),
    25: ("SQLITE_RANGE", InterfaceError),
    26: ("SQLITE_NOTADB", DatabaseError),
}

# Extended codes worth naming precisely, so a learner sees *which* constraint failed.
_EXTENDED_NAMES = {
    275: "SQLITE_CONSTRAINT_CHECK",
    787: "SQLITE_CONSTRAINT_FOREIGNKEY",
    1299: "SQLITE_CONSTRAINT_NOTNULL",
    1555: "SQLITE_CONSTRAINT_PRIMARYKEY",
    2067: "SQLITE_CONSTRAINT_UNIQUE",
}


def error_from_sqlite(result, sql=None):
    """Turn a native error result into the exception to raise.

    `result` is `("sqlite", code, extended_code, message, offset)` for an error SQLite reported,
    or `("programming" | "interface", message)` for a misuse the driver caught itself.
    """
    kind = result[0]
    if kind == "programming":
        return ProgrammingError(result[1])
    if kind == "interface":
        return InterfaceError(result[1])
    _, code, extended_code, message, offset = result
    name, error_class = _PRIMARY_CODES.get(code, ("SQLITE_ERROR", DatabaseError))
    if sql is not None and offset is not None and offset >= 0:
        message = f"{message}\n{_point_at(sql, offset)}"
    error = error_class(message)
    if isinstance(error, Error):
        error.sqlite_errorcode = extended_code
        error.sqlite_errorname = _EXTENDED_NAMES.get(extended_code, name)
    return error


def _point_at(sql, offset):
    """The line of SQL where SQLite stopped, with a caret under the spot (offset is in bytes)."""
    encoded = sql.encode()
    position = len(encoded[:offset].decode(errors="ignore"))
    line_start = sql.rfind("\n", 0, position) + 1
    line_end = sql.find("\n", position)
    line = sql[line_start:] if line_end == -1 else sql[line_start:line_end]
    return f"  {line}\n  {' ' * (position - line_start)}^"
