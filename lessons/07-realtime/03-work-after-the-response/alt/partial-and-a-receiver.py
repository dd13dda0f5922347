from functools import partial

from glassbox.app import Glassbox
from glassbox.db import connection, models, transaction
from glassbox.db.models.signals import post_save, receiver
from glassbox.db.schema import create_tables
from glassbox.http import HttpResponse
from glassbox.tasks import DatabaseBackend, task, task_backends
from glassbox.urls import path

from services import queue_database, send_mail

# Tasks go to a queue in its own database; a worker (run_worker) works through it. A failed
# attempt is tried again 10 s later, then 20 s later; after 3 attempts the task is FAILED.
task_backends["default"] = DatabaseBackend(connection=queue_database, max_attempts=3,
                                           backoff_seconds=10)


class Order(models.Model):
    item = models.CharField(max_length=50)
    email = models.CharField(max_length=100)
    status = models.CharField(max_length=20, default="new")
    confirmation_sent = models.BooleanField(default=False)


create_tables(connection, [Order])


class PaymentDeclined(Exception):
    pass


def charge(card, order):
    """The payment provider. Card 0000 is always declined."""
    if card == "0000":
        raise PaymentDeclined(f"card {card} was declined")


@task()
def send_confirmation(order_id):
    """Runs in the worker, after the response. An id, not the order: arguments are stored as
    JSON, and the worker reads the order as it is when the task runs."""
    order = Order.objects.get(pk=order_id)
    if order.confirmation_sent:
        # A second run: an earlier one sent it, then died before its row was marked done.
        return "already sent"
    send_mail(f"Order {order.pk} confirmed",
              f"Your {order.item} is on its way.",
              [order.email])  # if this raises, the task is retried later
    Order.objects.filter(pk=order.pk).update(confirmation_sent=True)
    return "sent"


@receiver(post_save, sender=Order)
def enqueue_confirmation(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(partial(send_confirmation.enqueue, instance.pk))


def place_order(request):
    try:
        with transaction.atomic():
            order = Order.objects.create(item=request.POST["item"],
                                         email=request.POST["email"])
            charge(request.POST["card"], order)
            order.status = "paid"
            order.save()
    except PaymentDeclined as error:
        return HttpResponse(f"Payment declined: {error}", status=402)
    return HttpResponse(f"Order {order.pk} placed", status=201)


app = Glassbox(urls=[path("orders/", place_order)])
