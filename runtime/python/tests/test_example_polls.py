"""The example polls site, driven through the test client like a browser would."""

import unittest

from examples.polls.app import make_app
from examples.polls.models import Choice, Question
from glassbox.test import Client


class PollsSiteTest(unittest.TestCase):
    def setUp(self):
        self.app = make_app()  # and a fresh database with the two starting questions
        self.client = Client(self.app)

    def test_home_redirects_to_the_polls(self):
        response = self.client.get("/", follow=True)
        self.assertEqual(response.redirect_chain, [("/polls/", 302)])
        self.assertIn("<h1>Latest questions</h1>", response.text)

    def test_index_lists_newest_first_and_escapes(self):
        text = self.client.get("/polls/").text
        self.assertLess(text.index("Tabs or spaces?"), text.index("favourite owl"))
        self.assertIn("What&#x27;s your favourite owl?", text)
        self.assertIn("7 Mar 2026", text)

    def test_detail_shows_a_form_with_every_choice(self):
        response = self.client.get("/polls/1/")
        self.assertEqual(response.status_code, 200)
        self.assertIn('action="/polls/1/vote/"', response.text)
        self.assertEqual(response.text.count('type="radio"'), 3)
        self.assertIn("<title>What&#x27;s your favourite owl? | Polls</title>", response.text)

    def test_vote_counts_redirects_and_remembers(self):
        response = self.client.post("/polls/1/vote/", {"choice": "2"})
        self.assertEqual((response.status_code, response["Location"]), (302, "/polls/1/results/"))
        self.assertEqual(Choice.objects.get(question=1, text="Snowy owl").votes, 1)
        self.assertIn("HttpOnly", response.cookies["voted"])
        results = self.client.get(response["Location"])
        self.assertIn("Snowy owl: 1 vote<", results.text)
        self.assertIn("<em>you voted</em>", self.client.get("/polls/").text)

    def test_vote_without_choice_shows_error(self):
        response = self.client.post("/polls/1/vote/", {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("You didn&#x27;t select a choice.", response.text)
        self.assertEqual(Question.objects.get(pk=1).total_votes(), 0)

    def test_vote_needs_post(self):
        self.assertEqual(self.client.get("/polls/1/vote/").status_code, 405)

    def test_unknown_question_is_404(self):
        response = self.client.get("/polls/99/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("No question has id 99.", response.text)

    def test_append_slash(self):
        response = self.client.get("/polls/1")
        self.assertEqual((response.status_code, response["Location"]), (301, "/polls/1/"))

    def test_middleware_headers_and_trace(self):
        response = self.client.get("/about/")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertIn("app;dur=", response["Server-Timing"])
        self.assertEqual(response["X-Request-Count"], "1")
        self.assertEqual(self.client.get("/about/")["X-Request-Count"], "2")
        self.assertIn(response["X-Request-ID"], response.text, "the footer shows the request id")
        names = [e["name"] for e in response.trace.of_type("middleware") if e["phase"] == "in"]
        self.assertEqual(names, ["SecurityMiddleware", "RequestIdMiddleware", "TimingMiddleware",
                                 "CommonMiddleware", "SessionMiddleware",
                                 "CsrfViewMiddleware", "AuthenticationMiddleware",
                                 "request_counter"])
        self.assertEqual([e["name"] for e in response.trace.of_type("template")], ["about.html"])

    def test_api_lists_creates_and_deletes(self):
        questions = self.client.get("/api/questions/").json()["questions"]
        self.assertEqual([q["id"] for q in questions], [1, 2])
        created = self.client.post("/api/questions/", json={"text": "Cats?", "choices": ["y", "n"]})
        self.assertEqual(created.status_code, 201)
        self.assertEqual(created["Location"], "/api/questions/3/")
        self.assertEqual(self.client.get("/api/questions/3/").json()["text"], "Cats?")
        self.assertEqual(self.client.delete("/api/questions/3/").status_code, 204)
        self.assertEqual(self.client.get("/api/questions/3/").status_code, 404)
        self.assertEqual(self.client.delete("/api/questions/3/").status_code, 404)

    def test_deleting_a_question_deletes_its_choices(self):
        self.assertEqual(self.client.delete("/api/questions/1/").status_code, 204)
        self.assertEqual(sorted(Choice.objects.values_list("text", flat=True)),
                         ["Spaces", "Tabs"])

    def test_a_pages_trace_shows_its_sql(self):
        response = self.client.get("/polls/1/")
        statements = [(event["sql"], event["params"]) for event in response.trace.of_type("sql")]
        self.assertEqual(statements, [
            ('SELECT "question"."id", "question"."text", "question"."published" FROM "question" '
             'WHERE "question"."id" = ? LIMIT ? OFFSET ?', [1, 21, 0]),
            ('SELECT "choice"."id", "choice"."question_id", "choice"."text", "choice"."votes" '
             'FROM "choice" WHERE "choice"."question_id" = ?', [1]),
        ])
        first, second = response.trace.of_type("sql")
        self.assertEqual((first["rows"], second["rows"]), (1, 3))
        self.assertIn("examples/polls/views.py:", first["where"])
        self.assertIn("in get_question", first["where"])

    def test_index_needs_one_query_and_vote_one_update(self):
        events = self.client.get("/polls/").trace.of_type("sql")
        self.assertEqual(len(events), 1, "the vote totals come in the same query (annotate)")
        self.assertIn('SUM("choice"."votes") AS "votes"', events[0]["sql"])
        self.assertIn('LEFT OUTER JOIN "choice"', events[0]["sql"])
        response = self.client.post("/polls/2/vote/", {"choice": "5"})
        update, = [e for e in response.trace.of_type("sql") if e["sql"].startswith("UPDATE")]
        self.assertEqual(update["sql"], 'UPDATE "choice" SET "votes" = ("choice"."votes" + ?) '
                         'WHERE "choice"."question_id" = ? AND "choice"."id" = ?')
        self.assertEqual(update["params"], [1, 2, 5])

    def test_api_rejects_bad_input(self):
        response = self.client.post("/api/questions/", json={"text": "Lonely?", "choices": ["y"]})
        self.assertEqual(response.status_code, 400)
        self.assertIn("at least two", response.json()["error"])
        self.assertEqual(self.client.put("/api/questions/").status_code, 405)

    def test_reverse_through_namespaces(self):
        self.assertEqual(self.app.reverse("polls:vote", args=[2]), "/polls/2/vote/")
        self.assertEqual(self.app.reverse("api:question", kwargs={"question_id": 1}),
                         "/api/questions/1/")

    def test_without_debug_errors_stay_private(self):
        client = Client(make_app(DEBUG=False))
        response = client.get("/nowhere/")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("polls/", response.text)


if __name__ == "__main__":
    unittest.main()
