from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db import connection
from glassbox.http import HttpResponse
from glassbox.urls import path

connection.execute("CREATE TABLE flag (name text primary key, enabled integer)")
connection.execute("INSERT INTO flag VALUES ('new-checkout', 0)")


def flag_is_on(name):
    """True if the flag's row says enabled; False for a flag that has no row."""
    key = f"flag:{name}"
    enabled = cache.get(key)
    if enabled is None:
        row = connection.execute("SELECT enabled FROM flag WHERE name = ?", [name]).fetchone()
        enabled = bool(row and row[0])
        cache.set(key, enabled, timeout=60)
    return enabled


def set_flag(name, enabled):
    """What the admin's switch does."""
    connection.execute("UPDATE flag SET enabled = ? WHERE name = ?", [int(enabled), name])


def checkout(request):
    return HttpResponse("new checkout" if flag_is_on("new-checkout") else "old checkout")


app = Glassbox(urls=[path("checkout/", checkout)])
