"""The polls site's caching: a stats page kept for a minute, an API answered with ETags."""

import unittest

from examples.polls import cached
from examples.polls.app import make_app
from glassbox import clock
from glassbox.cache import caches
from glassbox.test import Client
from glassbox.trace import Trace


def sql_count(response):
    return len(response.trace.of_type("sql"))


class CachedPollsTest(unittest.TestCase):
    def setUp(self):
        clock.freeze(1_700_000_000)
        self.addCleanup(clock.unfreeze)
        self.client = Client(make_app())

    def test_the_stats_page_runs_its_queries_once_a_minute(self):
        first = self.client.get("/polls/stats/")
        self.assertIn("Tabs or spaces?", first.text)
        self.assertEqual(sql_count(first), 5, "1 list + 2 queries for each of 2 questions")
        second = self.client.get("/polls/stats/")
        self.assertEqual((second.text, sql_count(second)), (first.text, 0))
        self.client.post("/polls/2/vote/", {"choice": "5"})
        self.assertNotIn("<td>Spaces</td>", self.client.get("/polls/stats/").text,
                         "within the minute, the cached page does not show the vote yet")
        clock.advance(seconds=60)
        fresh = self.client.get("/polls/stats/")
        self.assertGreater(sql_count(fresh), 0)
        self.assertIn("<td>Spaces</td>", fresh.text)

    def test_the_api_answers_304_until_a_vote_changes_the_etag(self):
        first = self.client.get("/api/stats/")
        etag = first["ETag"]
        self.assertTrue(etag.startswith('W/"'), etag)
        again = self.client.get("/api/stats/", headers={"If-None-Match": etag})
        self.assertEqual((again.status_code, again.content), (304, b""))
        self.assertEqual(sql_count(again), 1, "only the cheap ETag query ran")
        self.client.post("/polls/1/vote/", {"choice": "1"})
        changed = self.client.get("/api/stats/", headers={"If-None-Match": etag})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], etag)

    def test_popular_question_uses_the_low_level_cache(self):
        with caches.tracing(Trace()) as trace:
            first = cached.popular_question()
            second = cached.popular_question()
        self.assertEqual(first, second)
        hits = [event["hit"] for event in trace.of_type("cache") if event["op"] == "get"]
        self.assertEqual(hits, [False, True, True])


if __name__ == "__main__":
    unittest.main()
