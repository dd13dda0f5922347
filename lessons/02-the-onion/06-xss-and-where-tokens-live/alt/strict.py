import secrets

from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import path

TOKENS = {}  # token -> username


def login(request):
    token = secrets.token_urlsafe(16)
    TOKENS[token] = request.POST.get("username", "ada")
    response = JsonResponse({"ok": True, "username": TOKENS[token]})
    response.set_cookie("token", token, samesite="Strict", secure=True, httponly=True,
                        max_age=3600)
    return response


def me(request):
    token = request.COOKIES.get("token") or request.headers.get("X-Token", "")
    if token not in TOKENS:
        return JsonResponse({"error": "not logged in"}, status=401)
    return JsonResponse({"username": TOKENS[token]})


app = Glassbox(urls=[path("login/", login), path("me/", me)])
