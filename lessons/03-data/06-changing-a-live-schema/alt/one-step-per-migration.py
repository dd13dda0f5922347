from glassbox.db import connection, models
from glassbox.db.migrations import (AddField, AlterField, Migration, Migrator, RemoveField,
                                    RunPython, RunSQL)

from shop_history import INITIAL, seed
from site_versions import working_versions


def fill_price_cents(apps, connection):
    Product = apps.get_model("Product")
    for product in Product.objects.filter(price_cents__isnull=True):
        product.price_cents = round(product.price * 100)
        product.save(update_fields=["price_cents"])


changes = [
    Migration("0002_add_price_cents", [
        AddField("Product", "price_cents", models.IntegerField(null=True)),
    ]),
    Migration("0003_fill_price_cents", [RunPython(fill_price_cents)]),
    Migration("0004_require_price_cents", [
        AlterField("Product", "price_cents", models.IntegerField()),
    ]),
    Migration("0005_price_optional", [
        AlterField("Product", "price", models.FloatField(null=True)),
    ]),
    Migration("0006_remove_price", [RemoveField("Product", "price")]),
]


# Try them on a copy of the live database: 0001 applied, five products in it.
migrator = Migrator()
migrator.migrate([INITIAL])
seed(connection)
history = [INITIAL]
for migration in changes:
    before = working_versions(connection)
    history.append(migration)
    print(migrator.sql(history, migration.name))
    try:
        migrator.migrate(history)
    except Exception as error:
        print(f"{migration.name} FAILED: {error}")
        break
    print(f"== {migration.name}: the code that works before it: {before}, after it: "
          f"{working_versions(connection)}\n")
print(connection.execute('SELECT * FROM "product"').fetchall())
