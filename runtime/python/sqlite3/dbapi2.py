"""Kept for code that imports `sqlite3.dbapi2`, as CPython allows: everything is in `sqlite3`."""

from sqlite3 import *  # noqa: F401,F403
from sqlite3 import Connection, Cursor, Row  # noqa: F401
