"""glassbox.db.models: declaring models, their fields and tables, saving, validating."""

import datetime
import decimal
import unittest

from glassbox.db import connection
from glassbox.db.models import (CASCADE, SET_NULL, BooleanField, CharField, DateField,
                                DateTimeField, DecimalField, FieldError, FloatField, ForeignKey,
                                IntegerField, Model, TextField, ValidationError, registry)
from glassbox.db.schema import add_field, create_tables, sql_add_field, sql_create, sql_indexes


class Publisher(Model):
    name = CharField(max_length=50, unique=True)

    class Meta:
        db_table = "publishers"


class Author(Model):
    name = CharField(max_length=50)
    born = DateField(null=True, blank=True)

    def __str__(self):
        return self.name


class Book(Model):
    GENRES = [("sf", "Science fiction"), ("novel", "Novel")]

    title = CharField(max_length=20)
    author = ForeignKey(Author, on_delete=CASCADE)
    publisher = ForeignKey("Publisher", on_delete=SET_NULL, null=True, related_name="books")
    genre = CharField(max_length=10, choices=GENRES, default="novel")
    price = DecimalField(max_digits=5, decimal_places=2, default=decimal.Decimal("9.99"))
    rating = FloatField(null=True)
    in_print = BooleanField(default=True)
    summary = TextField(blank=True, default="")
    isbn = CharField(max_length=13, db_index=True, blank=True, default="")
    added = DateTimeField(auto_now_add=True)
    changed = DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        unique_together = [("title", "author")]

    def __str__(self):
        return self.title


MODELS = [Book, Author, Publisher]


class DeclarationTest(unittest.TestCase):
    def test_meta_collects_fields_in_order_with_an_automatic_id(self):
        self.assertEqual(Author._meta.field_names(), ["id", "name", "born"])
        self.assertEqual(Book._meta.pk.name, "id")
        self.assertEqual(Book._meta.get_field("author").attname, "author_id")
        self.assertEqual(Book._meta.get_field("author_id").name, "author")
        self.assertEqual(Book._meta.db_table, "book")
        self.assertEqual(Publisher._meta.db_table, "publishers")
        self.assertEqual(Book._meta.unique_together, [("title", "author")])

    def test_each_model_has_its_own_exceptions(self):
        self.assertTrue(issubclass(Book.DoesNotExist, Exception))
        self.assertFalse(issubclass(Book.DoesNotExist, Author.DoesNotExist))
        self.assertEqual(Book.DoesNotExist.__qualname__, "Book.DoesNotExist")

    def test_unknown_field_names_the_choices(self):
        with self.assertRaises(FieldError) as caught:
            Author._meta.get_field("nam")
        self.assertEqual(str(caught.exception),
                         "Author has no field 'nam'. Choices are: id, name, born, book")
        with self.assertRaises(TypeError) as caught:
            Author(nam="x")
        self.assertIn("unexpected keyword argument 'nam'", str(caught.exception))

    def test_choices_have_display_labels(self):
        self.assertEqual(Book(genre="sf").get_genre_display(), "Science fiction")
        self.assertEqual(Book(genre="other").get_genre_display(), "other")

    def test_the_manager_belongs_to_the_class(self):
        with self.assertRaises(AttributeError) as caught:
            Author(name="x").objects
        self.assertIn("Author.objects", str(caught.exception))

    def test_char_field_needs_max_length(self):
        with self.assertRaises(TypeError):
            CharField()


