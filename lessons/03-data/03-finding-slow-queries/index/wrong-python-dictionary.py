from glassbox.db import connection, models
from glassbox.db.schema import create_tables


class Book(models.Model):
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13)


def book_with_isbn(isbn):
    return [book for book in Book.objects.all() if book.isbn == isbn]


create_tables(connection, [Book])
print(Book.objects.filter(isbn="9780575094185").explain())
