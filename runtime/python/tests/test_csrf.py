"""glassbox.auth.csrf: which unsafe requests need the token, and the 403 that says why."""

import unittest

from glassbox.app import Glassbox
from glassbox.auth import csrf
from glassbox.auth.csrf import csrf_exempt, csrf_protect, get_token
from glassbox.auth.models import User, create_auth_tables
from glassbox.auth.tokens import RefreshToken
from glassbox.db import connection
from glassbox.http import HttpResponse
from glassbox.shortcuts import render
from glassbox.test import Client
from glassbox.urls import path


def vote(request):
    return HttpResponse(f"voted as {request.user.username or 'nobody'}")


def form(request):
    return render(request, "form.html")


def token_view(request):
    return HttpResponse(get_token(request))


def plain(request):
    return HttpResponse("no form")


@csrf_exempt
def webhook(request):
    return HttpResponse("hooked")


@csrf_protect
def login_form(request):
    return HttpResponse("checked even without a session")


URLS = [path("vote/", vote), path("form/", form), path("token/", token_view),
        path("plain/", plain), path("webhook/", webhook), path("login/", login_form)]

MIDDLEWARE = ["glassbox.sessions.middleware.SessionMiddleware",
              "glassbox.auth.csrf.CsrfViewMiddleware",
              "glassbox.auth.middleware.AuthenticationMiddleware"]

TEMPLATES = {"form.html": '<form method="post">{{ request.csrf_input }}</form>'}


def make_app(**settings):
    return Glassbox(settings={"SECRET_KEY": "test", **settings}, urls=URLS,
                    middleware=MIDDLEWARE, templates=TEMPLATES)


class CsrfTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_auth_tables(connection)
        self.user = User.objects.create_user("ada", password="pw")
        self.client = Client(make_app())
        self.client.force_login(self.user)

    def token(self):
        return self.client.get("/token/").text

    def csrf_event(self, response):
        events = [event for event in response.trace.of_type("auth")
                  if event["mechanism"] == "csrf"]
        self.assertEqual(len(events), 1, events)
        return events[0]["outcome"], events[0]["reason"]

    def test_get_token_sets_a_readable_lax_cookie_once(self):
        response = self.client.get("/token/")
        token = response.text
        self.assertEqual(len(token), csrf.TOKEN_LENGTH)
        self.assertEqual(response.cookies["csrftoken"],
                         f"csrftoken={token}; Max-Age=31536000; Path=/; SameSite=Lax")
        again = self.client.get("/token/")
        self.assertEqual((again.text, again.cookies), (token, {}), "the cookie's token is kept")

    def test_pages_without_a_form_make_no_token(self):
        self.assertEqual(self.client.get("/plain/").cookies, {})

    def test_template_field(self):
        response = self.client.get("/form/")
        token = self.client.cookies["csrftoken"]
        self.assertIn(f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">',
                      response.text)

    def test_post_with_the_form_field_passes(self):
        token = self.token()
        response = self.client.post("/vote/", {"csrfmiddlewaretoken": token})
        self.assertEqual(response.text, "voted as ada")
        self.assertEqual(self.csrf_event(response),
                         ("passed", "the submitted token matches the cookie"))

    def test_post_with_the_header_passes(self):
        token = self.token()
        response = self.client.post("/vote/", headers={"X-CSRFToken": token})
        self.assertEqual(response.status_code, 200)

    def test_cross_site_post_without_the_token_is_refused(self):
        self.token()
        response = self.client.post("/vote/", {"choice": "1"},
                                    headers={"Origin": "https://evil.example"})
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF verification failed: Origin https://evil.example does not match "
                      "http://testserver (a cross-site request).", response.text)
        self.assertEqual(self.csrf_event(response)[0], "refused")

    def test_missing_token(self):
        self.token()
        response = self.client.post("/vote/", {"choice": "1"})
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF token missing (send it in the X-CSRFToken header or the "
                      "csrfmiddlewaretoken form field)", response.text)
        self.assertEqual(self.csrf_event(response)[1].split(" (")[0], "CSRF token missing")

    def test_missing_cookie(self):
        response = self.client.post("/vote/", {"csrfmiddlewaretoken": "x" * 32})
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF cookie not set", response.text)

    def test_wrong_token(self):
        self.token()
        response = self.client.post("/vote/", {"csrfmiddlewaretoken": "y" * 32})
        self.assertIn("CSRF token incorrect", response.text)

    def test_the_origin_is_escaped_in_the_page(self):
        self.token()
        response = self.client.post("/vote/", headers={"Origin": "https://<script>x"})
        self.assertNotIn("<script>", response.text)
        self.assertIn("&lt;script&gt;", response.text)

    def test_same_origin_and_trusted_origins(self):
        token = self.token()
        same = self.client.post("/vote/", {"csrfmiddlewaretoken": token},
                                headers={"Origin": "http://testserver"})
        self.assertEqual(same.status_code, 200)
        trusted = Client(make_app(CSRF_TRUSTED_ORIGINS=["https://admin.example"]))
        trusted.force_login(self.user)
        token = trusted.get("/token/").text
        response = trusted.post("/vote/", {"csrfmiddlewaretoken": token},
                                headers={"Origin": "https://admin.example"})
        self.assertEqual(response.status_code, 200)

    def test_safe_methods_are_never_checked(self):
        response = self.client.get("/vote/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([event for event in response.trace.of_type("auth")
                          if event["mechanism"] == "csrf"], [])

    def test_no_credential_cookie_no_check(self):
        anonymous = Client(make_app())
        response = anonymous.post("/vote/")
        self.assertEqual(response.text, "voted as nobody")
        self.assertEqual(self.csrf_event(response),
                         ("exempt", "no credential cookie: the request cannot act as anybody"))

    def test_csrf_protect_checks_without_a_session(self):
        anonymous = Client(make_app())
        self.assertEqual(anonymous.post("/login/").status_code, 403)
        token = anonymous.get("/token/").text
        self.assertEqual(anonymous.post("/login/", {"csrfmiddlewaretoken": token}).status_code,
                         200)

    def test_csrf_exempt(self):
        response = self.client.post("/webhook/")
        self.assertEqual(response.text, "hooked")
        self.assertEqual(self.csrf_event(response)[1], "the view is marked @csrf_exempt")

    def test_bearer_requests_are_exempt(self):
        access = RefreshToken.for_user(self.user, self.client.app.settings).access_token
        response = self.client.post("/vote/", headers={"Authorization": f"Bearer {access}"})
        self.assertEqual(response.text, "voted as ada")
        self.assertEqual(self.csrf_event(response)[0], "exempt")

    def test_jwt_in_a_cookie_is_a_credential_cookie(self):
        app = make_app(JWT_AUTH_COOKIE="access")
        client = Client(app)
        access = RefreshToken.for_user(self.user, app.settings).access_token
        client.cookies["access"] = str(access)
        self.assertEqual(client.post("/vote/").status_code, 403)
        token = client.get("/token/").text
        response = client.post("/vote/", headers={"X-CSRFToken": token})
        self.assertEqual(response.text, "voted as ada")

    def test_get_token_without_the_middleware_explains(self):
        app = Glassbox(settings={"DEBUG": True}, urls=URLS)
        response = Client(app).get("/token/")
        self.assertIn("CsrfViewMiddleware", response.trace.of_type("error")[0]["message"])

    def test_login_rotates_the_token(self):
        from glassbox.auth import authenticate, login

        def login_view(request):
            login(request, authenticate(request, "ada", "pw"))
            return HttpResponse("in")

        app = Glassbox(settings={"SECRET_KEY": "test"}, middleware=MIDDLEWARE,
                       urls=URLS + [path("signin/", csrf_exempt(login_view))])
        client = Client(app)
        before = client.get("/token/").text
        response = client.post("/signin/")
        self.assertNotEqual(response.cookies["csrftoken"], f"csrftoken={before}")
        self.assertNotEqual(client.cookies["csrftoken"], before)


if __name__ == "__main__":
    unittest.main()
