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
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        if product.stock < 1:
            return None
        product.stock -= 1
        product.save()
        return Order.objects.create(product=product)


create_tables(connection, [Product, Order])
lamp = Product.objects.create(name="Desk lamp", stock=1)
with another_buyer(lamp.id) as their_orders:
    mine = buy(lamp.id)
print("you got:", mine, "- the other buyer got orders", their_orders)
print("lamps left:", Product.objects.get(pk=lamp.id).stock, "- orders:", Order.objects.count())
