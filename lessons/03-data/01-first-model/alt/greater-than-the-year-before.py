from glassbox.db import connection, models
from glassbox.db.schema import create_tables, sql_create


class Book(models.Model):
    title = models.CharField(max_length=100)
    year = models.IntegerField(null=True)


def books_since(year):
    """The books published in `year` or later, newest first."""
    return Book.objects.filter(year__gt=year - 1).order_by("-year")


create_tables(connection, [Book])
print(sql_create(Book))
print(books_since(1950).query.sql_with_params())
