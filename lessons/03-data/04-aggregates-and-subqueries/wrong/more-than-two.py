from glassbox.db import connection, models
from glassbox.db.models import Count, Exists, OuterRef, Q, Sum
from glassbox.db.schema import create_tables


class Customer(models.Model):
    name = models.CharField(max_length=100)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    total = models.IntegerField()
    status = models.CharField(max_length=10, default="paid")  # "paid" or "refunded"


def loyal_customers():
    refunds = Order.objects.filter(customer=OuterRef("pk"), status="refunded")
    paid = Q(order__status="paid")
    return (Customer.objects
            .annotate(paid_orders=Count("order", filter=paid),
                      spent=Sum("order__total", filter=paid),
                      refunded=Exists(refunds))
            .filter(paid_orders__gt=2)
            .order_by("-spent"))


create_tables(connection, [Customer, Order])
for name, orders in [("ada", [(30, "paid"), (50, "paid"), (20, "paid"), (10, "refunded")]),
                     ("grace", [(100, "paid"), (80, "paid")]),
                     ("linus", [(5, "paid"), (5, "refunded"), (5, "refunded")])]:
    customer = Customer.objects.create(name=name)
    for total, status in orders:
        Order.objects.create(customer=customer, total=total, status=status)

report = loyal_customers()
for customer in report:
    print(customer.name, customer.paid_orders, getattr(customer, "spent", "?"), getattr(customer, "refunded", "?"))
if hasattr(report, "query"):
    print(report.query.sql_with_params())
