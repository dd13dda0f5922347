"""glassbox.db: ManyToManyField, its join table, its managers, and queries across it."""

import unittest

from glassbox.db import connection
from glassbox.db.models import CharField, Count, ManyToManyField, Model
from glassbox.db.schema import create_tables, sql_create


class Author(Model):
    name = CharField(max_length=50)

    class Meta:
        ordering = ["name"]


class Book(Model):
    title = CharField(max_length=50)
    authors = ManyToManyField(Author, related_name="books")
    tags = ManyToManyField("Tag")  # a model defined below, named by a string


class Tag(Model):
    label = CharField(max_length=20)


class Person(Model):
    name = CharField(max_length=20)
    friends = ManyToManyField("self")


def statements():
    """The SQL run since the last call, with its parameters."""
    ran = [(query["sql"], query["params"]) for query in connection.queries]
    connection.queries.clear()
    return ran


class ManyToManyTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_tables(connection, [Author, Book, Tag, Person])
        self.ada, self.bob, self.cy = (Author.objects.create(name=name)
                                       for name in ["Ada", "Bob", "Cy"])
        self.dune, self.emma = (Book.objects.create(title=title) for title in ["Dune", "Emma"])
        connection.queries.clear()

    def test_the_join_table_is_a_model_of_its_own(self):
        through = Book.authors.field.through
        self.assertEqual((through.__name__, through._meta.db_table),
                         ("Book_authors", "book_authors"))
        self.assertEqual(sql_create(through), 'CREATE TABLE "book_authors" (\n'
                         '    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,\n'
                         '    "book_id" integer NOT NULL REFERENCES "book" ("id"),\n'
                         '    "author_id" integer NOT NULL REFERENCES "author" ("id"),\n'
                         '    UNIQUE ("book_id", "author_id")\n)')
        self.assertEqual(Book.tags.field.through._meta.db_table, "book_tags")
        self.assertIs(Book.tags.through, Book.tags.field.through)  # as in Django
        self.assertNotIn("authors", Book._meta.field_names(), "no column in the book table")
        self.assertEqual(connection.table_names(), [
            "author", "book", "book_authors", "book_tags", "person", "person_friends", "tag"])

    def test_add_inserts_only_the_missing_pairs(self):
        self.dune.authors.add(self.ada, self.bob)
        self.assertEqual(statements(), [
            ("BEGIN", []),
            ('SELECT "book_authors"."author_id" FROM "book_authors" WHERE '
             '"book_authors"."book_id" = ? AND "book_authors"."author_id" IN (?, ?)', [1, 1, 2]),
            ('INSERT INTO "book_authors" ("book_id", "author_id") VALUES (?, ?), (?, ?)',
             [1, 1, 1, 2]),
            ("COMMIT", []),
        ])
        self.dune.authors.add(self.bob, self.cy.pk, self.cy)  # objects or ids; Bob is there
        self.assertEqual(statements()[2:], [
            ('INSERT INTO "book_authors" ("book_id", "author_id") VALUES (?, ?)', [1, 3]),
            ("COMMIT", [])])
        self.assertEqual(Book.authors.field.through.objects.count(), 3)

    def test_set_removes_the_others_and_adds_the_missing(self):
        self.dune.authors.add(self.ada, self.bob)
        statements()
        self.dune.authors.set([self.bob, self.cy])
        self.assertEqual([sql.split(" WHERE")[0] for sql, _params in statements()], [
            "BEGIN",
            'SELECT "book_authors"."author_id" FROM "book_authors"',
            'DELETE FROM "book_authors"',
            'SELECT "book_authors"."author_id" FROM "book_authors"',
            'INSERT INTO "book_authors" ("book_id", "author_id") VALUES (?, ?)',
            "COMMIT"])
        self.assertEqual([author.name for author in self.dune.authors.order_by("name")],
                         ["Bob", "Cy"])

    def test_all_from_both_sides(self):
        self.dune.authors.add(self.cy, self.ada)
        self.emma.authors.add(self.ada)
        statements()
        self.assertEqual([author.name for author in self.dune.authors.all()], ["Ada", "Cy"])
        self.assertEqual([book.title for book in self.ada.books.order_by("title")],
                         ["Dune", "Emma"])
        self.assertEqual(statements(), [
            ('SELECT "author"."id", "author"."name" FROM "author" LEFT OUTER JOIN "book_authors" '
             'ON ("author"."id" = "book_authors"."author_id") WHERE "book_authors"."book_id" = ? '
             'ORDER BY "author"."name" ASC', [1]),
            ('SELECT "book"."id", "book"."title" FROM "book" LEFT OUTER JOIN "book_authors" '
             'ON ("book"."id" = "book_authors"."book_id") WHERE "book_authors"."author_id" = ? '
             'ORDER BY "book"."title" ASC', [1]),
        ])
        self.assertEqual(self.bob.books.count(), 0)

    def test_remove_and_clear_delete_pairs_not_objects(self):
        self.dune.authors.add(self.ada, self.bob, self.cy)
        statements()
        self.dune.authors.remove(self.bob)
        self.assertEqual(statements(), [
            ('DELETE FROM "book_authors" WHERE "book_authors"."book_id" = ? AND '
             '"book_authors"."author_id" IN (?)', [1, 2])])
        self.assertEqual([author.name for author in self.dune.authors.all()], ["Ada", "Cy"])
        statements()
        self.ada.books.clear()  # from the other side
        self.assertEqual(statements()[0], (
            'DELETE FROM "book_authors" WHERE "book_authors"."author_id" = ?', [1]))
        self.assertEqual([author.name for author in self.dune.authors.all()], ["Cy"])
        self.assertEqual(Author.objects.count(), 3)

    def test_filter_across_the_join_table(self):
        self.dune.authors.add(self.ada, self.bob)
        self.emma.authors.add(self.ada)
        by_name = Book.objects.filter(authors__name="Bob")
        self.assertEqual(str(by_name.query),
                         'SELECT "book"."id", "book"."title" FROM "book" '
                         'LEFT OUTER JOIN "book_authors" '
                         'ON ("book"."id" = "book_authors"."book_id") '
                         'LEFT OUTER JOIN "author" ON ("book_authors"."author_id" = "author"."id") '
                         'WHERE "author"."name" = ?')
        self.assertEqual([book.title for book in by_name], ["Dune"])
        backwards = Author.objects.filter(books__title__startswith="D")
        self.assertEqual([author.name for author in backwards], ["Ada", "Bob"])
        by_object = Book.objects.filter(authors=self.ada).order_by("title")
        self.assertNotIn('JOIN "author"', str(by_object.query), "the join table has the id")
        self.assertEqual([book.title for book in by_object], ["Dune", "Emma"])
        self.assertEqual(Book.objects.filter(authors__in=[self.bob, self.cy]).count(), 1)

    def test_count_across_the_join_table(self):
        self.dune.authors.add(self.ada, self.bob)
        self.emma.authors.add(self.ada)
        counts = Author.objects.annotate(Count("books"))
        self.assertEqual([(author.name, author.books__count) for author in counts],
                         [("Ada", 2), ("Bob", 1), ("Cy", 0)])

    def test_prefetch_related_takes_two_queries_for_all_the_books(self):
        self.dune.authors.add(self.cy, self.ada)
        self.emma.authors.add(self.bob)
        Book.objects.create(title="Alone")
        statements()
        books = Book.objects.prefetch_related("authors").order_by("title")
        names = {book.title: [author.name for author in book.authors.all()] for book in books}
        self.assertEqual(names, {"Alone": [], "Dune": ["Ada", "Cy"], "Emma": ["Bob"]})
        self.assertEqual(statements()[1:], [
            ('SELECT "book_authors"."book_id", "book_authors"."author_id" FROM "book_authors" '
             'WHERE "book_authors"."book_id" IN (?, ?, ?)', [3, 1, 2]),
            ('SELECT "author"."id", "author"."name" FROM "author" '
             'WHERE "author"."id" IN (?, ?, ?) ORDER BY "author"."name" ASC', [1, 2, 3]),
        ])
        by_author = Author.objects.prefetch_related("books")
        self.assertEqual([len(author.books.all()) for author in by_author], [1, 1, 1])

    def test_deleting_an_object_deletes_its_pairs(self):
        self.dune.authors.add(self.ada, self.bob)
        self.emma.authors.add(self.ada)
        self.assertEqual(self.dune.delete(), (3, {"Book_authors": 2, "Book": 1}))
        self.assertEqual([book.title for book in self.ada.books.all()], ["Emma"])

    def test_create_a_string_target_and_self(self):
        dune = self.ada.books.create(title="Dune Messiah")
        self.assertEqual([author.name for author in dune.authors.all()], ["Ada"])
        self.dune.tags.add(Tag.objects.create(label="sf"))
        self.assertEqual([tag.label for tag in self.dune.tags.all()], ["sf"])
        self.assertEqual(Tag.objects.get().book_set.get(), self.dune)
        one, two = Person.objects.create(name="One"), Person.objects.create(name="Two")
        one.friends.add(two)
        through = Person.friends.field.through
        self.assertEqual([field.column for field in through._meta.fields],
                         ["id", "from_person_id", "to_person_id"])
        self.assertEqual([person.name for person in one.friends.all()], ["Two"])
        self.assertEqual(list(two.friends.all()), [], "added one way only")

    def test_mistakes_are_explained(self):
        with self.assertRaisesRegex(Exception, "Choices are: id, title, authors, tags"):
            Book.objects.filter(autors__name="Ada")
        with self.assertRaisesRegex(TypeError, r"use authors.add\(...\)"):
            self.dune.authors = [self.ada]
        with self.assertRaisesRegex(ValueError, "must be saved"):
            Book(title="Unsaved").authors.all()
        with self.assertRaisesRegex(TypeError, "authors takes Author objects"):
            self.dune.authors.add(self.emma)


if __name__ == "__main__":
    unittest.main()
