"""glassbox.auth: users, authenticate/login/logout with sessions, request.user, the trace."""

import datetime
import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.auth import authenticate, hashers, login, logout
from glassbox.auth.models import AnonymousUser, User, create_auth_tables
from glassbox.db import connection
from glassbox.exceptions import ImproperlyConfigured
from glassbox.http import HttpRequest, HttpResponse, JsonResponse
from glassbox.sessions.models import Session
from glassbox.test import Client
from glassbox.urls import path

NOW = datetime.datetime(2026, 5, 1, 10, 0, 0)


def fresh_database():
    connection.reset()
    create_auth_tables(connection)


class UserTest(unittest.TestCase):
    def setUp(self):
        fresh_database()

    def test_create_user_hashes_the_password(self):
        with clock.frozen(NOW):
            user = User.objects.create_user("ada", " Ada@Example.com", "correct horse")
        self.assertTrue(user.password.startswith("pbkdf2_sha256$50000$"))
        self.assertNotIn("correct horse", user.password)
        self.assertEqual((user.email, user.date_joined, user.last_login), ("ada@example.com",
                                                                         NOW, None))
        fetched = User.objects.get(username="ada")
        self.assertTrue(fetched.check_password("correct horse"))
        self.assertFalse(fetched.check_password("Correct horse"))
        self.assertEqual((fetched.is_active, fetched.is_staff), (True, False))

    def test_usernames_are_unique(self):
        User.objects.create_user("ada", password="x")
        with self.assertRaises(Exception):
            User.objects.create_user("ada", password="y")

    def test_unusable_password(self):
        user = User.objects.create_user("robot")
        self.assertFalse(user.has_usable_password())
        self.assertFalse(user.check_password(""))
        self.assertFalse(user.check_password(user.password))

    def test_check_password_rehashes_an_old_iteration_count(self):
        user = User.objects.create_user("ada")
        user.password = hashers.make_password("pw", iterations=1000)
        user.save()
        self.assertFalse(user.check_password("wrong"))
        self.assertIn("$1000$", User.objects.get(pk=user.pk).password, "no upgrade on failure")
        self.assertTrue(user.check_password("pw"))
        stored = User.objects.get(pk=user.pk).password
        self.assertTrue(stored.startswith(f"pbkdf2_sha256${hashers.DEFAULT_ITERATIONS}$"))
        self.assertTrue(User.objects.get(pk=user.pk).check_password("pw"))

    def test_anonymous_user(self):
        anonymous = AnonymousUser()
        self.assertEqual((anonymous.is_authenticated, anonymous.is_anonymous, anonymous.pk),
                         (False, True, None))
        self.assertEqual(anonymous, AnonymousUser())
        self.assertFalse(anonymous.check_password(""))
        self.assertTrue(User(username="x").is_authenticated)

    def test_session_auth_hash_follows_the_password(self):
        user = User.objects.create_user("ada", password="one")
        before = user.get_session_auth_hash("secret")
        self.assertEqual(before, user.get_session_auth_hash("secret"))
        self.assertNotEqual(before, user.get_session_auth_hash("other secret"))
        user.set_password("two")
        self.assertNotEqual(before, user.get_session_auth_hash("secret"))


class AuthenticateTest(unittest.TestCase):
    def setUp(self):
        fresh_database()
        self.user = User.objects.create_user("ada", password="correct horse")
        self.request = HttpRequest("POST", "/login/")

    def decision(self):
        event, = self.request.trace.of_type("auth")
        return event["mechanism"], event["outcome"], event["user"], event["reason"]

    def test_right_password(self):
        self.assertEqual(authenticate(self.request, "ada", "correct horse"), self.user)
        self.assertEqual(self.decision(), ("password", "authenticated", "ada",
                                           "username and password match"))

    def test_wrong_password(self):
        self.assertIsNone(authenticate(self.request, "ada", "wrong"))
        self.assertEqual(self.decision(), ("password", "refused", "ada", "wrong password"))

    def test_unknown_user(self):
        self.assertIsNone(authenticate(self.request, "bob", "x"))
        self.assertEqual(self.decision(), ("password", "refused", None,
                                           "no user is named 'bob'"))

    def test_inactive_user(self):
        User.objects.filter(pk=self.user.pk).update(is_active=False)
        self.assertIsNone(authenticate(self.request, "ada", "correct horse"))
        self.assertEqual(self.decision()[3], "the account is not active")


