"""glassbox.db: relations (joins, select_related, prefetch_related, reverse managers),
aggregates, on_delete, transactions, signals, and the ORM's SQL in a request's trace."""

import unittest

from glassbox.app import Glassbox
from glassbox.db import connection, transaction
from glassbox.db.models import (CASCADE, PROTECT, SET_NULL, Avg, CharField, Count, FieldError,
                                ForeignKey, IntegerField, Max, Min, Model, ProtectedError, Q, Sum,
                                signals)
from glassbox.db.schema import create_tables
from glassbox.http import HttpResponse
from glassbox.test import Client
from glassbox.urls import path


class Shelf(Model):
    label = CharField(max_length=20)


class Author(Model):
    name = CharField(max_length=50)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Book(Model):
    title = CharField(max_length=50)
    pages = IntegerField()
    author = ForeignKey(Author, on_delete=CASCADE)
    shelf = ForeignKey(Shelf, on_delete=SET_NULL, null=True, related_name="books")

    def __str__(self):
        return self.title


class Review(Model):
    book = ForeignKey(Book, on_delete=CASCADE)
    stars = IntegerField()


class Loan(Model):
    book = ForeignKey(Book, on_delete=PROTECT)


MODELS = [Shelf, Author, Book, Review, Loan]


def load():
    connection.reset()
    create_tables(connection, MODELS)
    top = Shelf.objects.create(label="top")
    herbert = Author.objects.create(name="Herbert")
    austen = Author.objects.create(name="Austen")
    Author.objects.create(name="Nobody")
    dune = Book.objects.create(title="Dune", pages=412, author=herbert, shelf=top)
    Book.objects.create(title="Messiah", pages=256, author=herbert)
    emma = Book.objects.create(title="Emma", pages=474, author=austen, shelf=top)
    for book, stars in [(dune, 5), (dune, 4), (emma, 3)]:
        Review.objects.create(book=book, stars=stars)
    connection.queries.clear()


class RelationsTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_reverse_managers(self):
        herbert = Author.objects.get(name="Herbert")
        self.assertEqual([book.title for book in herbert.book_set.order_by("title")],
                         ["Dune", "Messiah"])
        top = Shelf.objects.get()
        self.assertEqual(top.books.count(), 2, "related_name names the way back")
        book = herbert.book_set.create(title="Children", pages=444)
        self.assertEqual(book.author_id, herbert.pk)

    def test_filter_backwards_across_a_relation(self):
        authors = Author.objects.filter(book__pages__gt=400).distinct()
        self.assertEqual(str(authors.query),
                         'SELECT DISTINCT "author"."id", "author"."name" FROM "author" LEFT OUTER '
                         'JOIN "book" ON ("author"."id" = "book"."author_id") WHERE '
                         '"book"."pages" > ? ORDER BY "author"."name" ASC')
        self.assertEqual([author.name for author in authors], ["Austen", "Herbert"])
        self.assertEqual(Shelf.objects.filter(books__title="Emma").count(), 1)

    def test_two_levels_of_joins(self):
        reviews = Review.objects.filter(book__author__name="Herbert")
        self.assertEqual(str(reviews.query),
                         'SELECT "review"."id", "review"."book_id", "review"."stars" FROM "review"'
                         ' INNER JOIN "book" ON ("review"."book_id" = "book"."id") INNER JOIN '
                         '"author" ON ("book"."author_id" = "author"."id") WHERE '
                         '"author"."name" = ?')
        self.assertEqual(sorted(review.stars for review in reviews), [4, 5])

    def test_without_select_related_each_author_is_a_query(self):
        books = list(Book.objects.order_by("id"))
        [book.author.name for book in books]
        self.assertEqual(len(connection.queries), 1 + 3)
        [book.author.name for book in books]
        self.assertEqual(len(connection.queries), 4, "fetched objects are cached")

    def test_select_related_is_one_query_with_a_join(self):
        books = Book.objects.select_related("author").order_by("id")
        self.assertEqual(str(books.query),
                         'SELECT "book"."id", "book"."title", "book"."pages", "book"."author_id", '
                         '"book"."shelf_id", "author"."id", "author"."name" FROM "book" LEFT '
                         'OUTER JOIN "author" ON ("book"."author_id" = "author"."id") ORDER BY '
                         '"book"."id" ASC')
        self.assertEqual([book.author.name for book in books], ["Herbert", "Herbert", "Austen"])
        shelves = [book.shelf for book in Book.objects.select_related("shelf").order_by("id")]
        self.assertEqual([shelf and shelf.label for shelf in shelves], ["top", None, "top"])
        deep = Review.objects.select_related("book__author").order_by("id")
        self.assertEqual([review.book.author.name for review in deep],
                         ["Herbert", "Herbert", "Austen"])
        self.assertEqual(len(connection.queries), 3)
        with self.assertRaises(FieldError):
            Book.objects.select_related("title")

    def test_prefetch_related_is_one_in_query(self):
        authors = Author.objects.prefetch_related("book_set")
        titles = {author.name: sorted(book.title for book in author.book_set.all())
                  for author in authors}
        self.assertEqual(titles, {"Herbert": ["Dune", "Messiah"], "Austen": ["Emma"],
                                  "Nobody": []})
        self.assertEqual(len(connection.queries), 2)
        self.assertIn('WHERE "book"."author_id" IN (?, ?, ?)', connection.queries[1]["sql"])
        books = Book.objects.prefetch_related("author").order_by("id")
        self.assertEqual([book.author.name for book in books], ["Herbert", "Herbert", "Austen"])
        self.assertEqual(len(connection.queries), 4)
        with self.assertRaises(AttributeError) as caught:  # as Django
            list(Author.objects.prefetch_related("books"))
        self.assertIn("Cannot find 'books' on Author", str(caught.exception))


class AggregateTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_aggregate_matches_hand_written_sql(self):
        result = Book.objects.aggregate(Sum("pages"), Avg("pages"), Min("pages"), Max("pages"),
                                        Count("id"))
        row = connection.execute("SELECT sum(pages), avg(pages), min(pages), max(pages), "
                                 "count(id) FROM book").fetchone()
        self.assertEqual(result, dict(zip(["pages__sum", "pages__avg", "pages__min",
                                           "pages__max", "id__count"], row)))
        self.assertEqual(connection.queries[-2]["sql"],
                         'SELECT SUM("book"."pages") AS "pages__sum", AVG("book"."pages") AS '
                         '"pages__avg", MIN("book"."pages") AS "pages__min", MAX("book"."pages")'
                         ' AS "pages__max", COUNT("book"."id") AS "id__count" FROM "book"')
        self.assertEqual(Book.objects.filter(title="x").aggregate(total=Count("id")),
                         {"total": 0})

    def test_annotate_groups_by(self):
        # One group per author: GROUP BY its primary key. Meta.ordering stays out of a GROUP BY
        # query (as in Django since 3.1), so the order is asked for.
        authors = Author.objects.annotate(Count("book"), longest=Max("book__pages"))
        self.assertEqual(str(authors.query),
                         'SELECT "author"."id", "author"."name", COUNT("book"."id") AS '
                         '"book__count", MAX("book"."pages") AS "longest" FROM "author" LEFT '
                         'OUTER JOIN "book" ON ("author"."id" = "book"."author_id") GROUP BY '
                         '"author"."id"')
        authors = authors.order_by("name")
        self.assertEqual([(a.name, a.book__count, a.longest) for a in authors],
                         [("Austen", 1, 474), ("Herbert", 2, 412), ("Nobody", 0, None)])
        by_hand = connection.execute(
            "SELECT author.name, count(book.id) FROM author LEFT JOIN book ON book.author_id = "
            "author.id GROUP BY author.id ORDER BY author.name").fetchall()
        self.assertEqual([(a.name, a.book__count) for a in authors], by_hand)
        rows = Book.objects.values("author__name").annotate(total=Sum("pages")) \
            .order_by("-total")
        self.assertEqual(list(rows), [{"author__name": "Herbert", "total": 668},
                                      {"author__name": "Austen", "total": 474}])
        popular = Author.objects.annotate(Count("book")).filter(book__count__gte=2)
        self.assertTrue(str(popular.query).endswith(
            'GROUP BY "author"."id" HAVING COUNT("book"."id") >= ?'))
        self.assertEqual([author.name for author in popular], ["Herbert"])
        self.assertEqual((popular.count(), popular.exists()), (1, True))
        # values() after annotate() picks columns; the groups stay one per author.
        self.assertEqual(list(Author.objects.annotate(n=Count("book")).order_by("name")
                              .values_list("n", flat=True)), [1, 2, 0])
        # One filter() about both: the aggregate part into HAVING, the rest into WHERE.
        both = Author.objects.annotate(Count("book")).filter(book__count=2, name="Herbert")
        self.assertIn('WHERE "author"."name" = ? GROUP BY "author"."id" HAVING '
                      'COUNT("book"."id") = ?', str(both.query))
        self.assertEqual([author.name for author in both], ["Herbert"])
        either = Author.objects.annotate(Count("book")).filter(Q(book__count=0) | Q(name="Austen"))
        self.assertEqual(sorted(author.name for author in either), ["Austen", "Nobody"])


class DeletionTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_cascade_follows_relations_and_set_null_keeps_rows(self):
        Loan.objects.all().delete()
        herbert = Author.objects.get(name="Herbert")
        self.assertEqual(herbert.delete(), (5, {"Author": 1, "Book": 2, "Review": 2}))
        self.assertEqual(Review.objects.count(), 1)
        self.assertEqual(list(Book.objects.values_list("title", flat=True)), ["Emma"])
        Shelf.objects.all().delete()
        self.assertIsNone(Book.objects.get().shelf_id)

    def test_protect_refuses(self):
        emma = Book.objects.get(title="Emma")
        Loan.objects.create(book=emma)
        with self.assertRaises(ProtectedError) as caught:
            Author.objects.filter(name="Austen").delete()
        self.assertIn("Loan.book protects them", str(caught.exception))
        self.assertEqual(Author.objects.count(), 3, "nothing was deleted")
        self.assertEqual(Book.objects.count(), 3)


class TransactionTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_atomic_commits_or_rolls_back(self):
        with transaction.atomic():
            Author.objects.create(name="Le Guin")
        self.assertEqual(Author.objects.count(), 4)
        with self.assertRaises(ZeroDivisionError):
            with transaction.atomic():
                Author.objects.create(name="Lost")
                1 / 0
        self.assertFalse(Author.objects.filter(name="Lost").exists())
        sql = [query["sql"] for query in connection.queries]
        self.assertIn("BEGIN", sql)
        self.assertIn("COMMIT", sql)
        self.assertIn("ROLLBACK", sql)

    def test_nested_atomic_uses_savepoints(self):
        with transaction.atomic():
            Author.objects.create(name="Kept")
            try:
                with transaction.atomic():
                    Author.objects.create(name="Undone")
                    raise ValueError
            except ValueError:
                pass
        names = list(Author.objects.values_list("name", flat=True))
        self.assertIn("Kept", names)
        self.assertNotIn("Undone", names)
        sql = [query["sql"] for query in connection.queries]
        self.assertIn('SAVEPOINT "s1"', sql)
        self.assertIn('ROLLBACK TO SAVEPOINT "s1"', sql)

    def test_on_commit_runs_after_commit_only(self):
        ran = []
        with transaction.atomic():
            transaction.on_commit(lambda: ran.append("outer"))
            try:
                with transaction.atomic():
                    transaction.on_commit(lambda: ran.append("rolled back"))
                    raise ValueError
            except ValueError:
                pass
            self.assertEqual(ran, [])
        self.assertEqual(ran, ["outer"])
        transaction.on_commit(lambda: ran.append("now"))
        self.assertEqual(ran, ["outer", "now"])

    def test_atomic_as_a_decorator(self):
        @transaction.atomic
        def add_two():
            Author.objects.create(name="One")
            Author.objects.create(name="Two", id=1)  # the id is taken: IntegrityError

        with self.assertRaises(Exception):
            add_two()
        self.assertFalse(Author.objects.filter(name="One").exists())


class SignalsTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_save_and_delete_signals(self):
        heard = []

        def on_save(sender, instance, created, **extra):
            heard.append(("saved", instance.name, created))

        def on_delete(sender, instance, **extra):
            heard.append(("deleted", instance.name))

        signals.post_save.connect(on_save, sender=Author)
        signals.pre_delete.connect(on_delete, sender=Author)
        try:
            author = Author.objects.create(name="Le Guin")
            author.save()
            author.delete()
            Shelf.objects.create(label="not an author")
        finally:
            signals.post_save.disconnect(on_save, sender=Author)
            signals.pre_delete.disconnect(on_delete, sender=Author)
        self.assertEqual(heard, [("saved", "Le Guin", True), ("saved", "Le Guin", False),
                                 ("deleted", "Le Guin")])


def book_list(request):
    books = Book.objects.order_by("id")
    names = [book.author.name for book in books]
    return HttpResponse(", ".join(names))


def book_list_joined(request):
    books = Book.objects.select_related("author").order_by("id")
    return HttpResponse(", ".join(book.author.name for book in books))


class RequestTraceTest(unittest.TestCase):
    def setUp(self):
        load()
        self.client = Client(Glassbox(urls=[path("books/", book_list),
                                            path("joined/", book_list_joined)]))

    def test_the_orms_queries_are_in_the_trace_with_the_views_line(self):
        response = self.client.get("/books/")
        self.assertEqual(response.text, "Herbert, Herbert, Austen")
        events = response.trace.of_type("sql")
        self.assertEqual(len(events), 4, "one for the books, one per book for its author")
        first = events[0]
        self.assertTrue(first["sql"].startswith('SELECT "book"."id"'))
        self.assertEqual(first["rows"], 3)
        self.assertIn("test_orm_relations.py:", first["where"])
        self.assertTrue(first["where"].endswith("in <listcomp>") or
                        first["where"].endswith("in book_list"), first["where"])

    def test_n_plus_one_is_flagged_and_select_related_cures_it(self):
        Book.objects.create(title="Persuasion", pages=249,
                            author=Author.objects.create(name="Ann"))
        Book.objects.create(title="Sense", pages=409, author=Author.objects.create(name="Eve"))
        warning, = self.client.get("/books/").trace.of_type("n_plus_one")
        self.assertEqual(warning["sql"], 'SELECT "author"."id", "author"."name" FROM "author" '
                         'WHERE "author"."id" = ? LIMIT ? OFFSET ?')
        self.assertIn("test_orm_relations.py:", warning["where"])
        response = self.client.get("/joined/")
        self.assertEqual(len(response.trace.of_type("sql")), 1)
        self.assertEqual(response.trace.of_type("n_plus_one"), [])


if __name__ == "__main__":
    unittest.main()
