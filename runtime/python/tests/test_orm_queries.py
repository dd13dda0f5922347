"""glassbox.db.models.query: QuerySets compile to the SQL shown here, and give the same rows as
hand-written SQL over the same data."""

import unittest

from glassbox.db import connection
from glassbox.db.models import (CASCADE, CharField, F, FieldError, ForeignKey, IntegerField,
                                Model, Q)
from glassbox.db.schema import create_tables

BOOK_COLUMNS = '"book"."id", "book"."title", "book"."author_id", "book"."year", "book"."pages"'


class Author(Model):
    name = CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Book(Model):
    title = CharField(max_length=100)
    author = ForeignKey(Author, on_delete=CASCADE)
    year = IntegerField(null=True)
    pages = IntegerField(default=0)

    def __str__(self):
        return self.title


def load_books():
    connection.reset()
    create_tables(connection, [Book, Author])
    herbert = Author.objects.create(name="Frank Herbert")
    tolkien = Author.objects.create(name="J. R. R. Tolkien")
    austen = Author.objects.create(name="Jane Austen")
    for title, author, year, pages in [
            ("Dune", herbert, 1965, 412), ("Dune Messiah", herbert, 1969, 256),
            ("The Hobbit", tolkien, 1937, 310), ("The Silmarillion", tolkien, 1977, 365),
            ("Emma", austen, 1815, 474), ("Persuasion", austen, None, 249),
            ("50% Off_the_Shelf", austen, 2001, 100)]:
        Book.objects.create(title=title, author=author, year=year, pages=pages)


def by_hand(sql, params=()):
    """Titles from a hand-written query, for comparing with the ORM's answer."""
    return [title for (title,) in connection.execute(sql, params).fetchall()]


def titles(queryset):
    return [book.title for book in queryset]


class CompiledSqlTest(unittest.TestCase):
    def setUp(self):
        load_books()

    def assertSql(self, queryset, sql, params):
        self.assertEqual(queryset.query.sql_with_params(), (sql, params))
        self.assertEqual(str(queryset.query), sql)

    def test_all(self):
        self.assertSql(Book.objects.all(), f'SELECT {BOOK_COLUMNS} FROM "book"', [])

    def test_filter_exclude_order_and_slice(self):
        books = Book.objects.filter(year__gte=1900).exclude(title__startswith="The") \
            .order_by("-year", "title")[1:3]
        self.assertSql(books,
                       f'SELECT {BOOK_COLUMNS} FROM "book" WHERE "book"."year" >= ? AND NOT '
                       '("book"."title" GLOB ?) ORDER BY "book"."year" DESC, "book"."title" ASC'
                       ' LIMIT ? OFFSET ?', [1900, "The*", 2, 1])
        self.assertEqual(titles(books), by_hand(
            "SELECT title FROM book WHERE year >= 1900 AND title NOT LIKE 'The%' "
            "ORDER BY year DESC, title LIMIT 2 OFFSET 1"))
        self.assertEqual(titles(books), ["Dune Messiah", "Dune"])

    def test_a_lookup_across_a_relation_is_a_join(self):
        books = Book.objects.filter(author__name__startswith="J").order_by("title")
        self.assertSql(books,
                       f'SELECT {BOOK_COLUMNS} FROM "book" INNER JOIN "author" ON '
                       '("book"."author_id" = "author"."id") WHERE "author"."name" GLOB ? '
                       'ORDER BY "book"."title" ASC', ["J*"])
        self.assertEqual(titles(books), by_hand(
            "SELECT book.title FROM book JOIN author ON author.id = book.author_id "
            "WHERE author.name LIKE 'J%' ORDER BY book.title"))

    def test_q_objects_with_or_and_not(self):
        books = Book.objects.filter(Q(year__lt=1900) | ~Q(author__name="Jane Austen"),
                                    pages__gt=300)
        self.assertSql(books,
                       f'SELECT {BOOK_COLUMNS} FROM "book" INNER JOIN "author" ON '
                       '("book"."author_id" = "author"."id") WHERE ("book"."year" < ? OR NOT '
                       '("author"."name" = ?)) AND "book"."pages" > ?', [1900, "Jane Austen", 300])
        self.assertEqual(sorted(titles(books)), ["Dune", "Emma", "The Hobbit", "The Silmarillion"])

    def test_f_compares_two_columns(self):
        books = Book.objects.filter(pages__lt=F("year") - 1600)
        self.assertSql(books, f'SELECT {BOOK_COLUMNS} FROM "book" WHERE "book"."pages" < '
                       '("book"."year" - ?)', [1600])
        self.assertEqual(titles(books), by_hand(
            "SELECT title FROM book WHERE pages < year - 1600"))

    def test_model_ordering_is_the_default(self):
        self.assertSql(Author.objects.all(), 'SELECT "author"."id", "author"."name" FROM '
                       '"author" ORDER BY "author"."name" ASC', [])
        self.assertSql(Author.objects.order_by(), 'SELECT "author"."id", "author"."name" '
                       'FROM "author"', [])

    def test_values_and_distinct(self):
        years = Book.objects.filter(author__name="Frank Herbert").values("author__name").distinct()
        self.assertSql(years, 'SELECT DISTINCT "author"."name" FROM "book" INNER JOIN "author" '
                       'ON ("book"."author_id" = "author"."id") WHERE "author"."name" = ?',
                       ["Frank Herbert"])
        self.assertEqual(list(years), [{"author__name": "Frank Herbert"}])

    def test_values_are_never_in_the_sql(self):
        sneaky = "x'); DROP TABLE book; --"
        books = Book.objects.filter(title=sneaky, title__contains=sneaky)
        sql, params = books.query.sql_with_params()
        self.assertNotIn("DROP", sql)
        self.assertEqual(list(books), [])
        self.assertEqual(Book.objects.count(), 7)