class SchemaTest(unittest.TestCase):
    def setUp(self):
        connection.reset()

    def test_create_table_sql_like_sqlmigrate(self):
        self.assertEqual(sql_create(Author), 'CREATE TABLE "author" (\n'
                         '    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,\n'
                         '    "name" varchar(50) NOT NULL,\n'
                         '    "born" date NULL\n)')
        self.assertEqual(sql_create(Book), 'CREATE TABLE "book" (\n'
                         '    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,\n'
                         '    "title" varchar(20) NOT NULL,\n'
                         '    "author_id" integer NOT NULL REFERENCES "author" ("id"),\n'
                         '    "publisher_id" integer NULL REFERENCES "publishers" ("id"),\n'
                         '    "genre" varchar(10) NOT NULL,\n'
                         '    "price" decimal(5, 2) NOT NULL,\n'
                         '    "rating" real NULL,\n'
                         '    "in_print" bool NOT NULL,\n'
                         '    "summary" text NOT NULL,\n'
                         '    "isbn" varchar(13) NOT NULL,\n'
                         '    "added" datetime NOT NULL,\n'
                         '    "changed" datetime NOT NULL,\n'
                         '    UNIQUE ("title", "author_id")\n)')
        self.assertEqual(sql_indexes(Book), [
            'CREATE INDEX "book_author_id" ON "book" ("author_id")',
            'CREATE INDEX "book_publisher_id" ON "book" ("publisher_id")',
            'CREATE INDEX "book_isbn" ON "book" ("isbn")'])

    def test_create_tables_in_dependency_order(self):
        statements = create_tables(connection, MODELS)
        created = [sql.split('"')[1] for sql in statements if sql.startswith("CREATE TABLE")]
        self.assertEqual(created, ["author", "publishers", "book"])
        self.assertEqual(connection.table_names(), ["author", "book", "publishers"])

    def test_add_field_is_alter_table(self):
        connection.execute('CREATE TABLE "author" ("id" integer NOT NULL PRIMARY KEY '
                           'AUTOINCREMENT, "name" varchar(50) NOT NULL)')
        connection.execute('INSERT INTO "author" ("name") VALUES (?)', ["Ada"])
        self.assertEqual(add_field(connection, Author, "born"),
                         'ALTER TABLE "author" ADD COLUMN "born" date NULL')
        self.assertIsNone(Author.objects.get(name="Ada").born)
        self.assertEqual(sql_add_field(Book, "in_print"),
                         'ALTER TABLE "book" ADD COLUMN "in_print" bool NOT NULL DEFAULT 1')
        with self.assertRaises(FieldError) as caught:
            sql_add_field(Book, "title")
        self.assertIn("null=True or a default", str(caught.exception))


class SaveAndLoadTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_tables(connection, MODELS)
        self.author = Author.objects.create(name="Ursula", born=datetime.date(1929, 10, 21))

    def test_insert_then_update(self):
        book = Book(title="Earthsea", author=self.author)
        self.assertIsNone(book.pk)
        book.save()
        self.assertEqual(book.pk, 1)
        self.assertTrue(connection.queries[-1]["sql"].startswith('INSERT INTO "book" ("title", '))
        book.title = "A Wizard"
        book.save()
        self.assertTrue(connection.queries[-1]["sql"].startswith('UPDATE "book" SET "title" = ?'))
        self.assertEqual(Book.objects.count(), 1)
        self.assertEqual(Book.objects.get(pk=1).title, "A Wizard")

    def test_values_come_back_as_python_types(self):
        Book.objects.create(title="Earthsea", author=self.author, price="12.5", rating=4.5,
                            in_print=False)
        book = Book.objects.get()
        self.assertEqual(book.price, decimal.Decimal("12.50"))
        self.assertIs(book.in_print, False)
        self.assertEqual(book.rating, 4.5)
        self.assertIsInstance(book.added, datetime.datetime)
        self.assertEqual(Author.objects.get().born, datetime.date(1929, 10, 21))
        self.assertEqual(Author.objects.filter(born__lt=datetime.date(1930, 1, 1)).count(), 1)
        raw = connection.execute("SELECT born FROM author").fetchone()
        self.assertEqual(raw, ("1929-10-21",))

    def test_auto_now_and_auto_now_add(self):
        book = Book.objects.create(title="Earthsea", author=self.author)
        added, changed = book.added, book.changed
        self.assertIsNotNone(added)
        book.save()
        self.assertEqual(book.added, added)
        self.assertGreaterEqual(book.changed, changed)

    def test_foreign_key_object_and_id(self):
        book = Book.objects.create(title="Earthsea", author=self.author)
        fetched = Book.objects.get(pk=book.pk)
        self.assertEqual(fetched.author_id, self.author.pk)
        self.assertEqual(fetched.author, self.author)
        self.assertIsNone(fetched.publisher)
        with self.assertRaises(TypeError) as caught:
            Book(title="x", author=3)
        self.assertIn("Book.author must be a Author instance", str(caught.exception))

    def test_a_missing_related_object_is_a_clear_error(self):
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute('INSERT INTO "book" ("title", "author_id", "genre", "price", '
                           '"in_print", "summary", "isbn", "added", "changed") VALUES '
                           "('Lost', 99, 'sf', '1', 1, '', '', '2024-01-01', '2024-01-01')")
        book = Book.objects.get(title="Lost")
        with self.assertRaises(Author.DoesNotExist) as caught:
            book.author
        self.assertEqual(str(caught.exception),
                         "Book 1's author points at Author id=99, which does not exist.")

    def test_database_constraints_still_apply(self):
        import sqlite3

        from glassbox.db import IntegrityError, connection

        Publisher.objects.create(name="Ace")
        with self.assertRaises(IntegrityError) as caught:
            Publisher.objects.create(name="Ace")
        self.assertEqual(str(caught.exception), "UNIQUE constraint failed: publishers.name")
        # glassbox.db's error, raised from sqlite3's (as django.db's is)
        self.assertIsInstance(caught.exception.__cause__, sqlite3.IntegrityError)
        # The failed INSERT is in connection.queries, with its error
        self.assertEqual(connection.queries[-1]["error"],
                         "IntegrityError: UNIQUE constraint failed: publishers.name")
        self.assertTrue(connection.queries[-1]["sql"].startswith('INSERT INTO "publishers"'))

    def test_delete_and_refresh(self):
        book = Book.objects.create(title="Earthsea", author=self.author)
        Book.objects.filter(pk=book.pk).update(title="Tehanu")
        book.refresh_from_db()
        self.assertEqual(book.title, "Tehanu")
        self.assertEqual(book.delete(), (1, {"Book": 1}))
        self.assertIsNone(book.pk)
        self.assertEqual(Book.objects.count(), 0)


