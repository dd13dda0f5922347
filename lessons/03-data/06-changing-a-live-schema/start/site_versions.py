"""The shop's code, in the four versions that will be deployed while the schema changes.

A deploy is not instant, and neither is a migration: for a while the old code runs against the
new schema, or the new code against the old one. Each version below is what its requests send
to the product table: it adds a product and reads the prices back.

    v1  today's code: writes and reads price (dollars)
    v2  writes both price and price_cents, still reads price
    v3  writes both, reads price_cents
    v4  the goal: writes and reads price_cents only
"""

from glassbox.db import transaction


def v1(connection):
    connection.execute('INSERT INTO "product" ("name", "price") VALUES (?, ?)', ["Probe", 2.5])
    connection.execute('SELECT "price" FROM "product"')


def v2(connection):
    connection.execute('INSERT INTO "product" ("name", "price", "price_cents") VALUES (?, ?, ?)',
                       ["Probe", 2.5, 250])
    connection.execute('SELECT "price" FROM "product"')


def v3(connection):
    connection.execute('INSERT INTO "product" ("name", "price", "price_cents") VALUES (?, ?, ?)',
                       ["Probe", 2.5, 250])
    connection.execute('SELECT "price_cents" FROM "product"')


def v4(connection):
    connection.execute('INSERT INTO "product" ("name", "price_cents") VALUES (?, ?)',
                       ["Probe", 250])
    connection.execute('SELECT "price_cents" FROM "product"')


VERSIONS = {"v1": v1, "v2": v2, "v3": v3, "v4": v4}


class Undo(Exception):
    """Raised to roll a trial request back."""


def why_not(version, connection):
    """None if `version` works on the schema as it is now, else the database's error.

    The trial runs inside atomic() and is rolled back, so it leaves no row behind."""
    try:
        with transaction.atomic(connection):
            VERSIONS[version](connection)
            raise Undo()
    except Undo:
        return None
    except Exception as error:
        return str(error)


def working_versions(connection):
    """The versions of the code that work on the schema as it is now."""
    return [version for version in VERSIONS if why_not(version, connection) is None]
