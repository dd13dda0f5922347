"""glassbox.flags: flags in the database, read through the cache, invalidated on change."""

import unittest

from glassbox.app import Glassbox
from glassbox.auth.models import User, create_auth_tables
from glassbox.cache import CacheHandler
from glassbox.db import connection
from glassbox.flags import Flag, bucket, create_flag_table, is_enabled, set_flag
from glassbox.http import HttpResponse
from glassbox.test import Client
from glassbox.urls import path


def checkout(request):
    version = "new" if is_enabled("new-checkout", request) else "old"
    return HttpResponse(f"{version} checkout")


def make_app():
    return Glassbox(urls=[path("checkout/", checkout)], caches=CacheHandler(),
                    middleware=["glassbox.sessions.middleware.SessionMiddleware",
                                "glassbox.auth.middleware.AuthenticationMiddleware"])


def flag_queries(response):
    return [event for event in response.trace.of_type("sql") if "glassbox_flag" in event["sql"]]


class FlagsTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_auth_tables(connection)
        create_flag_table()
        self.app = make_app()
        self.client = Client(self.app)

    def test_an_unknown_flag_is_off_and_that_is_cached_too(self):
        first = self.client.get("/checkout/")
        self.assertEqual(first.text, "old checkout")
        self.assertEqual(len(flag_queries(first)), 1)
        (event,) = first.trace.of_type("flag")
        self.assertEqual((event["enabled"], event["source"]), (False, "database"))
        self.assertIn("no such flag", event["reason"])
        second = self.client.get("/checkout/")
        self.assertEqual(flag_queries(second), [])
        self.assertEqual(second.trace.of_type("flag")[0]["source"], "cache")

    def test_one_query_for_many_requests(self):
        set_flag("new-checkout", everyone=True)
        responses = [self.client.get("/checkout/") for _ in range(5)]
        self.assertTrue(all(response.text == "new checkout" for response in responses))
        self.assertEqual(sum(len(flag_queries(response)) for response in responses), 1)

    def test_set_flag_shows_on_the_next_request(self):
        set_flag("new-checkout", everyone=True)
        self.assertEqual(self.client.get("/checkout/").text, "new checkout")
        self.client.get("/checkout/")  # cached now
        set_flag("new-checkout", everyone=False, request=self.client.get("/checkout/").request)
        self.assertEqual(self.client.get("/checkout/").text, "old checkout")
        self.assertEqual(Flag.objects.get(name="new-checkout").everyone, False)

    def test_set_flag_without_a_request_clears_the_default_cache(self):
        from glassbox.cache import caches

        set_flag("beta", everyone=True)
        self.assertTrue(is_enabled("beta"))
        set_flag("beta", everyone=False)
        self.assertFalse(is_enabled("beta"))
        caches["default"].clear()

    def test_a_rollout_is_stable_per_user_and_grows(self):
        users = [User.objects.create_user(f"user{number}", password="pw-long-enough")
                 for number in range(40)]
        set_flag("new-checkout", percent=25)
        inside = {user.username for user in users if is_enabled("new-checkout", user=user)}
        again = {user.username for user in users if is_enabled("new-checkout", user=user)}
        self.assertEqual(inside, again)
        self.assertEqual(inside, {user.username for user in users
                                  if bucket("new-checkout", user.pk) < 25})
        set_flag("new-checkout", percent=60)
        wider = {user.username for user in users if is_enabled("new-checkout", user=user)}
        self.assertTrue(inside <= wider)
        from glassbox.cache import caches

        caches["default"].clear()

    def test_a_rollout_is_for_logged_in_users(self):
        set_flag("new-checkout", percent=100)
        anonymous = self.client.get("/checkout/")
        self.assertEqual(anonymous.text, "old checkout")
        self.assertIn("logged-in users only", anonymous.trace.of_type("flag")[0]["reason"])
        user = User.objects.create_user("ada", password="lovelace1815")
        self.client.force_login(user)
        self.assertEqual(self.client.get("/checkout/").text, "new checkout")

    def test_percent_is_checked(self):
        with self.assertRaises(ValueError):
            set_flag("new-checkout", percent=120)


if __name__ == "__main__":
    unittest.main()
