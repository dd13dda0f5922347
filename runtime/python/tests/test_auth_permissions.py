"""glassbox.auth.permissions (401 against 403, object-level checks) and
glassbox.auth.impersonation (staff acting as a user: refused rules, the log, the banner)."""

import unittest

from glassbox.app import Glassbox
from glassbox.auth import impersonation
from glassbox.auth.api_keys import create_key
from glassbox.auth.impersonation import ImpersonationLog, ImpersonationRefused
from glassbox.auth.models import User, create_auth_tables
from glassbox.auth.permissions import (BasePermission, IsAuthenticated, IsStaff,
                                       check_permissions, permission_classes)
from glassbox.db import connection
from glassbox.http import HttpResponse, JsonResponse
from glassbox.test import Client
from glassbox.urls import path

SECRET = "test-secret-key"
NOTES = {1: {"owner": "ada", "text": "Ada's note"}}


class IsOwner(BasePermission):
    message = "Only the note's owner may change it."

    def has_object_permission(self, request, view, obj):
        return obj["owner"] == request.user.username


def note(request, note_id):
    obj = NOTES[note_id]
    permissions = [IsAuthenticated] if request.method == "GET" else [IsAuthenticated, IsOwner]
    refusal = check_permissions(request, permissions, obj=obj)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        obj["text"] = request.POST["text"]
        obj["edited_by"] = impersonation.real_user(request).username
    return JsonResponse(obj)


@permission_classes(IsStaff)
def staff_only(request):
    return JsonResponse({"ok": True})


def page(request):
    return HttpResponse(f"<html><body><p>Hello {request.user.username}</p></body></html>")


def start(request):
    target = User.objects.get(username=request.POST["username"])
    try:
        impersonation.start(request, target, reason="support ticket 42")
    except ImpersonationRefused as refused:
        return JsonResponse({"detail": str(refused)}, status=403)
    return JsonResponse({"as": request.user.username})


def stop(request):
    impersonation.stop(request)
    return JsonResponse({"as": request.user.username})


def make_app():
    return Glassbox(
        settings={"SECRET_KEY": SECRET},
        urls=[path("notes/<int:note_id>/", note), path("staff/", staff_only), path("", page),
              path("impersonate/", start), path("impersonate/stop/", stop)],
        middleware=["glassbox.sessions.middleware.SessionMiddleware",
                    "glassbox.auth.middleware.AuthenticationMiddleware",
                    "glassbox.auth.impersonation.ImpersonationMiddleware"])


class Base(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_auth_tables(connection)
        NOTES[1] = {"owner": "ada", "text": "Ada's note"}
        self.ada = User.objects.create_user("ada", password="lovelace1815")
        self.bob = User.objects.create_user("bob", password="builder")
        self.grace = User.objects.create_staff_user("grace", password="hopper1906")
        self.app = make_app()

    def browser(self, user):
        client = Client(self.app)
        client.force_login(user)
        return client


class PermissionsTest(Base):
    def test_anonymous_gets_401_with_a_challenge(self):
        response = Client(self.app).get("/notes/1/")
        self.assertEqual(response.status_code, 401)
        self.assertIn("Bearer", response["WWW-Authenticate"])

    def test_another_user_reads_but_gets_403_on_write(self):
        bob = self.browser(self.bob)
        self.assertEqual(bob.get("/notes/1/").status_code, 200)
        response = bob.post("/notes/1/", {"text": "mine now"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["detail"], "Only the note's owner may change it.")
        self.assertEqual(NOTES[1]["text"], "Ada's note")
        refused = [e for e in response.trace.of_type("auth") if e["mechanism"] == "permission"]
        self.assertEqual(refused[-1]["outcome"], "refused")
        self.assertIn("IsOwner", refused[-1]["reason"])

    def test_owner_writes_with_an_api_key(self):
        _, key = create_key(self.ada, "script")
        response = Client(self.app).post("/notes/1/", {"text": "edited"},
                                         headers={"X-API-Key": key})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(NOTES[1]["text"], "edited")
        passed = [e for e in response.trace.of_type("auth") if e["mechanism"] == "permission"]
        self.assertEqual(passed[-1]["outcome"], "passed")

    def test_view_level_decorator(self):
        self.assertEqual(Client(self.app).get("/staff/").status_code, 401)
        self.assertEqual(self.browser(self.bob).get("/staff/").status_code, 403)
        self.assertEqual(self.browser(self.grace).get("/staff/").status_code, 200)


class ImpersonationTest(Base):
    def test_staff_acts_as_the_user_with_a_log_and_a_banner(self):
        grace = self.browser(self.grace)
        response = grace.post("/impersonate/", {"username": "ada"})
        self.assertEqual(response.json(), {"as": "ada"})
        page = grace.get("/")
        self.assertIn(b"Hello ada", page.content)
        self.assertIn(impersonation.BANNER_ID.encode(), page.content)
        self.assertLess(page.content.index(impersonation.BANNER_ID.encode()),
                        page.content.index(b"Hello ada"))
        events = [e for e in page.trace.of_type("auth") if e["mechanism"] == "impersonation"]
        self.assertEqual(events[0]["reason"], "grace (staff) acting as ada")
        edited = grace.post("/notes/1/", {"text": "fixed a typo"})
        self.assertEqual(edited.status_code, 200)
        self.assertEqual(NOTES[1]["edited_by"], "grace")
        log = ImpersonationLog.objects.get()
        self.assertEqual((log.staff.username, log.target.username, log.ended),
                         ("grace", "ada", None))
        self.assertEqual(log.reason, "support ticket 42")
        self.assertEqual(grace.post("/impersonate/stop/").json(), {"as": "grace"})
        self.assertIsNotNone(ImpersonationLog.objects.get().ended)
        page = grace.get("/")
        self.assertIn(b"Hello grace", page.content)
        self.assertNotIn(impersonation.BANNER_ID.encode(), page.content)

    def test_json_responses_get_no_banner(self):
        grace = self.browser(self.grace)
        grace.post("/impersonate/", {"username": "ada"})
        response = grace.get("/notes/1/")
        self.assertEqual(response.json()["owner"], "ada")

    def test_refusals(self):
        bob = self.browser(self.bob)
        self.assertEqual(bob.post("/impersonate/", {"username": "ada"}).status_code, 403)
        User.objects.create_staff_user("linus", password="x")
        grace = self.browser(self.grace)
        response = grace.post("/impersonate/", {"username": "linus"})
        self.assertEqual(response.status_code, 403)
        self.assertIn("staff", response.json()["detail"])
        self.assertEqual(ImpersonationLog.objects.count(), 0)

    def test_losing_staff_status_ends_it(self):
        grace = self.browser(self.grace)
        grace.post("/impersonate/", {"username": "ada"})
        User.objects.filter(pk=self.grace.pk).update(is_staff=False)
        page = grace.get("/")
        self.assertIn(b"Hello grace", page.content)
        self.assertNotIn(impersonation.BANNER_ID.encode(), page.content)

    def test_api_keys_cannot_start_it(self):
        _, key = create_key(self.grace, "script")
        response = Client(self.app).post("/impersonate/", {"username": "ada"},
                                         headers={"X-API-Key": key})
        self.assertEqual(response.status_code, 403)


if __name__ == "__main__":
    unittest.main()
