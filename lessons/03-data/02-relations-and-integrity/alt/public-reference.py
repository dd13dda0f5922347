import uuid

from glassbox.app import Glassbox
from glassbox.db import connection, models
from glassbox.db.schema import create_tables
from glassbox.http import HttpResponse, HttpResponseRedirect
from glassbox.shortcuts import get_object_or_404
from glassbox.urls import path


class Customer(models.Model):
    name = models.CharField(max_length=100)


class Order(models.Model):
    reference = models.UUIDField(default=uuid.uuid4, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT)
    total = models.IntegerField()


class Line(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE)
    item = models.CharField(max_length=100)


def checkout(request):
    """POST customer=<id>&item=...&item=...: place an order, then show it."""
    customer = get_object_or_404(Customer, pk=request.POST["customer"])
    items = request.POST.getlist("item")
    order = Order.objects.create(customer=customer, total=10 * len(items))
    for item in items:
        Line.objects.create(order=order, item=item)
    return HttpResponseRedirect(f"/orders/{order.reference}/")


def order_page(request, order_id):
    order = get_object_or_404(Order, reference=order_id)
    items = ", ".join(line.item for line in order.line_set.all())
    return HttpResponse(f"Order {order.reference} for {order.customer.name}: {items}, {order.total} EUR")


app = Glassbox(urls=[
    path("checkout/", checkout),
    path("orders/<uuid:order_id>/", order_page),
])

create_tables(connection, [Customer, Order, Line])
Customer.objects.create(name="Ada")
