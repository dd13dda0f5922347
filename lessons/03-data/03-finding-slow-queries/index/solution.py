from glassbox.db import connection, models
from glassbox.db.schema import create_tables


class Book(models.Model):
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13, db_index=True)


def book_with_isbn(isbn):
    return Book.objects.filter(isbn=isbn)


create_tables(connection, [Book])
print(book_with_isbn("9780575094185").explain())
