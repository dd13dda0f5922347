from glassbox.app import Glassbox
from glassbox.db import connection, models
from glassbox.db.schema import create_tables
from glassbox.http import HttpResponse
from glassbox.urls import path


class Publisher(models.Model):
    name = models.CharField(max_length=100)


class Author(models.Model):
    name = models.CharField(max_length=100)
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT)


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)


def authors(request):
    """Each author, their publisher, and the titles of their books."""
    lines = []
    for author in (Author.objects.order_by("name")
                   .select_related("publisher").prefetch_related("book_set")):
        titles = ", ".join(book.title for book in author.book_set.order_by("id"))
        lines.append(f"{author.name} ({author.publisher.name}): {titles}")
    return HttpResponse("\n".join(lines), content_type="text/plain")


app = Glassbox(urls=[path("authors/", authors)])

create_tables(connection, [Publisher, Author, Book])
gollancz = Publisher.objects.create(name="Gollancz")
tor = Publisher.objects.create(name="Tor")
for name, publisher, titles in [
    ("Ursula K. Le Guin", gollancz, ["The Dispossessed", "The Lathe of Heaven"]),
    ("Octavia E. Butler", tor, ["Kindred", "Dawn", "Parable of the Sower"]),
    ("Iain M. Banks", gollancz, ["Excession"]),
    ("N. K. Jemisin", tor, []),
]:
    author = Author.objects.create(name=name, publisher=publisher)
    for title in titles:
        Book.objects.create(title=title, author=author)
