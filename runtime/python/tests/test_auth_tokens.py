"""Token authentication (simplejwt's shape): the views, Bearer requests, the blacklist, and the
attacks, sent through the whole stack. (tests/test_jwt.py checks jwt.decode itself.)"""

import base64
import datetime
import json
import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.auth import insecure_jwt, jwt, token_blacklist
from glassbox.auth.decorators import login_required, staff_member_required
from glassbox.auth.models import User, create_auth_tables
from glassbox.auth.token_blacklist import BlacklistedToken
from glassbox.auth.token_views import (TokenBlacklistView, TokenObtainPairView,
                                       TokenRefreshView, TokenVerifyView)
from glassbox.auth.tokens import AccessToken, RefreshToken, TokenError
from glassbox.db import connection
from glassbox.http import JsonResponse
from glassbox.test import Client
from glassbox.urls import path

NOW = datetime.datetime(2026, 5, 1, 10, 0, 0)
SECRET = "test-secret-key"


@login_required(api=True)
def me(request):
    return JsonResponse({"username": request.user.username})


@staff_member_required(api=True)
def staff_only(request):
    return JsonResponse({"ok": True})


@login_required
def page(request):
    return JsonResponse({"page": "private"})


URLS = [path("api/token/", TokenObtainPairView.as_view()),
        path("api/token/refresh/", TokenRefreshView.as_view()),
        path("api/token/verify/", TokenVerifyView.as_view()),
        path("api/token/blacklist/", TokenBlacklistView.as_view()),
        path("api/me/", me), path("api/staff/", staff_only), path("page/", page)]

MIDDLEWARE = ["glassbox.sessions.middleware.SessionMiddleware",
              "glassbox.auth.csrf.CsrfViewMiddleware",
              "glassbox.auth.middleware.AuthenticationMiddleware"]


def make_app(**settings):
    return Glassbox(settings={"SECRET_KEY": SECRET, **settings}, urls=URLS,
                    middleware=MIDDLEWARE)


def b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


class TokenTestCase(unittest.TestCase):
    settings = {}

    def setUp(self):
        connection.reset()
        create_auth_tables(connection)
        clock.freeze(NOW)
        self.addCleanup(clock.unfreeze)
        self.user = User.objects.create_user("ada", password="correct horse")
        self.app = make_app(**self.settings)
        self.client = Client(self.app)

    def obtain(self, client=None):
        response = (client or self.client).post("/api/token/", json={
            "username": "ada", "password": "correct horse"})
        self.assertEqual(response.status_code, 200, response.text)
        return response

    def get_me(self, token, client=None):
        return (client or self.client).get("/api/me/",
                                           headers={"Authorization": f"Bearer {token}"})

    def refused_reason(self, response):
        self.assertEqual(response.status_code, 401)
        return response.json()["detail"]


