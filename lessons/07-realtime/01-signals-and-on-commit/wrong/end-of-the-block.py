from glassbox.app import Glassbox
from glassbox.db import connection, models, transaction
from glassbox.db.schema import create_tables
from glassbox.http import HttpResponse
from glassbox.urls import path

from mail import send_mail


class Order(models.Model):
    item = models.CharField(max_length=50)
    email = models.CharField(max_length=100)
    status = models.CharField(max_length=20, default="new")


create_tables(connection, [Order])


class PaymentDeclined(Exception):
    pass


def charge(card, order):
    """The payment provider. Card 0000 is always declined."""
    if card == "0000":
        raise PaymentDeclined(f"card {card} was declined")


def place_order(request):
    try:
        with transaction.atomic():
            order = Order.objects.create(item=request.POST["item"],
                                         email=request.POST["email"])
            charge(request.POST["card"], order)
            order.status = "paid"
            order.save()
            send_mail(f"Order {order.pk} confirmed", f"Your {order.item} is on its way.",
                      [order.email])
    except PaymentDeclined as error:
        return HttpResponse(f"Payment declined: {error}", status=402)
    return HttpResponse(f"Order {order.pk} placed", status=201)


app = Glassbox(urls=[path("orders/", place_order)])
