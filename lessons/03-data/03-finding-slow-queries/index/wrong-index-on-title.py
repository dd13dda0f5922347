from glassbox.db import connection, models
from glassbox.db.schema import create_tables


class Book(models.Model):
    title = models.CharField(max_length=200, db_index=True)
    isbn = models.CharField(max_length=13)


def book_with_isbn(isbn):
    return Book.objects.filter(isbn=isbn)


create_tables(connection, [Book])
print(book_with_isbn("9780575094185").explain())
