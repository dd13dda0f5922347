"""glassbox.auth.api_keys: long random keys, stored hashed, two active per user."""

import hashlib
import unittest

from glassbox.app import Glassbox
from glassbox.auth import api_keys
from glassbox.auth.api_keys import APIKey, TooManyKeys, create_key
from glassbox.auth.decorators import login_required
from glassbox.auth.models import User, create_auth_tables
from glassbox.db import connection
from glassbox.http import JsonResponse
from glassbox.test import Client
from glassbox.urls import path


@login_required(api=True)
def me(request):
    return JsonResponse({"username": request.user.username,
                         "key": getattr(request.auth, "prefix", None)})


def make_app():
    return Glassbox(settings={"SECRET_KEY": "test"}, urls=[path("api/me/", me)],
                    middleware=["glassbox.sessions.middleware.SessionMiddleware",
                                "glassbox.auth.middleware.AuthenticationMiddleware"])


class ApiKeyTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_auth_tables(connection)
        self.user = User.objects.create_user("robot")
        self.client = Client(make_app())

    def test_the_key_is_long_random_and_only_its_hash_is_stored(self):
        row, key = create_key(self.user, "nightly job")
        prefix, dot, secret = key.partition(".")
        self.assertTrue(prefix.startswith("gbk_") and dot and len(secret) == 43)
        self.assertEqual(row.prefix, prefix)
        self.assertEqual(row.hashed_key, hashlib.sha256(key.encode()).hexdigest())
        stored = [value for (value,) in connection.execute(
            'SELECT "hashed_key" FROM "auth_api_key"').fetchall()]
        self.assertNotIn(key, stored)
        self.assertNotEqual(create_key(self.user)[1], key)
        self.assertEqual(str(row), f"{prefix}… (nightly job)")

    def test_at_most_two_active_keys_so_they_can_be_rotated(self):
        first, _ = create_key(self.user)
        create_key(self.user)
        with self.assertRaises(TooManyKeys) as caught:
            create_key(self.user)
        self.assertIn("revoke the old one", str(caught.exception))
        first.revoke()
        create_key(self.user)
        self.assertEqual(APIKey.objects.filter(user=self.user, revoked=False).count(), 2)

    def test_authorization_header_and_x_api_key(self):
        row, key = create_key(self.user)
        for headers in ({"Authorization": f"Api-Key {key}"}, {"X-API-Key": key}):
            response = self.client.get("/api/me/", headers=headers)
            self.assertEqual(response.json(), {"username": "robot", "key": row.prefix})
            event, = response.trace.of_type("auth")
            self.assertEqual((event["mechanism"], event["outcome"], event["user"]),
                             ("api_key", "authenticated", "robot"))
        self.assertIsNotNone(APIKey.objects.get(pk=row.pk).last_used)

    def test_refusals_say_why(self):
        row, key = create_key(self.user)
        cases = {key[:-1] + ("x" if key[-1] != "x" else "y"): f"no API key matches {row.prefix}…",
                 "sk_live_123": "not a glassbox API key (they start with 'gbk_')"}
        for sent, reason in cases.items():
            response = self.client.get("/api/me/", headers={"X-API-Key": sent})
            self.assertEqual(response.status_code, 401)
            self.assertEqual(response.json()["detail"], reason)
        row.revoke()
        response = self.client.get("/api/me/", headers={"X-API-Key": key})
        self.assertEqual(response.json()["detail"], f"the API key {row.prefix}… was revoked")

    def test_inactive_user(self):
        _, key = create_key(self.user)
        User.objects.filter(pk=self.user.pk).update(is_active=False)
        response = self.client.get("/api/me/", headers={"X-API-Key": key})
        self.assertEqual(response.json()["detail"], "'robot' is not active")

    def test_helpers(self):
        key = api_keys.generate_key()
        self.assertEqual(api_keys.prefix_of(key), key.split(".")[0])
        self.assertEqual(len(api_keys.prefix_of(key)), len("gbk_") + 8)


if __name__ == "__main__":
    unittest.main()