# -- a small site with a login form, a private page and a logout ------------------------------

def login_view(request):
    user = authenticate(request, username=request.POST.get("username"),
                        password=request.POST.get("password"))
    if user is None:
        return HttpResponse("no", status=401)
    login(request, user)
    return HttpResponse("welcome")


def logout_view(request):
    logout(request)
    return HttpResponse("bye")


def me_view(request):
    user = request.user
    return JsonResponse({"username": user.username, "authenticated": user.is_authenticated})


def plain_view(request):
    return HttpResponse("anyone")


def put_in_cart(request):
    request.session["cart"] = [1]
    return HttpResponse("ok")


URLS = [path("login/", login_view), path("logout/", logout_view), path("me/", me_view),
        path("plain/", plain_view), path("cart/", put_in_cart)]

MIDDLEWARE = ["glassbox.sessions.middleware.SessionMiddleware",
              "glassbox.auth.middleware.AuthenticationMiddleware"]


def make_app(**settings):
    return Glassbox(settings={"SECRET_KEY": "test-secret", **settings}, urls=URLS,
                    middleware=MIDDLEWARE)


class SessionLoginTest(unittest.TestCase):
    def setUp(self):
        fresh_database()
        self.user = User.objects.create_user("ada", password="correct horse")
        self.client = Client(make_app())

    def log_in(self, client=None):
        client = client or self.client
        response = client.post("/login/", {"username": "ada", "password": "correct horse"})
        self.assertEqual(response.text, "welcome")
        return response

    def test_login_then_request_user(self):
        self.assertEqual(self.client.get("/me/").json(), {"username": "",
                                                          "authenticated": False})
        with clock.frozen(NOW):
            self.log_in()
            self.assertEqual(self.client.get("/me/").json(), {"username": "ada",
                                                              "authenticated": True})
        self.assertEqual(User.objects.get(pk=self.user.pk).last_login, NOW)

    def test_login_trace(self):
        response = self.log_in()
        outcomes = [(event["mechanism"], event["outcome"])
                    for event in response.trace.of_type("auth")]
        self.assertEqual(outcomes, [("password", "authenticated"), ("session", "login")])
        event = self.client.get("/me/").trace.of_type("auth")[0]
        self.assertEqual((event["mechanism"], event["outcome"], event["user"]),
                         ("session", "authenticated", "ada"))

    def test_login_cycles_the_session_key_against_fixation(self):
        self.client.get("/cart/")  # an anonymous session, with a key the attacker could know
        planted = self.client.cookies["sessionid"]
        self.log_in()
        new_key = self.client.cookies["sessionid"]
        self.assertNotEqual(new_key, planted)
        attacker = Client(make_app())
        attacker.cookies["sessionid"] = planted
        self.assertFalse(attacker.get("/me/").json()["authenticated"])
        self.assertEqual(Session.objects.filter(session_key=planted).count(), 0)

    def test_login_keeps_the_anonymous_session_data(self):
        self.client.get("/cart/")
        self.log_in()
        from glassbox.sessions.backends import SessionStore

        self.assertEqual(SessionStore(self.client.cookies["sessionid"])["cart"], [1])

    def test_wrong_password_sets_no_session(self):
        response = self.client.post("/login/", {"username": "ada", "password": "nope"})
        self.assertEqual((response.status_code, response.cookies), (401, {}))

    def test_session_cookie_reused_after_logout_is_refused(self):
        self.log_in()
        stolen = self.client.cookies["sessionid"]
        response = self.client.post("/logout/")
        self.assertIn("Max-Age=0", response.cookies["sessionid"])
        logout_event = response.trace.of_type("auth")[-1]
        self.assertEqual((logout_event["outcome"], logout_event["user"]), ("logout", None))
        thief = Client(make_app())
        thief.cookies["sessionid"] = stolen
        response = thief.get("/me/")
        self.assertFalse(response.json()["authenticated"])
        event, = response.trace.of_type("auth")
        self.assertEqual((event["mechanism"], event["outcome"]), ("session", "refused"))
        self.assertIn(f"no session has the key {stolen[:8]}…", event["reason"])

    def test_logout_names_the_user_when_it_was_known(self):
        self.log_in()
        self.client.get("/me/")
        app = self.client.app
        request = HttpRequest("POST", "/logout/", headers={
            "Cookie": f"sessionid={self.client.cookies['sessionid']}"})
        request.app = app
        from glassbox.sessions.backends import SessionStore

        request.session = SessionStore(self.client.cookies["sessionid"])
        request.user = self.user
        logout(request)
        self.assertEqual(request.trace.of_type("auth")[-1]["user"], "ada")
        self.assertFalse(request.user.is_authenticated)

    def test_expired_session_says_when(self):
        with clock.frozen(NOW):
            client = Client(make_app(SESSION_COOKIE_AGE=60))
            self.log_in(client)
            clock.advance(minutes=2)
            response = client.get("/me/")
        self.assertFalse(response.json()["authenticated"])
        self.assertEqual(response.trace.of_type("auth")[0]["reason"],
                         "the session expired at 2026-05-01T10:01:00Z")

    def test_password_change_ends_other_sessions(self):
        self.log_in()
        user = User.objects.get(pk=self.user.pk)
        user.set_password("new password")
        user.save()
        response = self.client.get("/me/")
        self.assertFalse(response.json()["authenticated"])
        self.assertEqual(response.trace.of_type("auth")[0]["reason"],
                         "the password changed since this session logged in")

    def test_inactive_user_is_logged_out(self):
        self.log_in()
        User.objects.filter(pk=self.user.pk).update(is_active=False)
        self.assertFalse(self.client.get("/me/").json()["authenticated"])

    def test_request_user_is_lazy(self):
        self.log_in()
        response = self.client.get("/plain/")
        self.assertEqual(response.trace.of_type("sql"), [], "nobody asked who it was")
        self.assertEqual(response.trace.of_type("auth"), [])
        self.assertNotIn("Vary", response.headers)
        me = self.client.get("/me/")
        self.assertEqual(me["Vary"], "Cookie")
        self.assertEqual(len(me.trace.of_type("auth")), 1, "looked up once per request")

    def test_anonymous_is_recorded_with_what_was_looked_for(self):
        event, = self.client.get("/me/").trace.of_type("auth")
        self.assertEqual((event["mechanism"], event["outcome"]), (None, "anonymous"))
        self.assertEqual(event["reason"], "no credential was sent (looked for: jwt, api_key, "
                                          "session)")

    def test_request_user_without_the_middleware_explains(self):
        app = Glassbox(settings={"DEBUG": True}, urls=URLS)
        response = Client(app).get("/me/")
        self.assertEqual(response.status_code, 500)
        self.assertIn("AuthenticationMiddleware", response.trace.of_type("error")[0]["message"])

    def test_authentication_middleware_needs_sessions_first(self):
        app = Glassbox(urls=URLS, middleware=["glassbox.auth.middleware.AuthenticationMiddleware"])
        response = Client(app).get("/plain/")
        error, = response.trace.of_type("error")
        self.assertEqual(error["kind"], ImproperlyConfigured.__name__)
        self.assertIn("SessionMiddleware", error["message"])

    def test_client_force_login_login_and_logout(self):
        self.client.force_login(self.user)
        self.assertTrue(self.client.get("/me/").json()["authenticated"])
        self.client.logout()
        self.assertFalse(self.client.get("/me/").json()["authenticated"])
        self.assertEqual(Session.objects.count(), 0)
        self.assertFalse(self.client.login("ada", "wrong"))
        self.assertTrue(self.client.login("ada", "correct horse"))
        self.assertEqual(self.client.get("/me/").json()["username"], "ada")


if __name__ == "__main__":
    unittest.main()
