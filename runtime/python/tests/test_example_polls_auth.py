"""The polls site's login (sessions) and its token-protected JSON API, driven like a browser
and like a program would."""

import unittest

from examples.polls.accounts import DEMO_PASSWORD
from examples.polls.app import make_app
from examples.polls.models import Choice
from glassbox import clock
from glassbox.auth.api_keys import APIKey
from glassbox.test import Client


class PollsLoginTest(unittest.TestCase):
    def setUp(self):
        self.app = make_app()
        self.client = Client(self.app)

    def log_in(self, next_page=""):
        form = self.client.get(f"/accounts/login/?next={next_page}")
        self.assertIn('name="csrfmiddlewaretoken"', form.text)
        return self.client.post("/accounts/login/", {
            "username": "ada", "password": DEMO_PASSWORD, "next": next_page,
            "csrfmiddlewaretoken": self.client.cookies["csrftoken"]})

    def test_the_profile_is_for_logged_in_users_only(self):
        response = self.client.get("/accounts/profile/", follow=True)
        self.assertEqual(response.redirect_chain,
                         [("/accounts/login/?next=%2Faccounts%2Fprofile%2F", 302)])
        self.assertIn("<h1>Log in</h1>", response.text)
        response = self.log_in("/accounts/profile/")
        self.assertEqual((response.status_code, response["Location"]),
                         (302, "/accounts/profile/"))
        self.assertIn("HttpOnly; SameSite=Lax", response.cookies["sessionid"])
        page = self.client.get("/accounts/profile/")
        self.assertIn("<h1>Hello, ada</h1>", page.text)
        self.assertIn("You are staff.", page.text)

    def test_wrong_password_shows_the_form_again(self):
        self.client.get("/accounts/login/")
        response = self.client.post("/accounts/login/", {
            "username": "ada", "password": "guess",
            "csrfmiddlewaretoken": self.client.cookies["csrftoken"]})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Wrong username or password.", response.text)
        self.assertNotIn("sessionid", self.client.cookies)

    def test_login_form_needs_its_csrf_token(self):
        response = self.client.post("/accounts/login/", {"username": "ada",
                                                         "password": DEMO_PASSWORD})
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF cookie not set", response.text)

    def test_next_cannot_leave_the_site(self):
        response = self.log_in("https://evil.example/")
        self.assertEqual(response["Location"], "/accounts/profile/")

    def test_logout_then_the_old_cookie_is_refused(self):
        self.log_in()
        stolen = self.client.cookies["sessionid"]
        response = self.client.post("/accounts/logout/", {
            "csrfmiddlewaretoken": self.client.cookies["csrftoken"]})
        self.assertEqual(response["Location"], "/polls/")
        thief = Client(self.app, headers={"Cookie": f"sessionid={stolen}"})
        response = thief.get("/accounts/profile/")
        self.assertEqual(response.status_code, 302)
        event, = response.trace.of_type("auth")
        self.assertEqual(event["outcome"], "refused")

    def test_logout_needs_post(self):
        self.assertEqual(self.client.get("/accounts/logout/").status_code, 405)

    def test_logged_in_vote_needs_the_form_token(self):
        self.log_in()
        detail = self.client.get("/polls/1/")
        self.assertIn('name="csrfmiddlewaretoken"', detail.text)
        forged = self.client.post("/polls/1/vote/", {"choice": "1"},
                                  headers={"Origin": "https://evil.example"})
        self.assertEqual(forged.status_code, 403)
        self.assertEqual(Choice.objects.get(pk=1).votes, 0)
        response = self.client.post("/polls/1/vote/", {
            "choice": "1", "csrfmiddlewaretoken": self.client.cookies["csrftoken"]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Choice.objects.get(pk=1).votes, 1)

    def test_pages_that_do_not_ask_who_you_are_do_not_vary(self):
        self.log_in()
        response = self.client.get("/polls/")
        self.assertNotIn("Cookie", response.headers.get("Vary", ""))
        self.assertEqual(response.trace.of_type("auth"), [])


class PollsApiTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(make_app())

    def tokens(self, username="ada"):
        response = self.client.post("/api/token/", json={"username": username,
                                                         "password": DEMO_PASSWORD})
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def bearer(self, token):
        return {"Authorization": f"Bearer {token}"}

    def test_token_protected_vote(self):
        response = self.client.post("/api/questions/2/vote/", json={"choice": 5})
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')
        access = self.tokens("grace")["access"]
        response = self.client.post("/api/questions/2/vote/", json={"choice": 5},
                                    headers=self.bearer(access))
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["voted_by"], "grace")
        self.assertEqual(Choice.objects.get(pk=5).votes, 1)
        self.assertEqual(self.client.post("/api/questions/2/vote/", json={"choice": 1},
                                          headers=self.bearer(access)).status_code, 400)

    def test_me_and_expiry_then_refresh(self):
        tokens = self.tokens()
        with clock.frozen():
            me = self.client.get("/api/me/", headers=self.bearer(tokens["access"]))
            self.assertEqual(me.json(), {"username": "ada", "is_staff": True,
                                         "authenticated_by": "AccessToken"})
            clock.advance(minutes=6)
            expired = self.client.get("/api/me/", headers=self.bearer(tokens["access"]))
            self.assertIn("the token expired at", expired.json()["detail"])
            fresh = self.client.post("/api/token/refresh/", json={"refresh": tokens["refresh"]})
            self.assertEqual(self.client.get("/api/me/", headers=self.bearer(
                fresh.json()["access"])).status_code, 200)

    def test_blacklisted_refresh_token(self):
        refresh = self.tokens()["refresh"]
        self.client.post("/api/token/blacklist/", json={"refresh": refresh})
        response = self.client.post("/api/token/refresh/", json={"refresh": refresh})
        self.assertEqual(response.status_code, 401)
        self.assertIn("blacklisted", response.json()["detail"])

    def test_api_keys_for_scripts(self):
        access = self.tokens("grace")["access"]
        made = self.client.post("/api/keys/?name=nightly", headers=self.bearer(access))
        self.assertEqual(made.status_code, 201)
        key = made.json()["key"]
        self.assertEqual(APIKey.objects.get(prefix=made.json()["prefix"]).name, "nightly")
        me = self.client.get("/api/me/", headers={"X-API-Key": key})
        self.assertEqual(me.json()["authenticated_by"], "APIKey")
        self.client.post("/api/keys/", headers=self.bearer(access))
        third = self.client.post("/api/keys/", headers=self.bearer(access))
        self.assertEqual(third.status_code, 409)
        listed = self.client.get("/api/keys/", headers=self.bearer(access)).json()["keys"]
        self.assertEqual(len(listed), 2)
        self.assertNotIn("key", listed[0])


if __name__ == "__main__":
    unittest.main()
