from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db import connection
from glassbox.http import HttpResponse
from glassbox.urls import path

connection.execute("CREATE TABLE flag (name text primary key, enabled integer)")
connection.execute("INSERT INTO flag VALUES ('new-checkout', 0)")

KNOWN = {}  # this worker's copy of the flags


def flag_is_on(name):
    """True if the flag's row says enabled; False for a flag that has no row."""
    if name not in KNOWN:
        row = connection.execute("SELECT enabled FROM flag WHERE name = ?", [name]).fetchone()
        KNOWN[name] = bool(row and row[0])
    return KNOWN[name]


def set_flag(name, enabled):
    """What the admin's switch does."""
    connection.execute("UPDATE flag SET enabled = ? WHERE name = ?", [int(enabled), name])
    KNOWN.pop(name, None)


def checkout(request):
    return HttpResponse("new checkout" if flag_is_on("new-checkout") else "old checkout")


app = Glassbox(urls=[path("checkout/", checkout)])
