"""Another buyer, who strikes at the worst moment: just before your code writes the stock.

On a real server two requests run at the same time, each with its own connection, and their
statements interleave in whatever order the machine happens to pick. Here there is one
interpreter, so the other request is simulated: inside `with another_buyer(product_id):`, the
first time your code is about to UPDATE the product table, the other buyer takes one from the
stock first (if there is one) and records their order.

    with another_buyer(lamp.id) as their_orders:
        mine = buy(lamp.id)
    print(mine, their_orders)
"""

import contextlib

from glassbox.db import connection


@contextlib.contextmanager
def another_buyer(product_id):
    their_orders = []    # the id of the order the other buyer got, if they got one
    has_bought = []      # set once the other buyer has tried
    execute = connection.execute

    def buy_one():
        has_bought.append(True)
        taken = execute('UPDATE "product" SET "stock" = "stock" - 1 WHERE "id" = ? AND "stock" > 0',
                        [product_id]).rowcount
        if taken:
            their_orders.append(execute('INSERT INTO "order" ("product_id") VALUES (?)',
                                        [product_id]).lastrowid)

    def execute_after_them(sql, params=(), **options):
        if not has_bought and sql.startswith('UPDATE "product"'):
            buy_one()
        return execute(sql, params, **options)

    connection.execute = execute_after_them
    try:
        yield their_orders
    finally:
        del connection.execute  # back to the real one
        if not has_bought:
            buy_one()
        elif their_orders and not execute('SELECT 1 FROM "order" WHERE "id" = ?',
                                          their_orders).fetchall():
            # Their statements ran on your connection, so your ROLLBACK undid them too. A real
            # second request commits on its own connection: make their purchase again.
            their_orders.clear()
            buy_one()
