"""glassbox.sessions: the session table, SessionStore, and SessionMiddleware's cookie."""

import datetime
import json
import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.auth.models import create_auth_tables
from glassbox.db import connection
from glassbox.http import HttpResponse, JsonResponse
from glassbox.sessions.backends import KEY_LENGTH, SessionStore
from glassbox.sessions.middleware import add_vary
from glassbox.sessions.models import Session
from glassbox.test import Client
from glassbox.urls import path

NOW = datetime.datetime(2026, 5, 1, 10, 0, 0)


def fresh_database():
    connection.reset()
    create_auth_tables(connection)


class SessionStoreTest(unittest.TestCase):
    def setUp(self):
        fresh_database()
        clock.freeze(NOW)
        self.addCleanup(clock.unfreeze)

    def test_save_makes_a_random_key_and_a_row_of_json(self):
        session = SessionStore(age=3600)
        session["cart"] = [3, 7]
        session.save()
        self.assertEqual(len(session.session_key), KEY_LENGTH)
        row = Session.objects.get(pk=session.session_key)
        self.assertEqual(json.loads(row.session_data), {"cart": [3, 7]})
        self.assertEqual(row.expire_date, NOW + datetime.timedelta(hours=1))
        self.assertNotEqual(SessionStore().new_key(), session.session_key)

    def test_nothing_is_read_until_the_first_use(self):
        key = self.saved({"theme": "dark"})
        connection.queries.clear()
        session = SessionStore(key)
        self.assertEqual((session.accessed, connection.queries), (False, []))
        self.assertEqual(session["theme"], "dark")
        self.assertTrue(session.accessed)
        self.assertEqual(len(connection.queries), 1)
        self.assertIn('"session_key" = ?', connection.queries[0]["sql"])
        self.assertEqual(session.get("theme"), "dark")
        self.assertEqual(len(connection.queries), 1, "loaded once, then kept")

    def test_expired_session_is_empty_and_says_when(self):
        key = self.saved({"user": 1}, age=60)
        clock.advance(seconds=59)
        self.assertEqual(SessionStore(key).get("user"), 1)
        clock.advance(seconds=1)
        session = SessionStore(key)
        self.assertIsNone(session.get("user"))
        self.assertEqual(session.load_problem, "the session expired at 2026-05-01T10:01:00Z")
        self.assertIsNone(session.session_key, "a dead key is never written to again")

    def test_unknown_and_malformed_keys(self):
        session = SessionStore("a" * KEY_LENGTH)
        self.assertEqual(dict(session.items()), {})
        self.assertIn("no session has the key aaaaaaaa…", session.load_problem)
        self.assertIsNone(SessionStore("'; DROP TABLE x; --").session_key)
        self.assertFalse(SessionStore.is_valid_key("A" * KEY_LENGTH))

    def test_save_again_updates_the_row_and_pushes_the_expiry(self):
        session = SessionStore(self.saved({"n": 1}, age=60), age=60)
        clock.advance(seconds=30)
        session["n"] = 2
        session.save()
        row = Session.objects.get(pk=session.session_key)
        self.assertEqual((json.loads(row.session_data), Session.objects.count()), ({"n": 2}, 1))
        self.assertEqual(row.expire_date, NOW + datetime.timedelta(seconds=90))

    def test_cycle_key_keeps_the_data_and_kills_the_old_key(self):
        old_key = self.saved({"cart": [1]})
        session = SessionStore(old_key)
        session.cycle_key()
        self.assertNotEqual(session.session_key, old_key)
        self.assertEqual(SessionStore(session.session_key)["cart"], [1])
        self.assertFalse(session.exists(old_key))

    def test_cycle_key_of_a_new_session_keeps_the_new_row(self):
        session = SessionStore()
        session["cart"] = [2]
        session.cycle_key()
        self.assertEqual(SessionStore(session.session_key)["cart"], [2])
        self.assertEqual(Session.objects.count(), 1)

    def test_flush_deletes_the_row(self):
        session = SessionStore(self.saved({"user": 1}))
        session.flush()
        self.assertEqual((session.session_key, Session.objects.count()), (None, 0))
        self.assertTrue(session.is_empty())

    def test_clear_expired(self):
        self.saved({}, age=10)
        keep = self.saved({}, age=1000)
        clock.advance(seconds=11)
        self.assertEqual(Session.objects.clear_expired(), 1)
        self.assertEqual([row.session_key for row in Session.objects.all()], [keep])

    def test_dict_methods_mark_modified(self):
        session = SessionStore()
        self.assertFalse(session.modified)
        session.setdefault("a", 1)
        self.assertTrue(session.modified)
        session.modified = False
        self.assertEqual(session.pop("missing", None), None)
        self.assertFalse(session.modified)
        del session["a"]
        self.assertTrue(session.modified)
        self.assertNotIn("a", session)

    def saved(self, data, age=3600):
        session = SessionStore(age=age)
        for name, value in data.items():
            session[name] = value
        session.modified = True
        session.save()
        return session.session_key