class TokenViewsTest(TokenTestCase):
    def test_obtain_pair_and_use_the_access_token(self):
        tokens = self.obtain().json()
        payload = jwt.decode(tokens["access"], SECRET, algorithms=["HS256"])
        self.assertEqual((payload["token_type"], payload["user_id"], payload["exp"] -
                          payload["iat"]), ("access", self.user.pk, 300))
        refresh = jwt.decode(tokens["refresh"], SECRET, algorithms=["HS256"])
        self.assertEqual((refresh["token_type"], refresh["exp"] - refresh["iat"]),
                         ("refresh", 86400))
        self.assertNotEqual(payload["jti"], refresh["jti"])
        response = self.get_me(tokens["access"])
        self.assertEqual(response.json(), {"username": "ada"})
        event, = response.trace.of_type("auth")
        self.assertEqual((event["mechanism"], event["outcome"], event["user"]),
                         ("jwt", "authenticated", "ada"))
        self.assertIn("valid until 2026-05-01T10:05:00Z", event["reason"])

    def test_a_bearer_request_costs_one_query_for_the_user_and_none_for_a_session(self):
        access = self.obtain().json()["access"]
        sql = [event["sql"] for event in self.get_me(access).trace.of_type("sql")]
        self.assertEqual(len(sql), 1)
        self.assertIn('FROM "auth_user"', sql[0])

    def test_obtain_with_a_form_body_too(self):
        response = self.client.post("/api/token/", {"username": "ada",
                                                    "password": "correct horse"})
        self.assertEqual(set(response.json()), {"access", "refresh"})

    def test_obtain_with_a_wrong_password(self):
        response = self.client.post("/api/token/", json={"username": "ada", "password": "x"})
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["code"], "no_active_account")

    def test_obtain_needs_post(self):
        self.assertEqual(self.client.get("/api/token/").status_code, 405)

    def test_refresh_gives_a_new_access_token(self):
        refresh = self.obtain().json()["refresh"]
        clock.advance(minutes=10)  # the first access token is dead by now
        response = self.client.post("/api/token/refresh/", json={"refresh": refresh})
        self.assertEqual(set(response.json()), {"access"}, "no rotation by default")
        self.assertEqual(self.get_me(response.json()["access"]).status_code, 200)

    def test_refresh_refuses_an_access_token(self):
        access = self.obtain().json()["access"]
        response = self.client.post("/api/token/refresh/", json={"refresh": access})
        self.assertEqual(self.refused_reason(response),
                         "wrong token type: 'refresh' expected, got 'access'")

    def test_a_refresh_token_is_not_an_access_token(self):
        refresh = self.obtain().json()["refresh"]
        self.assertEqual(self.refused_reason(self.get_me(refresh)),
                         "wrong token type: 'access' expected, got 'refresh'")

    def test_refresh_for_a_user_made_inactive(self):
        refresh = self.obtain().json()["refresh"]
        User.objects.filter(pk=self.user.pk).update(is_active=False)
        response = self.client.post("/api/token/refresh/", json={"refresh": refresh})
        self.assertIn("is gone or not active", self.refused_reason(response))

    def test_verify(self):
        tokens = self.obtain().json()
        for token in tokens.values():
            self.assertEqual(self.client.post("/api/token/verify/", json={
                "token": token}).json(), {})
        head, payload, signature = tokens["access"].split(".")
        changed = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
        response = self.client.post("/api/token/verify/", json={
            "token": f"{head}.{payload}.{changed}"})
        self.assertEqual(self.refused_reason(response),
                         "bad signature: the token was changed, or signed with another key")

    def test_blacklisted_refresh_token_is_refused(self):
        refresh = self.obtain().json()["refresh"]
        response = self.client.post("/api/token/blacklist/", json={"refresh": refresh})
        self.assertEqual(response.status_code, 200)
        jti = jwt.decode(refresh, SECRET, algorithms=["HS256"])["jti"]
        for url in ("/api/token/refresh/", "/api/token/blacklist/"):
            response = self.client.post(url, json={"refresh": refresh})
            self.assertEqual(self.refused_reason(response),
                             f"the token is blacklisted (jti {jti})")
        response = self.client.post("/api/token/verify/", json={"token": refresh})
        self.assertIn("blacklisted", self.refused_reason(response))
        event = response.trace.of_type("auth")[-1]
        self.assertEqual((event["mechanism"], event["outcome"]), ("jwt", "refused"))

    def test_missing_tokens(self):
        for url in ("/api/token/refresh/", "/api/token/blacklist/", "/api/token/verify/"):
            self.assertIn("was sent", self.refused_reason(self.client.post(url, json={})))


class RotationTest(TokenTestCase):
    settings = {"JWT_ROTATE_REFRESH_TOKENS": True}

    def test_rotation_blacklists_the_old_refresh_token(self):
        old = self.obtain().json()["refresh"]
        clock.advance(hours=1)
        response = self.client.post("/api/token/refresh/", json={"refresh": old})
        tokens = response.json()
        self.assertEqual(set(tokens), {"access", "refresh"})
        new = jwt.decode(tokens["refresh"], SECRET, algorithms=["HS256"])
        self.assertEqual(new["exp"], clock.time() + 86400, "a full lifetime from now")
        self.assertIn("is now blacklisted", response.trace.of_type("auth")[-1]["reason"])
        replay = self.client.post("/api/token/refresh/", json={"refresh": old})
        self.assertIn("blacklisted", self.refused_reason(replay))
        self.assertEqual(self.client.post("/api/token/refresh/", json={
            "refresh": tokens["refresh"]}).status_code, 200)

    def test_without_blacklisting_the_old_one_still_works(self):
        client = Client(make_app(JWT_ROTATE_REFRESH_TOKENS=True,
                                 JWT_BLACKLIST_AFTER_ROTATION=False))
        old = self.obtain(client).json()["refresh"]
        client.post("/api/token/refresh/", json={"refresh": old})
        self.assertEqual(client.post("/api/token/refresh/", json={"refresh": old}).status_code,
                         200)