class LookupTest(unittest.TestCase):
    """Each lookup gives the rows the equivalent hand-written WHERE gives."""

    CASES = [
        ({"title": "Dune"}, "title = 'Dune'"),
        ({"title__exact": "Dune"}, "title = 'Dune'"),
        ({"title__iexact": "dune"}, "lower(title) = 'dune'"),
        ({"title__contains": "une"}, "instr(title, 'une') > 0"),
        ({"title__contains": "UNE"}, "instr(title, 'UNE') > 0"),
        ({"title__icontains": "UNE"}, "lower(title) LIKE '%une%'"),
        ({"title__contains": "50%"}, "instr(title, '50%') > 0"),
        ({"title__contains": "f_t"}, "instr(title, 'f_t') > 0"),
        ({"title__icontains": "f_t"}, "instr(lower(title), 'f_t') > 0"),
        ({"title__startswith": "The"}, "substr(title, 1, 3) = 'The'"),
        ({"title__startswith": "the"}, "substr(title, 1, 3) = 'the'"),
        ({"title__endswith": "ion"}, "substr(title, -3) = 'ion'"),
        ({"year__gt": 1965}, "year > 1965"),
        ({"year__gte": 1965}, "year >= 1965"),
        ({"year__lt": 1965}, "year < 1965"),
        ({"year__lte": 1965}, "year <= 1965"),
        ({"year__in": [1815, 1937, 3000]}, "year IN (1815, 1937, 3000)"),
        ({"year__in": []}, "0"),
        ({"year__isnull": True}, "year IS NULL"),
        ({"year__isnull": False}, "year IS NOT NULL"),
        ({"year__range": (1900, 1970)}, "year BETWEEN 1900 AND 1970"),
        ({"author__name__iexact": "jane austen"}, "author_id = 3"),
        ({"author": 2}, "author_id = 2"),
        ({"author_id": 2}, "author_id = 2"),
        ({"author__id": 2}, "author_id = 2"),
        ({"pk__in": [1, 2]}, "id IN (1, 2)"),
    ]

    def setUp(self):
        load_books()

    def test_each_lookup_matches_hand_written_sql(self):
        for lookups, where in self.CASES:
            with self.subTest(lookups=lookups):
                expected = by_hand(f"SELECT title FROM book WHERE {where} ORDER BY id")
                self.assertEqual(titles(Book.objects.filter(**lookups).order_by("id")), expected)
                if "year" in where and "NULL" not in where:  # keep NULLs, as Django does
                    where = f"{where} AND year IS NOT NULL"
                excluded = by_hand(f"SELECT title FROM book WHERE NOT ({where}) ORDER BY id")
                self.assertEqual(titles(Book.objects.exclude(**lookups).order_by("id")),
                                 excluded)

    def test_exclude_keeps_the_rows_where_the_column_is_null(self):
        books = Book.objects.exclude(year__lt=1900)
        self.assertEqual(str(books.query), f'SELECT {BOOK_COLUMNS} FROM "book" WHERE NOT '
                         '("book"."year" < ? AND "book"."year" IS NOT NULL)')
        self.assertIn("Persuasion", titles(books), "its year is NULL, so not before 1900")
        self.assertNotIn("Persuasion", titles(Book.objects.filter(year__lt=1900)))

    def test_a_model_instance_as_the_value(self):
        austen = Author.objects.get(name="Jane Austen")
        self.assertEqual(Book.objects.filter(author=austen).count(), 3)

    def test_a_queryset_as_the_value_of_in_is_a_subquery(self):
        authors = Author.objects.filter(name__startswith="J")
        books = Book.objects.filter(author__in=authors)
        self.assertIn('"book"."author_id" IN (SELECT "author"."id" FROM "author" WHERE',
                      str(books.query))
        self.assertEqual(books.count(), 5)


