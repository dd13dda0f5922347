"""glassbox.db.migrations: operations applied and undone on a real SQLite, the table rebuild,
data migrations, the record of what is applied, and each step in the trace."""

import unittest

from glassbox import db
from glassbox.db import connection, models
from glassbox.db.exceptions import FieldError
from glassbox.db.migrations import (AddField, AlterField, CreateModel, IrreversibleError,
                                    Migration, MigrationError, Migrator, RemoveField,
                                    RenameField, RunPython, RunSQL)
from glassbox.trace import Trace


def columns(table):
    """{column: (type, notnull, pk)} of a table, from SQLite itself."""
    rows = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
    return {name: (kind.lower(), bool(notnull), bool(pk))
            for _cid, name, kind, notnull, _default, pk in rows}


def rows(sql):
    return connection.execute(sql).fetchall()


def statements_since(start):
    return [query["sql"] for query in connection.queries[start:]]


def initial():
    return Migration("0001_initial", [
        CreateModel("Question", [
            ("question_text", models.CharField(max_length=200)),
        ]),
        CreateModel("Choice", [
            ("question", models.ForeignKey("Question", on_delete=models.CASCADE)),
            ("choice_text", models.CharField(max_length=200)),
            ("votes", models.IntegerField(default=0)),
        ]),
    ])


def fill():
    connection.execute("INSERT INTO question (id, question_text) VALUES (1, 'What''s up?'), "
                       "(2, 'Tea or coffee?')")
    connection.execute("INSERT INTO choice (question_id, choice_text, votes) VALUES "
                       "(1, 'Not much', 3), (1, 'The sky', 1), (2, 'Tea', 5)")


class MigrationTestCase(unittest.TestCase):
    def setUp(self):
        connection.reset()
        self.migrator = Migrator()

    def migrate(self, history, to=None):
        return self.migrator.migrate(history, to=to)


