"""The price of revocation: RevocableJWTAuthentication checks every access token against the
blacklist, one SELECT per request, or none once the answer is cached (JWT_BLACKLIST_CACHE);
blacklisting a token updates the cache at once."""

import datetime
import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.auth import token_blacklist
from glassbox.auth.decorators import login_required
from glassbox.auth.models import User, create_auth_tables
from glassbox.auth.token_views import TokenBlacklistView, TokenRefreshView
from glassbox.auth.tokens import RefreshToken
from glassbox.cache import caches
from glassbox.db import connection
from glassbox.http import JsonResponse
from glassbox.test import Client
from glassbox.urls import path

NOW = datetime.datetime(2026, 5, 1, 10, 0, 0)


@login_required(api=True)
def me(request):
    return JsonResponse({"username": request.user.username})


def make_app(**settings):
    return Glassbox(
        settings={"SECRET_KEY": "test-secret-key",
                  "AUTHENTICATION_CLASSES": [
                      "glassbox.auth.authentication.RevocableJWTAuthentication"],
                  **settings},
        urls=[path("api/me/", me), path("api/token/refresh/", TokenRefreshView.as_view()),
              path("api/token/blacklist/", TokenBlacklistView.as_view())],
        middleware=["glassbox.auth.middleware.AuthenticationMiddleware"])


def blacklist_queries(response):
    return [event for event in response.trace.of_type("sql")
            if "token_blacklist" in event["sql"]]


class RevocationTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_auth_tables(connection)
        caches["default"].clear()
        clock.freeze(NOW)
        self.addCleanup(clock.unfreeze)
        self.ada = User.objects.create_user("ada", password="lovelace1815")

    def bearer(self, app):
        refresh = RefreshToken.for_user(self.ada, app.settings)
        access = refresh.access_token
        return refresh, access, {"Authorization": f"Bearer {access}"}

    def test_without_a_cache_every_request_asks_the_table(self):
        app = make_app()
        _, _, headers = self.bearer(app)
        client = Client(app)
        for _ in range(3):
            response = client.get("/api/me/", headers=headers)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(len(blacklist_queries(response)), 1)

    def test_with_a_cache_only_the_first_request_asks(self):
        app = make_app(JWT_BLACKLIST_CACHE="default")
        _, access, headers = self.bearer(app)
        client = Client(app)
        first = client.get("/api/me/", headers=headers)
        self.assertEqual(len(blacklist_queries(first)), 1)
        for _ in range(3):
            response = client.get("/api/me/", headers=headers)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(blacklist_queries(response), [])
            hits = [event["hit"] for event in response.trace.of_type("cache")
                    if event["key"] == token_blacklist.cache_key(access["jti"])]
            self.assertEqual(hits, [True])

    def test_blacklisting_updates_the_cache_at_once(self):
        app = make_app(JWT_BLACKLIST_CACHE="default")
        _, access, headers = self.bearer(app)
        client = Client(app)
        self.assertEqual(client.get("/api/me/", headers=headers).status_code, 200)  # cached "ok"
        access.blacklist()
        response = client.get("/api/me/", headers=headers)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(blacklist_queries(response), [])
        refused = [event for event in response.trace.of_type("auth")
                   if event["outcome"] == "refused"]
        self.assertIn("checked in the cache", refused[0]["reason"])

    def test_the_cached_answer_lasts_until_the_token_expires(self):
        app = make_app(JWT_BLACKLIST_CACHE="default")
        _, access, headers = self.bearer(app)
        Client(app).get("/api/me/", headers=headers)
        cache = caches["default"]
        key = token_blacklist.cache_key(access["jti"])
        self.assertEqual(cache.get(key), token_blacklist.NOT_REVOKED)
        clock.advance(seconds=app.settings.JWT_ACCESS_TOKEN_LIFETIME)
        self.assertIsNone(cache.get(key))

    def test_refresh_blacklist_view_goes_through_the_cache_too(self):
        app = make_app(JWT_BLACKLIST_CACHE="default", JWT_ROTATE_REFRESH_TOKENS=True)
        refresh, _, _ = self.bearer(app)
        client = Client(app)
        first = client.post("/api/token/refresh/", json={"refresh": str(refresh)})
        self.assertEqual(first.status_code, 200)
        reused = client.post("/api/token/refresh/", json={"refresh": str(refresh)})
        self.assertEqual(reused.status_code, 401)
        self.assertIn("blacklisted", reused.json()["detail"])
        self.assertEqual(blacklist_queries(reused), [], "rotation put 'revoked' in the cache")

    def test_is_blacklisted_without_cache_is_one_query(self):
        connection.queries.clear()
        self.assertFalse(token_blacklist.is_blacklisted("abc"))
        self.assertEqual(len(connection.queries), 1)


if __name__ == "__main__":
    unittest.main()