class QuerySetBehaviourTest(unittest.TestCase):
    def setUp(self):
        load_books()
        connection.queries.clear()

    def test_lazy_and_cached(self):
        books = Book.objects.filter(year__gt=1900)
        self.assertEqual(len(connection.queries), 0, "no query until the results are needed")
        self.assertEqual(len(books), 5)
        list(books)
        bool(books)
        self.assertEqual(len(connection.queries), 1, "the results are cached")
        narrower = books.filter(pages__gt=300)
        self.assertEqual(len(narrower), 3)
        self.assertEqual(len(books), 5, "chaining leaves the original alone")

    def test_count_exists_first_last(self):
        self.assertEqual(Book.objects.filter(year__lt=1950).count(), 2)
        self.assertEqual(connection.queries[-1]["sql"],
                         'SELECT COUNT(*) AS "__count" FROM "book" WHERE "book"."year" < ?')
        self.assertTrue(Book.objects.filter(title="Emma").exists())
        self.assertEqual(connection.queries[-1]["sql"],
                         'SELECT 1 AS "a" FROM "book" WHERE "book"."title" = ? LIMIT 1')
        self.assertFalse(Book.objects.filter(title="Ulysses").exists())
        self.assertEqual(Book.objects.first().title, "Dune")
        self.assertEqual(Book.objects.last().title, "50% Off_the_Shelf")
        self.assertEqual(Book.objects.order_by("year").first().title, "Persuasion")
        self.assertEqual(Author.objects.last().name, "Jane Austen")
        self.assertIsNone(Book.objects.filter(year=1).first())
        self.assertEqual(Book.objects.filter(year__gt=1900)[1:].count(), 4)

    def test_get(self):
        self.assertEqual(Book.objects.get(title="Emma").year, 1815)
        with self.assertRaises(Book.DoesNotExist) as caught:
            Book.objects.get(title="Ulysses")
        self.assertEqual(str(caught.exception),
                         "Book matching query does not exist (title='Ulysses').")
        with self.assertRaises(Book.MultipleObjectsReturned) as caught:
            Book.objects.get(author__name="Jane Austen")
        self.assertIn("it returned 3", str(caught.exception))
        self.assertNotEqual(Book.DoesNotExist, Author.DoesNotExist)

    def test_indexing_and_slicing(self):
        books = Book.objects.order_by("title")
        self.assertEqual(books[0].title, "50% Off_the_Shelf")
        self.assertEqual(titles(books[2:4]), ["Dune Messiah", "Emma"])
        self.assertEqual(titles(books[2:4][1:]), ["Emma"])
        with self.assertRaises(IndexError):
            books[100]
        with self.assertRaises(ValueError):
            books[-1]

    def test_values_and_values_list(self):
        books = Book.objects.filter(author__name="Frank Herbert").order_by("year")
        self.assertEqual(list(books.values("title", "author__name")), [
            {"title": "Dune", "author__name": "Frank Herbert"},
            {"title": "Dune Messiah", "author__name": "Frank Herbert"}])
        self.assertEqual(list(books.values_list("title", "year")),
                         [("Dune", 1965), ("Dune Messiah", 1969)])
        self.assertEqual(list(books.values_list("title", flat=True)), ["Dune", "Dune Messiah"])
        self.assertEqual(list(books.values())[0], {"id": 1, "title": "Dune", "author_id": 1,
                                                   "year": 1965, "pages": 412})

    def test_create_get_or_create_update_delete(self):
        herbert = Author.objects.get(name="Frank Herbert")
        book, created = Book.objects.get_or_create(title="Dune", defaults={"author": herbert})
        self.assertFalse(created)
        book, created = Book.objects.get_or_create(title="Children of Dune",
                                                   defaults={"author": herbert, "year": 1976})
        self.assertTrue(created)
        self.assertEqual(Book.objects.get(pk=book.pk).year, 1976)
        changed = Book.objects.filter(author=herbert).update(pages=F("pages") + 1)
        self.assertEqual(changed, 3)
        self.assertEqual(connection.queries[-1]["sql"],
                         'UPDATE "book" SET "pages" = ("book"."pages" + ?) WHERE '
                         '"book"."author_id" = ?')
        self.assertEqual(Book.objects.get(title="Dune").pages, 413)
        self.assertEqual(Book.objects.filter(author__name="Jane Austen").update(year=2000), 3)
        self.assertIn('WHERE "book"."id" IN (SELECT "book"."id" FROM "book" INNER JOIN',
                      connection.queries[-1]["sql"])
        self.assertEqual(Book.objects.filter(year__gt=1970).delete(), (5, {"Book": 5}))
        self.assertEqual(Book.objects.count(), 3)

    def test_reverse_none_in_bulk_and_ordering_across_a_relation(self):
        self.assertEqual(Author.objects.reverse().first().name, "Jane Austen")
        self.assertEqual(list(Book.objects.none()), [])
        self.assertEqual(sorted(Book.objects.in_bulk([1, 3])), [1, 3])
        books = Book.objects.order_by("author__name", "-year").values_list("title", flat=True)
        self.assertEqual(str(books.query),
                         'SELECT "book"."title" FROM "book" INNER JOIN "author" ON '
                         '("book"."author_id" = "author"."id") ORDER BY "author"."name" ASC, '
                         '"book"."year" DESC')
        self.assertEqual(list(books), by_hand(
            "SELECT book.title FROM book JOIN author ON author.id = book.author_id "
            "ORDER BY author.name, book.year DESC"))

    def test_explain_shows_sqlites_plan(self):
        plan = Book.objects.filter(author__name="Jane Austen").explain()
        self.assertIn("SCAN", plan)
        self.assertIn("book_author_id", plan, "the ForeignKey's index is used")
        self.assertTrue(connection.queries[-1]["sql"].startswith("EXPLAIN QUERY PLAN SELECT"))

    def test_repr(self):
        self.assertEqual(repr(Author.objects.all()),
                         "<QuerySet [<Author: Frank Herbert>, <Author: J. R. R. Tolkien>, "
                         "<Author: Jane Austen>]>")


class BadInputTest(unittest.TestCase):
    def setUp(self):
        load_books()

    def test_unknown_field_names_the_model_and_its_fields(self):
        with self.assertRaises(FieldError) as caught:
            Book.objects.filter(titel="Dune")
        self.assertEqual(str(caught.exception),
                         "Book has no field 'titel'. Choices are: id, title, author, year, pages")
        with self.assertRaises(FieldError) as caught:
            Book.objects.filter(author__nam="x")
        self.assertIn("Author has no field 'nam'. Choices are: id, name, book",
                      str(caught.exception))
        with self.assertRaises(FieldError):
            Book.objects.order_by("-titel")
        with self.assertRaises(FieldError):
            Book.objects.values("titel")

    def test_unknown_lookup(self):
        with self.assertRaises(FieldError) as caught:
            Book.objects.filter(title__startwith="D")
        self.assertTrue(str(caught.exception).startswith(
            "Unsupported lookup 'startwith' for CharField 'title' on Book. Lookups are: exact,"))

    def test_filter_after_slice(self):
        with self.assertRaises(TypeError):
            Book.objects.all()[:2].filter(year=1)


if __name__ == "__main__":
    unittest.main()