class CreateModelTest(MigrationTestCase):
    def test_creates_the_tables_with_an_id_and_a_foreign_key_index(self):
        done = self.migrate([initial()])
        self.assertEqual(done, [("0001_initial", "apply")])
        self.assertEqual(columns("question"), {"id": ("integer", True, True),
                                               "question_text": ("varchar(200)", True, False)})
        self.assertEqual(set(columns("choice")), {"id", "question_id", "choice_text", "votes"})
        indexes = [name for (name,) in rows(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'choice'")]
        self.assertIn("choice_question_id", indexes)
        self.assertIn('REFERENCES "question" ("id")', rows(
            "SELECT sql FROM sqlite_master WHERE name = 'choice'")[0][0])

    def test_a_foreign_key_takes_the_type_of_the_key_it_points_at(self):
        self.migrate([Migration("0001", [
            CreateModel("Ticket", [("id", models.UUIDField(primary_key=True))]),
            CreateModel("Comment", [
                ("ticket", models.ForeignKey("Ticket", on_delete=models.CASCADE))]),
        ])])
        self.assertEqual(columns("ticket")["id"], ("char(32)", True, True))
        self.assertEqual(columns("comment")["ticket_id"], ("char(32)", True, False))

    def test_is_recorded_and_runs_once(self):
        self.migrate([initial()])
        self.assertEqual(self.migrator.applied(), ["0001_initial"])
        self.assertEqual(self.migrate([initial()]), [])

    def test_undo_drops_the_tables(self):
        self.migrate([initial()])
        self.assertEqual(self.migrate([initial()], to="zero"), [("0001_initial", "unapply")])
        self.assertNotIn("question", connection.table_names())
        self.assertEqual(self.migrator.applied(), [])


class AddFieldTest(MigrationTestCase):
    def test_a_nullable_column_is_one_alter_table(self):
        history = [initial(), Migration("0002_pub_date", [
            AddField("Question", "pub_date", models.DateTimeField(null=True))])]
        self.migrate(history[:1])
        fill()
        start = len(connection.queries)
        self.migrate(history)
        self.assertIn('ALTER TABLE "question" ADD COLUMN "pub_date" datetime NULL',
                      statements_since(start))
        self.assertEqual(rows("SELECT id, pub_date FROM question"), [(1, None), (2, None)])

    def test_a_nullable_foreign_key_is_alter_table_and_an_index(self):
        history = [initial(), Migration("0002_best", [
            AddField("Question", "best", models.ForeignKey("Choice", null=True,
                                                           on_delete=models.SET_NULL))])]
        self.migrate(history[:1])
        start = len(connection.queries)
        self.migrate(history)
        sql = [each for each in statements_since(start) if "best" in each]
        self.assertEqual(sql, [
            'ALTER TABLE "question" ADD COLUMN "best_id" integer NULL REFERENCES "choice" ("id")',
            'CREATE INDEX "question_best_id" ON "question" ("best_id")'])

    def test_a_not_null_column_with_a_default_rebuilds_the_table(self):
        history = [initial(), Migration("0002_score", [
            AddField("Question", "score", models.IntegerField(default=7))])]
        self.migrate(history[:1])
        fill()
        start = len(connection.queries)
        self.migrate(history)
        sql = statements_since(start)
        rebuild = [each for each in sql if "new__question" in each]
        self.assertTrue(rebuild[0].startswith('CREATE TABLE "new__question"'))
        self.assertEqual(rebuild[1], 'INSERT INTO "new__question" ("id", "question_text", '
                         '"score") SELECT "id", "question_text", ? FROM "question"')
        self.assertIn('DROP TABLE "question"', sql)
        self.assertEqual(rebuild[2], 'ALTER TABLE "new__question" RENAME TO "question"')
        self.assertEqual(rows("SELECT id, question_text, score FROM question"),
                         [(1, "What's up?", 7), (2, "Tea or coffee?", 7)])
        self.assertEqual(columns("question")["score"], ("integer", True, False))

    def test_the_rebuild_keeps_the_rows_that_point_at_the_table(self):
        history = [initial(), Migration("0002_score", [
            AddField("Question", "score", models.IntegerField(default=0))])]
        self.migrate(history[:1])
        fill()
        self.migrate(history)
        # DROP TABLE with foreign key checks on would have deleted the choices (CASCADE).
        self.assertEqual(rows("SELECT COUNT(*) FROM choice")[0][0], 3)
        self.assertEqual(rows("PRAGMA foreign_key_check"), [])
        self.assertEqual(rows("PRAGMA foreign_keys"), [(1,)])

    def test_a_migration_that_breaks_a_foreign_key_is_refused_and_rolled_back(self):
        history = [initial(), Migration("0002_orphan", [
            RunSQL("INSERT INTO choice (question_id, choice_text, votes) VALUES (99, 'Lost', 0)",
                   reverse_sql="DELETE FROM choice WHERE question_id = 99")])]
        self.migrate(history[:1])
        fill()
        with self.assertRaisesRegex(db.IntegrityError, "0002_orphan would leave 1 broken"):
            self.migrate(history)
        self.assertEqual(self.migrator.applied(), ["0001_initial"])
        self.assertEqual(rows("SELECT COUNT(*) FROM choice WHERE question_id = 99")[0][0], 0)

    def test_a_not_null_column_without_default_is_refused(self):
        history = [initial(), Migration("0002_slug", [
            AddField("Question", "slug", models.CharField(max_length=50))])]
        self.migrate(history[:1])
        with self.assertRaises(FieldError) as caught:
            self.migrate(history)
        self.assertIn("null=True", str(caught.exception))

    def test_undo_removes_the_column(self):
        history = [initial(), Migration("0002_pub_date", [
            AddField("Question", "pub_date", models.DateTimeField(null=True))])]
        self.migrate(history)
        start = len(connection.queries)
        self.migrate(history, to="0001_initial")
        self.assertIn('ALTER TABLE "question" DROP COLUMN "pub_date"', statements_since(start))
        self.assertNotIn("pub_date", columns("question"))


class RenameAndRemoveTest(MigrationTestCase):
    def test_rename_keeps_the_values_and_undoes(self):
        history = [initial(), Migration("0002_rename", [
            RenameField("Question", "question_text", "text")])]
        self.migrate(history[:1])
        fill()
        self.migrate(history)
        self.assertEqual(rows("SELECT text FROM question ORDER BY id"),
                         [("What's up?",), ("Tea or coffee?",)])
        self.migrate(history, to="0001_initial")
        self.assertIn("question_text", columns("question"))
        self.assertEqual(rows("SELECT COUNT(*) FROM question"), [(2,)])

    def test_renaming_a_foreign_key_renames_its_id_column(self):
        history = [initial(), Migration("0002_rename", [
            RenameField("Choice", "question", "poll")])]
        self.migrate(history)
        self.assertIn("poll_id", columns("choice"))

    def test_remove_a_plain_column_is_drop_column(self):
        history = [initial(), Migration("0002_remove", [RemoveField("Choice", "votes")])]
        self.migrate(history[:1])
        fill()
        start = len(connection.queries)
        self.migrate(history)
        self.assertIn('ALTER TABLE "choice" DROP COLUMN "votes"', statements_since(start))
        self.assertEqual(set(columns("choice")), {"id", "question_id", "choice_text"})

    def test_undoing_a_removal_brings_the_column_back_without_its_values(self):
        history = [initial(), Migration("0002_remove", [RemoveField("Choice", "votes")])]
        self.migrate(history[:1])
        fill()
        self.migrate(history)
        self.migrate(history, to="0001_initial")
        self.assertEqual(rows("SELECT DISTINCT votes FROM choice"), [(0,)])  # the default

    def test_removing_a_unique_column_rebuilds(self):
        history = [Migration("0001", [CreateModel("Tag", [
            ("name", models.CharField(max_length=20)),
            ("slug", models.CharField(max_length=20, unique=True))])]),
            Migration("0002", [RemoveField("Tag", "slug")])]
        self.migrate(history[:1])
        connection.execute("INSERT INTO tag (name, slug) VALUES ('Python', 'python')")
        start = len(connection.queries)
        self.migrate(history)
        self.assertTrue(any(sql.startswith('CREATE TABLE "new__tag"')
                            for sql in statements_since(start)))
        self.assertEqual(rows("SELECT name FROM tag"), [("Python",)])

    def test_unknown_field(self):
        history = [initial(), Migration("0002", [RemoveField("Question", "nope")])]
        with self.assertRaises(FieldError):
            self.migrate(history)


class AlterFieldTest(MigrationTestCase):
    def history(self, new_field):
        return [Migration("0001", [CreateModel("Person", [
            ("name", models.CharField(max_length=50)),
            ("age", models.IntegerField(null=True))])]),
            Migration("0002", [AlterField("Person", "age", new_field)])]

    def test_not_null_with_a_default_fills_the_nulls(self):
        history = self.history(models.IntegerField(default=0))
        self.migrate(history[:1])
        connection.execute("INSERT INTO person (name, age) VALUES ('Ada', 36), ('Linus', NULL)")
        self.migrate(history)
        self.assertEqual(rows("SELECT name, age FROM person ORDER BY id"),
                         [("Ada", 36), ("Linus", 0)])
        self.assertTrue(columns("person")["age"][1])

    def test_not_null_without_a_default_fails_and_rolls_back(self):
        history = self.history(models.IntegerField())
        self.migrate(history[:1])
        connection.execute("INSERT INTO person (name, age) VALUES ('Linus', NULL)")
        with self.assertRaises(Exception) as caught:
            self.migrate(history)
        self.assertEqual(type(caught.exception).__name__, "IntegrityError")
        self.assertEqual(self.migrator.applied(), ["0001"])
        self.assertFalse(columns("person")["age"][1])  # still nullable
        self.assertNotIn("new__person", connection.table_names())
        self.assertEqual(rows("PRAGMA foreign_keys"), [(1,)])

    def test_undo_rebuilds_it_back(self):
        history = self.history(models.IntegerField(default=0))
        self.migrate(history)
        self.migrate(history, to="0001")
        self.assertFalse(columns("person")["age"][1])


class RunPythonTest(MigrationTestCase):
    def test_a_data_migration_uses_the_model_as_it_was(self):
        def split_names(apps, connection):
            Person = apps.get_model("people", "Person")
            for person in Person.objects.all():
                person.first_name = person.name.split()[0]
                person.save()

        def join_names(apps, connection):
            Person = apps.get_model("Person")
            Person.objects.update(first_name=None)

        history = [
            Migration("0001", [CreateModel("Person", [("name", models.CharField(max_length=50))])]),
            Migration("0002", [
                AddField("Person", "first_name", models.CharField(max_length=50, null=True)),
                RunPython(split_names, join_names),
            ]),
        ]
        self.migrate(history[:1])
        connection.execute("INSERT INTO person (name) VALUES ('Ada Lovelace'), ('Alan Turing')")
        self.migrate(history)
        self.assertEqual(rows("SELECT first_name FROM person ORDER BY id"), [("Ada",), ("Alan",)])
        self.migrate(history, to="0001")
        self.assertNotIn("first_name", columns("person"))

    def test_historical_models_stay_out_of_the_registry(self):
        from glassbox.db.models.base import registry

        seen = []
        history = [initial(), Migration("0002", [
            RunPython(lambda apps, _c: seen.append(apps.get_model("Choice")))])]
        before = list(registry)
        self.migrate(history)
        self.assertEqual(registry, before)
        self.assertEqual([f.name for f in seen[0]._meta.fields],
                         ["id", "question_id", "choice_text", "votes"])

    def test_without_reverse_code_it_cannot_be_undone(self):
        history = [initial(), Migration("0002", [RunPython(RunPython.noop)])]
        self.migrate(history)
        with self.assertRaises(IrreversibleError):
            self.migrate(history, to="0001_initial")
        self.assertEqual(self.migrator.applied(), ["0001_initial", "0002"])

    def test_an_error_rolls_the_whole_migration_back(self):
        def boom(apps, connection):
            raise ValueError("bad data")

        history = [initial(), Migration("0002", [
            AddField("Question", "pub_date", models.DateTimeField(null=True)),
            RunPython(boom)])]
        self.migrate(history[:1])
        with self.assertRaises(ValueError):
            self.migrate(history)
        self.assertNotIn("pub_date", columns("question"))
        self.assertEqual(self.migrator.applied(), ["0001_initial"])

    def test_run_sql_and_its_reverse(self):
        history = [initial(), Migration("0002", [RunSQL(
            "CREATE INDEX question_text_idx ON question (question_text)",
            "DROP INDEX question_text_idx")])]
        self.migrate(history)
        self.migrate(history, to="0001_initial")
        self.assertEqual(self.migrator.applied(), ["0001_initial"])


class TraceAndPlanTest(MigrationTestCase):
    def test_each_operation_is_a_trace_event_before_its_sql(self):
        trace = Trace()
        history = [initial(), Migration("0002_pub_date", [
            AddField("Question", "pub_date", models.DateTimeField(null=True))])]
        Migrator(trace=trace).migrate(history)
        events = trace.of_type("migration")
        self.assertEqual([(e["migration"], e["operation"], e["direction"]) for e in events], [
            ("0001_initial", "Create model Question", "apply"),
            ("0001_initial", "Create model Choice", "apply"),
            ("0002_pub_date", "Add field pub_date to Question", "apply")])
        self.assertEqual(events[2]["sql"],
                         ['ALTER TABLE "question" ADD COLUMN "pub_date" datetime NULL'])
        types = trace.types()
        after = types[types.index("migration", types.index("migration") + 2):]
        self.assertEqual(after[:2], ["migration", "sql"])
        Migrator(trace=trace).migrate(history, to="zero")
        self.assertEqual([e["direction"] for e in trace.of_type("migration")][3:],
                         ["unapply", "unapply", "unapply"])

    def test_sql_shows_a_migration_without_running_it(self):
        history = [initial(), Migration("0002", [
            AddField("Choice", "note", models.TextField(default=""))])]
        text = self.migrator.sql(history, "0002")
        self.assertIn("-- Add field note to Choice", text)
        self.assertIn('CREATE TABLE "new__choice"', text)
        self.assertNotIn("choice", connection.table_names())

    def test_inside_atomic_is_refused(self):
        from glassbox.db import transaction

        with transaction.atomic():
            with self.assertRaises(MigrationError):
                self.migrate([initial()])

    def test_unknown_target(self):
        with self.assertRaises(MigrationError):
            self.migrate([initial()], to="0009")


if __name__ == "__main__":
    unittest.main()