class BlacklistTableTest(TokenTestCase):
    def test_entries_are_forgotten_once_their_token_has_expired(self):
        token_blacklist.blacklist("first", clock.time() + 60, self.user.pk)
        token_blacklist.blacklist("second", clock.time() + 3600)
        token_blacklist.blacklist("second", clock.time() + 3600)  # twice is once
        self.assertTrue(token_blacklist.is_blacklisted("first"))
        self.assertEqual(BlacklistedToken.objects.count(), 2)
        clock.advance(seconds=61)
        token_blacklist.blacklist("third", clock.time() + 60)
        self.assertEqual(sorted(row.jti for row in BlacklistedToken.objects.all()),
                         ["second", "third"])
        self.assertEqual(BlacklistedToken.objects.get(jti="second").expires_at,
                         NOW + datetime.timedelta(hours=1))
        clock.advance(days=1)
        self.assertEqual(token_blacklist.flush_expired(), 2)


class AttacksTest(TokenTestCase):
    """Each forged or stale token is refused through the real stack, with a reason in the
    401 and the trace; the lesson-only insecure decoder believes the unsigned one."""

    def access_payload(self):
        return jwt.decode(self.obtain().json()["access"], SECRET, algorithms=["HS256"])

    def assert_refused(self, token, reason):
        response = self.get_me(token)
        self.assertEqual(self.refused_reason(response), reason)
        challenge = response["WWW-Authenticate"]
        self.assertTrue(challenge.startswith('Bearer realm="api", error="invalid_token", '
                                             'error_description="'), challenge)
        event, = response.trace.of_type("auth")
        self.assertEqual((event["mechanism"], event["outcome"], event["reason"]),
                         ("jwt", "refused", reason))

    def test_alg_none(self):
        payload = self.access_payload()
        forged = insecure_jwt.forge(payload)
        self.assertEqual(insecure_jwt.decode(forged, SECRET)["user_id"], self.user.pk)
        self.assertIn('alg "none"', self.refused_reason(self.get_me(forged)))

    def test_tampered_payload(self):
        other = User.objects.create_user("mallory", password="x")
        header, _, signature = self.obtain().json()["access"].split(".")
        payload = self.access_payload()
        payload["user_id"] = other.pk
        forged = f"{header}.{b64(payload)}.{signature}"
        self.assert_refused(forged, "bad signature: the token was changed, or signed with "
                                    "another key")

    def test_wrong_key(self):
        forged = jwt.encode(self.access_payload(), "a key the attacker guessed")
        self.assert_refused(forged, "bad signature: the token was changed, or signed with "
                                    "another key")

    def test_expired_token(self):
        access = self.obtain().json()["access"]
        clock.advance(seconds=299)
        self.assertEqual(self.get_me(access).status_code, 200)
        clock.advance(seconds=1)
        self.assert_refused(access, "the token expired at 2026-05-01T10:05:00Z")

    def test_expired_token_within_leeway(self):
        client = Client(make_app(JWT_LEEWAY=30))
        access = self.obtain(client).json()["access"]
        clock.advance(seconds=329)
        self.assertEqual(self.get_me(access, client).status_code, 200)
        clock.advance(seconds=1)
        self.assertEqual(self.refused_reason(self.get_me(access, client)),
                         "the token expired at 2026-05-01T10:05:00Z")

    def test_before_nbf(self):
        payload = dict(self.access_payload(), nbf=clock.time() + 60)
        early = jwt.encode(payload, SECRET)
        self.assert_refused(early, "the token is not valid before 2026-05-01T10:01:00Z (nbf)")
        clock.advance(seconds=60)
        self.assertEqual(self.get_me(early).status_code, 200)

    def test_wrong_audience(self):
        client = Client(make_app(JWT_AUDIENCE="polls-api"))
        access = self.obtain(client).json()["access"]
        self.assertEqual(self.get_me(access, client).status_code, 200)
        other = jwt.encode(dict(jwt.decode(access, SECRET, algorithms=["HS256"],
                                           audience="polls-api"), aud="billing-api"), SECRET)
        response = self.get_me(other, client)
        self.assertEqual(self.refused_reason(response),
                         "wrong audience: Audience doesn't match: the token is for "
                         "['billing-api']")

    def test_a_bad_token_does_not_fall_back_to_the_session(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.get("/api/me/").status_code, 200)
        response = self.get_me("not.a.token")
        self.assertEqual(response.status_code, 401)

    def test_deleted_user(self):
        access = self.obtain().json()["access"]
        self.user.delete()
        self.assertIn("does not exist", self.refused_reason(self.get_me(access)))

    def test_token_classes_directly(self):
        settings = self.app.settings
        refresh = RefreshToken.for_user(self.user, settings)
        self.assertEqual(AccessToken(str(refresh.access_token), settings)["user_id"],
                         self.user.pk)
        with self.assertRaises(TokenError):
            AccessToken(str(refresh), settings)
        with self.assertRaises(TypeError):
            AccessToken(str(refresh))


