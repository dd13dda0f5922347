"""sqlite3 over a real SQLite: Python's own tutorial, the DB-API surface, and SQLite's errors.

Runs natively (`cargo test -p glassbox-runtime`) and in the browser build (the e2e tests).
"""

import sqlite3
import unittest


class TutorialTest(unittest.TestCase):
    """The steps of the sqlite3 tutorial in Python's documentation, in order."""

    def test_the_tutorial(self):
        con = sqlite3.connect(":memory:")
        cur = con.cursor()
        cur.execute("CREATE TABLE movie(title, year, score)")
        res = cur.execute("SELECT name FROM sqlite_master")
        self.assertEqual(res.fetchone(), ("movie",))
        res = cur.execute("SELECT name FROM sqlite_master WHERE name='spam'")
        self.assertIsNone(res.fetchone())
        cur.execute("""
            INSERT INTO movie VALUES
                ('Monty Python and the Holy Grail', 1975, 8.2),
                ('And Now for Something Completely Different', 1971, 7.5)
        """)
        self.assertTrue(con.in_transaction)
        con.commit()
        self.assertFalse(con.in_transaction)
        res = cur.execute("SELECT score FROM movie")
        self.assertEqual(res.fetchall(), [(8.2,), (7.5,)])
        data = [
            ("Monty Python Live at the Hollywood Bowl", 1982, 7.9),
            ("Monty Python's The Meaning of Life", 1983, 7.5),
            ("Monty Python's Life of Brian", 1979, 8.0),
        ]
        cur.executemany("INSERT INTO movie VALUES(?, ?, ?)", data)
        con.commit()
        years = [row for row in cur.execute("SELECT year, title FROM movie ORDER BY year")]
        self.assertEqual([year for year, _ in years], [1971, 1975, 1979, 1982, 1983])
        con.close()
        # The data is gone with an in-memory database; a new connection starts empty.
        new_con = sqlite3.connect(":memory:")
        self.assertEqual(new_con.execute("SELECT count(*) FROM sqlite_master").fetchone(), (0,))


class CursorTest(unittest.TestCase):
    def setUp(self):
        self.con = sqlite3.connect(":memory:")
        self.con.execute("CREATE TABLE person(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER)")

    def test_description_rowcount_and_lastrowid(self):
        cur = self.con.execute("INSERT INTO person(name, age) VALUES (?, ?)", ("Ada", 36))
        self.assertEqual((cur.rowcount, cur.lastrowid), (1, 1))
        self.assertIsNone(cur.description)
        cur = self.con.execute("SELECT id, name FROM person")
        self.assertEqual([column[0] for column in cur.description], ["id", "name"])
        self.assertEqual(cur.rowcount, -1)
        self.assertEqual(self.con.execute("UPDATE person SET age = age + 1").rowcount, 1)

    def test_named_parameters_and_types_round_trip(self):
        self.con.execute("CREATE TABLE value(v)")
        for value in (None, 42, -2**63, 2.5, "naïve ☃", b"\x00\xff"):
            self.con.execute("DELETE FROM value")
            self.con.execute("INSERT INTO value VALUES (:v)", {"v": value})
            (stored,) = self.con.execute("SELECT v FROM value").fetchone()
            self.assertEqual((type(stored), stored), (type(value), value))
        self.con.execute("INSERT INTO value VALUES (?)", (True,))
        self.assertEqual(self.con.execute("SELECT v FROM value WHERE v = 1").fetchone(), (1,))

    def test_values_are_bound_not_pasted_into_sql(self):
        sneaky = "Robert'); DROP TABLE person;--"
        self.con.execute("INSERT INTO person(name) VALUES (?)", (sneaky,))
        self.assertEqual(self.con.execute("SELECT name FROM person").fetchall(), [(sneaky,)])

    def test_fetchmany_and_iteration(self):
        self.con.executemany("INSERT INTO person(name) VALUES (?)", [(f"p{i}",) for i in range(5)])
        cur = self.con.execute("SELECT name FROM person ORDER BY id")
        self.assertEqual(cur.fetchmany(2), [("p0",), ("p1",)])
        self.assertEqual(cur.fetchone(), ("p2",))
        self.assertEqual(list(cur), [("p3",), ("p4",)])
        self.assertIsNone(cur.fetchone())

    def test_row_factory(self):
        self.con.row_factory = sqlite3.Row
        self.con.execute("INSERT INTO person(name, age) VALUES ('Grace', 45)")
        row = self.con.execute("SELECT name, age FROM person").fetchone()
        self.assertEqual((row["name"], row["AGE"], row[1], len(row)), ("Grace", 45, 45, 2))
        self.assertEqual(row.keys(), ["name", "age"])
        self.assertEqual(tuple(row), ("Grace", 45))

    def test_results_match_hand_written_sql_on_the_same_data(self):
        rows = [("a", 30), ("b", 20), ("c", 40), ("d", None)]
        self.con.executemany("INSERT INTO person(name, age) VALUES (?, ?)", rows)
        got = self.con.execute("SELECT name FROM person WHERE age > ? ORDER BY age DESC", (25,)).fetchall()
        expected = [(name,) for name, age in sorted(rows, key=lambda r: -(r[1] or 0)) if age and age > 25]
        self.assertEqual(got, expected)
        self.assertEqual(self.con.execute("SELECT avg(age) FROM person").fetchone(), (30.0,))


