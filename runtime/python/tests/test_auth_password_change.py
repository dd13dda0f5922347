"""update_session_auth_hash: a password change ends every other session of the user, and keeps
the one that made the change, under a new key."""

import unittest

from glassbox.app import Glassbox
from glassbox.auth import update_session_auth_hash
from glassbox.auth.models import User, create_auth_tables
from glassbox.db import connection
from glassbox.http import JsonResponse
from glassbox.sessions.models import Session
from glassbox.test import Client
from glassbox.urls import path

SECRET = "test-secret-key"

def change_password(request):
    user = request.user
    user.set_password(request.POST["new_password"])
    user.save()
    if request.POST.get("keep") == "yes":
        update_session_auth_hash(request, user)
    return JsonResponse({"changed": True})


def whoami(request):
    return JsonResponse({"user": request.user.username or None})


def make_app():
    return Glassbox(settings={"SECRET_KEY": SECRET},
                    urls=[path("password/", change_password), path("whoami/", whoami)],
                    middleware=["glassbox.sessions.middleware.SessionMiddleware",
                                "glassbox.auth.middleware.AuthenticationMiddleware"])


class UpdateSessionAuthHashTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_auth_tables(connection)
        self.ada = User.objects.create_user("ada", password="lovelace1815")
        self.app = make_app()

    def logged_in(self):
        browser = Client(self.app)
        browser.force_login(self.ada)
        return browser

    def who(self, browser):
        return browser.get("/whoami/").json()["user"]

    def test_keeps_this_session_under_a_new_key_and_ends_the_others(self):
        browser, other = self.logged_in(), self.logged_in()
        old_key = browser.cookies["sessionid"]
        response = browser.post("/password/", {"new_password": "better one", "keep": "yes"})
        self.assertEqual(response.status_code, 200)
        self.assertNotEqual(browser.cookies["sessionid"], old_key)
        self.assertFalse(Session.objects.filter(session_key=old_key).exists())
        self.assertEqual(self.who(browser), "ada")
        self.assertIsNone(self.who(other))
        thief = Client(self.app)
        thief.cookies["sessionid"] = old_key
        self.assertIsNone(self.who(thief))

    def test_without_it_the_changing_session_is_logged_out_too(self):
        browser = self.logged_in()
        browser.post("/password/", {"new_password": "better one"})
        self.assertIsNone(self.who(browser))

    def test_traced_as_an_auth_event(self):
        browser = self.logged_in()
        response = browser.post("/password/", {"new_password": "better one", "keep": "yes"})
        reasons = [event["reason"] for event in response.trace.of_type("auth")
                   if event["mechanism"] == "session" and event["outcome"] == "login"]
        self.assertEqual(len(reasons), 1)
        self.assertIn("password changed", reasons[0])

    def test_another_users_session_gets_a_new_key_but_not_the_hash(self):
        grace = User.objects.create_user("grace", password="hopper1906")
        browser = Client(self.app)
        browser.force_login(grace)

        def change_ada(request):
            self.ada.set_password("changed by staff")
            self.ada.save()
            update_session_auth_hash(request, self.ada)
            return JsonResponse({})

        app = Glassbox(settings={"SECRET_KEY": SECRET},
                       urls=[path("change/", change_ada), path("whoami/", whoami)],
                       middleware=["glassbox.sessions.middleware.SessionMiddleware",
                                   "glassbox.auth.middleware.AuthenticationMiddleware"])
        staff = Client(app)
        staff.cookies = dict(browser.cookies)
        staff.post("/change/")
        self.assertEqual(staff.get("/whoami/").json()["user"], "grace")


if __name__ == "__main__":
    unittest.main()
