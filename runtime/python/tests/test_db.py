"""glassbox.db: the connection records every statement, and a request's trace shows them."""

import json
import unittest

from glassbox import db
from glassbox.app import Glassbox
from glassbox.db.connection import Connection
from glassbox.http import HttpResponse
from glassbox.test import Client
from glassbox.urls import path


class ConnectionTest(unittest.TestCase):
    def test_statements_are_run_and_remembered_like_djangos_connection_queries(self):
        connection = Connection()
        connection.execute("CREATE TABLE t(x)")
        connection.execute("INSERT INTO t VALUES (?)", [5])
        self.assertEqual(connection.execute("SELECT x FROM t").fetchall(), [(5,)])
        self.assertEqual([query["sql"] for query in connection.queries],
                         ["CREATE TABLE t(x)", "INSERT INTO t VALUES (?)", "SELECT x FROM t"])
        self.assertEqual(connection.queries[1]["params"], [5])
        self.assertEqual(set(connection.queries[0]), {"sql", "params", "time"})
        float(connection.queries[0]["time"])

    def test_a_simulated_latency_slows_every_statement(self):
        connection = Connection()
        connection.latency_ms = 30
        connection.execute("SELECT 1")
        self.assertGreaterEqual(float(connection.queries[-1]["time"]), 0.030)
        connection.latency_ms = 0
        connection.execute("SELECT 1")
        self.assertLess(float(connection.queries[-1]["time"]), 0.030)

    def test_without_a_request_nothing_is_traced(self):
        connection = Connection()
        self.assertIsNone(connection.trace)
        connection.execute("SELECT 1")

    def test_reset_gives_an_empty_database(self):
        connection = Connection()
        connection.execute("CREATE TABLE t(x)")
        connection.reset()
        self.assertEqual(connection.table_names(), [])
        self.assertEqual(connection.queries, [])

    def test_autocommit_each_statement_stands_alone(self):
        connection = Connection()
        connection.execute("CREATE TABLE t(x)")
        connection.execute("INSERT INTO t VALUES (1)")
        self.assertFalse(connection.database.in_transaction)


class RequestTraceTest(unittest.TestCase):
    def setUp(self):
        self.connection = Connection()
        self.connection.execute("CREATE TABLE book(title)")
        self.connection.execute("INSERT INTO book VALUES ('Dune'), ('Emma')")

        def books(request):
            rows = self.connection.execute("SELECT title FROM book WHERE title > ?", ["A"])
            return HttpResponse(", ".join(title for (title,) in rows))

        def loop(request):
            for title in ["Dune", "Emma", "Dune", "Emma"]:
                self.connection.execute("SELECT rowid FROM book WHERE title = ?", [title])
            return HttpResponse("ok")

        self.app = Glassbox(urls=[path("books/", books), path("loop/", loop)],
                            database=self.connection)

    def test_a_views_sql_is_in_its_trace_with_the_line_that_ran_it(self):
        response = Client(self.app).get("/books/")
        self.assertEqual(response.text, "Dune, Emma")
        event, = response.trace.of_type("sql")
        self.assertEqual((event["sql"], event["params"], event["rows"]),
                         ("SELECT title FROM book WHERE title > ?", ["A"], 2))
        self.assertIsInstance(event["duration_ms"], float)
        self.assertIn("test_db.py:", event["where"])
        self.assertTrue(event["where"].endswith("in books"), event["where"])
        json.loads(response.trace.to_json())
        types = response.trace.types()
        self.assertLess(types.index("sql"), types.index("view"))

    def test_the_trace_is_cleared_after_the_view(self):
        Client(self.app).get("/books/")
        self.assertIsNone(self.connection.trace)
        self.connection.execute("SELECT 1")

    def test_a_repeated_select_is_flagged_as_n_plus_one(self):
        response = Client(self.app).get("/loop/")
        self.assertEqual(len(response.trace.of_type("sql")), 4)
        warning, = response.trace.of_type("n_plus_one")
        self.assertEqual(warning["count"], 4, "flagged at the third, counted to the end of the loop")
        self.assertIn("in loop", warning["where"])
        again = Client(self.app).get("/books/")
        self.assertEqual(again.trace.of_type("n_plus_one"), [], "counts start again per request")

    def test_the_app_uses_the_default_connection_unless_given_one(self):
        self.assertIs(Glassbox().database, db.connection)


if __name__ == "__main__":
    unittest.main()
