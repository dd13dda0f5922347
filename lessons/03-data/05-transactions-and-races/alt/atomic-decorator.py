from glassbox.db import connection, models, transaction
from glassbox.db.models import F
from glassbox.db.schema import create_tables

from race import another_buyer


class Product(models.Model):
    name = models.CharField(max_length=100)
    stock = models.IntegerField()


class Order(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT)


def buy(product_id):
    """Sell one of the product: take it from the stock and record the order.

    Returns the Order, or None when the product is sold out.
    """
    return take_one_and_order(product_id)


@transaction.atomic
def take_one_and_order(product_id):
    if Product.objects.filter(pk=product_id, stock__gt=0).update(stock=F("stock") - 1) == 0:
        return None
    return Order.objects.create(product=Product.objects.get(pk=product_id))


create_tables(connection, [Product, Order])
lamp = Product.objects.create(name="Desk lamp", stock=1)
with another_buyer(lamp.id) as their_orders:
    mine = buy(lamp.id)
print("you got:", mine, "- the other buyer got orders", their_orders)
print("lamps left:", Product.objects.get(pk=lamp.id).stock, "- orders:", Order.objects.count())