class TransactionTest(unittest.TestCase):
    def test_rollback_undoes_and_context_manager_commits(self):
        con = sqlite3.connect(":memory:")
        con.execute("CREATE TABLE t(x)")
        con.execute("INSERT INTO t VALUES (1)")
        con.rollback()
        self.assertEqual(con.execute("SELECT count(*) FROM t").fetchone(), (0,))
        with con:
            con.execute("INSERT INTO t VALUES (2)")
        self.assertFalse(con.in_transaction)
        with self.assertRaises(ZeroDivisionError):
            with con:
                con.execute("INSERT INTO t VALUES (3)")
                1 / 0
        self.assertEqual(con.execute("SELECT x FROM t").fetchall(), [(2,)])

    def test_executescript(self):
        con = sqlite3.connect(":memory:")
        con.executescript("""
            CREATE TABLE book(title);
            INSERT INTO book VALUES ('Dune');
            INSERT INTO book VALUES ('Emma');
        """)
        self.assertEqual(con.execute("SELECT count(*) FROM book").fetchone(), (2,))


class ErrorsTest(unittest.TestCase):
    def setUp(self):
        self.con = sqlite3.connect(":memory:")
        self.con.execute("CREATE TABLE person(name TEXT NOT NULL UNIQUE)")

    def test_constraint_violations_are_integrity_errors_with_sqlites_message(self):
        self.con.execute("INSERT INTO person VALUES ('Ada')")
        with self.assertRaises(sqlite3.IntegrityError) as caught:
            self.con.execute("INSERT INTO person VALUES ('Ada')")
        self.assertEqual(str(caught.exception), "UNIQUE constraint failed: person.name")
        self.assertEqual(caught.exception.sqlite_errorname, "SQLITE_CONSTRAINT_UNIQUE")
        with self.assertRaises(sqlite3.IntegrityError) as caught:
            self.con.execute("INSERT INTO person VALUES (NULL)")
        self.assertIn("NOT NULL constraint failed", str(caught.exception))

    def test_bad_sql_is_an_operational_error_pointing_at_the_spot(self):
        with self.assertRaises(sqlite3.OperationalError) as caught:
            self.con.execute("SELECT name FROM person WHERE name = 'x' ORDER BYY name")
        message = str(caught.exception)
        self.assertIn('near "BYY": syntax error', message)
        source_line, caret_line = message.splitlines()[1:3]
        self.assertEqual(source_line[caret_line.index("^")], "B", message)
        with self.assertRaises(sqlite3.OperationalError) as caught:
            self.con.execute("SELECT * FROM nowhere")
        self.assertIn("no such table: nowhere", str(caught.exception))

    def test_misuse_is_a_programming_or_interface_error(self):
        with self.assertRaises(sqlite3.ProgrammingError) as caught:
            self.con.execute("INSERT INTO person VALUES (?)", ())
        self.assertIn("uses 1, and there are 0 supplied", str(caught.exception))
        with self.assertRaises(sqlite3.ProgrammingError):
            self.con.execute("SELECT 1; SELECT 2")
        with self.assertRaises(sqlite3.ProgrammingError):
            self.con.execute("INSERT INTO person VALUES (:name)", {})
        with self.assertRaises(sqlite3.InterfaceError):
            self.con.execute("INSERT INTO person VALUES (?)", ([1, 2],))
        self.con.close()
        with self.assertRaises(sqlite3.ProgrammingError):
            self.con.execute("SELECT 1")

    def test_the_exception_hierarchy_and_module_constants(self):
        self.assertTrue(issubclass(sqlite3.IntegrityError, sqlite3.DatabaseError))
        self.assertTrue(issubclass(sqlite3.DatabaseError, sqlite3.Error))
        self.assertEqual(sqlite3.paramstyle, "qmark")
        self.assertGreaterEqual(sqlite3.sqlite_version_info, (3, 40, 0))

    def test_query_plan(self):
        plan = self.con.execute("EXPLAIN QUERY PLAN SELECT * FROM person WHERE name = 'x'").fetchall()
        self.assertTrue(any("USING" in str(step[-1]) for step in plan), plan)


if __name__ == "__main__":
    unittest.main()