def count_view(request):
    request.session["count"] = request.session.get("count", 0) + 1
    return JsonResponse({"count": request.session["count"]})


def read_view(request):
    return JsonResponse({"count": request.session.get("count")})


def plain_view(request):
    return HttpResponse("no session here")


def flush_view(request):
    request.session.flush()
    return HttpResponse("flushed")


URLS = [path("count/", count_view), path("read/", read_view), path("plain/", plain_view),
        path("flush/", flush_view)]


def make_app(**settings):
    return Glassbox(settings={"SECRET_KEY": "test", **settings}, urls=URLS,
                    middleware=["glassbox.sessions.middleware.SessionMiddleware"])


class SessionMiddlewareTest(unittest.TestCase):
    def setUp(self):
        fresh_database()

    def test_the_session_survives_between_requests(self):
        client = Client(make_app())
        self.assertEqual(client.get("/count/").json(), {"count": 1})
        self.assertEqual(client.get("/count/").json(), {"count": 2})
        self.assertEqual(Client(make_app()).get("/count/").json(), {"count": 1},
                         "another browser, another session")

    def test_sql_the_middleware_sends_is_credited_to_the_framework_never_to_the_glue(self):
        # The inspector sends its requests from glassbox_lesson.py; the session's save runs in
        # SessionMiddleware after the view. `where` names the framework's line that asked.
        glue = {}
        exec(compile("def send(client, target):\n    return client.get(target)\n",
                     "glassbox_lesson.py", "exec"), glue)
        response = glue["send"](Client(make_app()), "/count/")
        wheres = [event["where"] for event in response.trace.of_type("sql")]
        self.assertTrue(wheres, "the session was saved")
        for where in wheres:
            self.assertNotIn("glassbox_lesson", where)
            self.assertIsNotNone(where)
        self.assertTrue(any(where.startswith("glassbox/sessions/") for where in wheres), wheres)

    def test_cookie_is_httponly_lax_with_max_age(self):
        response = Client(make_app(SESSION_COOKIE_AGE=600)).get("/count/")
        cookie = response.cookies["sessionid"]
        self.assertRegex(cookie, r"^sessionid=[a-z0-9]{32}; Max-Age=600; Path=/; HttpOnly; "
                                 r"SameSite=Lax$")
        self.assertNotIn("Secure", cookie)

    def test_secure_by_setting(self):
        response = Client(make_app(SESSION_COOKIE_SECURE=True)).get("/count/")
        self.assertIn("; Secure", response.cookies["sessionid"])

    def test_cookie_name_by_setting(self):
        response = Client(make_app(SESSION_COOKIE_NAME="sid")).get("/count/")
        self.assertEqual(list(response.cookies), ["sid"])

    def test_vary_cookie_only_when_the_session_was_read(self):
        client = Client(make_app())
        self.assertEqual(client.get("/read/")["Vary"], "Cookie")
        plain = client.get("/plain/")
        self.assertNotIn("Vary", plain.headers)
        self.assertEqual(plain.cookies, {}, "an untouched session sets no cookie")
        self.assertEqual(plain.trace.of_type("sql"), [], "and reads nothing")

    def test_reading_does_not_make_a_session(self):
        client = Client(make_app())
        response = client.get("/read/")
        self.assertEqual((response.cookies, Session.objects.count()), ({}, 0))

    def test_flush_deletes_the_cookie(self):
        client = Client(make_app())
        client.get("/count/")
        response = client.get("/flush/")
        self.assertIn("sessionid=; expires=Thu, 01 Jan 1970", response.cookies["sessionid"]
                      .replace("Expires", "expires"))
        self.assertNotIn("sessionid", client.cookies)
        self.assertEqual(Session.objects.count(), 0)

    def test_a_dead_cookie_is_deleted(self):
        client = Client(make_app())
        client.cookies["sessionid"] = "z" * KEY_LENGTH
        response = client.get("/read/")
        self.assertIn("Max-Age=0", response.cookies["sessionid"])

    def test_expired_session_starts_again(self):
        client = Client(make_app(SESSION_COOKIE_AGE=60))
        with clock.frozen(NOW):
            client.get("/count/")
            clock.advance(seconds=61)
            self.assertEqual(client.get("/count/").json(), {"count": 1})

    def test_add_vary_keeps_what_is_there(self):
        response = HttpResponse(headers={"Vary": "accept-encoding, cookie"})
        add_vary(response, "Cookie")
        self.assertEqual(response["Vary"], "accept-encoding, cookie")


if __name__ == "__main__":
    unittest.main()