class Stamped(Model):
    created = DateField(null=True)

    class Meta:
        abstract = True


class Note(Stamped):
    text = TextField()
    author = ForeignKey("self", on_delete=CASCADE, null=True, related_name="replies")

    class Meta:
        unique_together = ("text", "created")


class InheritanceAndSelfReferenceTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_tables(connection, [Note])

    def test_abstract_parents_give_their_fields_and_make_no_table(self):
        self.assertEqual(Note._meta.field_names(), ["id", "created", "text", "author"])
        self.assertEqual(connection.table_names(), ["note"])
        self.assertEqual(Note._meta.unique_together, [("text", "created")])
        self.assertNotIn(Stamped, registry)

    def test_a_foreign_key_to_self(self):
        first = Note.objects.create(text="first")
        reply = Note.objects.create(text="reply", author=first)
        self.assertEqual(list(first.replies.all()), [reply])
        self.assertEqual(Note.objects.get(author__text="first"), reply)
        self.assertEqual(str(Note.objects.filter(author__text="x").query),
                         'SELECT "note"."id", "note"."created", "note"."text", "note"."author_id" '
                         'FROM "note" LEFT OUTER JOIN "note" T2 ON ("note"."author_id" = '
                         'T2."id") WHERE T2."text" = ?')
        self.assertEqual(first.delete(), (2, {"Note": 2}))


class FullCleanTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_tables(connection, MODELS)
        self.author = Author.objects.create(name="Ursula")

    def test_a_good_object_passes_and_values_are_converted(self):
        book = Book(title="Earthsea", author=self.author, price="3", rating="4")
        book.full_clean()
        self.assertEqual((book.price, book.rating), (decimal.Decimal("3.00"), 4.0))

    def test_every_problem_is_reported_by_field(self):
        book = Book(title="A title far too long for it", author_id=None, genre="poetry",
                    price="1000")
        with self.assertRaises(ValidationError) as caught:
            book.full_clean()
        problems = caught.exception.message_dict
        self.assertEqual(sorted(problems), ["author", "genre", "price", "title"])
        self.assertEqual(problems["title"],
                         ["Ensure this value has at most 20 characters (it has 27)."])
        self.assertEqual(problems["author"], ["This field cannot be null."])
        self.assertIn("'poetry' is not a valid choice", problems["genre"][0])
        self.assertIn("no more than 5 digits", problems["price"][0])

    def test_blank_and_bad_types(self):
        with self.assertRaises(ValidationError) as caught:
            Author(name="").full_clean()
        self.assertEqual(caught.exception.message_dict, {"name": ["This field cannot be blank."]})
        with self.assertRaises(ValidationError) as caught:
            Author(name="x", born="yesterday").full_clean()
        self.assertIn("'yesterday' is not a valid date", caught.exception.message_dict["born"][0])

    def test_unique_and_unique_together(self):
        Publisher.objects.create(name="Ace")
        with self.assertRaises(ValidationError) as caught:
            Publisher(name="Ace").full_clean()
        self.assertEqual(caught.exception.message_dict,
                         {"name": ["Publisher with this name already exists."]})
        Book.objects.create(title="Earthsea", author=self.author)
        with self.assertRaises(ValidationError) as caught:
            Book(title="Earthsea", author=self.author).full_clean()
        self.assertEqual(caught.exception.message_dict,
                         {"__all__": ["Book with this title and author already exists."]})
        Book.objects.get().full_clean()  # itself is not a duplicate


if __name__ == "__main__":
    unittest.main()