class DecoratorsTest(TokenTestCase):
    def test_no_credentials_is_401_with_a_challenge(self):
        response = self.client.get("/api/me/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')
        self.assertEqual(response.json()["code"], "not_authenticated")

    def test_pages_redirect_to_the_login_page(self):
        response = self.client.get("/page/?x=1")
        self.assertEqual((response.status_code, response["Location"]),
                         (302, "/accounts/login/?next=%2Fpage%2F%3Fx%3D1"))
        self.client.force_login(self.user)
        self.assertEqual(self.client.get("/page/").json(), {"page": "private"})

    def test_staff_only_is_403_for_others(self):
        access = self.obtain().json()["access"]
        response = self.client.get("/api/staff/", headers={"Authorization": f"Bearer {access}"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["detail"], "Only staff members may do this.")
        User.objects.filter(pk=self.user.pk).update(is_staff=True)
        response = self.client.get("/api/staff/", headers={"Authorization": f"Bearer {access}"})
        self.assertEqual(response.json(), {"ok": True})
        self.assertEqual(Client(self.app).get("/api/staff/").status_code, 401)


class CookieDeliveryTest(TokenTestCase):
    settings = {"JWT_AUTH_COOKIE": "access", "JWT_AUTH_REFRESH_COOKIE": "refresh"}

    def test_tokens_come_in_httponly_cookies_not_the_body(self):
        response = self.obtain()
        self.assertEqual(response.json(), {"access_expires": "2026-05-01T10:05:00Z",
                                           "refresh_expires": "2026-05-02T10:00:00Z"})
        self.assertRegex(response.cookies["access"],
                         r"^access=[\w.-]+; Max-Age=300; Path=/; HttpOnly; SameSite=Lax$")
        self.assertIn("; Path=/api/token/; HttpOnly", response.cookies["refresh"])
        self.assertIn("csrftoken", response.cookies, "cookie mode needs a CSRF token")
        self.assertEqual(self.client.get("/api/me/").json(), {"username": "ada"})

    def test_refresh_from_the_cookie_needs_the_csrf_token(self):
        self.obtain()
        clock.advance(minutes=6)
        self.assertEqual(self.client.post("/api/token/refresh/").status_code, 403)
        response = self.client.post("/api/token/refresh/", headers={
            "X-CSRFToken": self.client.cookies["csrftoken"]})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("access", response.cookies)
        self.assertEqual(self.client.get("/api/me/").status_code, 200)

    def test_blacklist_view_deletes_the_cookies(self):
        self.obtain()
        response = self.client.post("/api/token/blacklist/", headers={
            "X-CSRFToken": self.client.cookies["csrftoken"]})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertNotIn("access", self.client.cookies)
        self.assertNotIn("refresh", self.client.cookies)


if __name__ == "__main__":
    unittest.main()
