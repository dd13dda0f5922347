"""The shop's schema so far, and the products already on the live site.

The first version stored prices as dollars in a float. Floats cannot hold 0.29 exactly, so sums
drift by a cent here and there: the shop is moving to whole cents in an integer column.
"""

from glassbox.db import models
from glassbox.db.migrations import CreateModel, Migration

INITIAL = Migration("0001_initial", [
    CreateModel("Product", [
        ("id", models.AutoField(primary_key=True)),
        ("name", models.CharField(max_length=100)),
        ("price", models.FloatField()),
    ]),
])

PRODUCTS = [("Desk lamp", 19.99), ("Notebook", 5.0), ("Sticker", 0.01),
            ("Standing desk", 1234.5), ("Pencil", 0.29)]


def seed(connection):
    """Put the live site's products into a database migrated to 0001."""
    for name, price in PRODUCTS:
        connection.execute('INSERT INTO "product" ("name", "price") VALUES (?, ?)', [name, price])
