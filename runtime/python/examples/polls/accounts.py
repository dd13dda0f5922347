"""Logging in to the polls site with a session: a login form, a private page, a logout.

    GET  /accounts/login/    the form (with its CSRF token)
    POST /accounts/login/    check the password; log in; go to ?next= or the profile
    GET  /accounts/profile/  only for logged-in users (the others are sent to log in)
    POST /accounts/logout/   delete the session; back to the polls

Try it: log in as `ada` with the password `lovelace1815`, then open a page's trace and find
the "auth" events. The middleware that makes it work, in `MIDDLEWARE` below, goes in this
order: the session first (it makes `request.session`), then the CSRF check, then the
authentication that reads the session to find `request.user`.

`reset()` creates the tables of users, sessions, the token blacklist and API keys, and the two
demo users. Their password hash is made once and reused, since PBKDF2 is slow on purpose.
"""

import functools

from glassbox.auth import authenticate, hashers, login, logout
from glassbox.auth.csrf import csrf_protect
from glassbox.auth.decorators import login_required
from glassbox.auth.models import User, create_auth_tables
from glassbox.db import connection
from glassbox.http import redirect
from glassbox.shortcuts import render
from glassbox.urls import path
from glassbox.views import require_http_methods, require_POST

DEMO_PASSWORD = "lovelace1815"

MIDDLEWARE = [
    "glassbox.sessions.middleware.SessionMiddleware",
    "glassbox.auth.csrf.CsrfViewMiddleware",
    "glassbox.auth.middleware.AuthenticationMiddleware",
]

SETTINGS = {
    "LOGIN_URL": "/accounts/login/",
    "LOGIN_REDIRECT_URL": "/accounts/profile/",
}


@functools.lru_cache(maxsize=None)
def demo_password_hash():
    """The stored form of DEMO_PASSWORD, computed once per interpreter (50,000 iterations)."""
    return hashers.make_password(DEMO_PASSWORD)


def reset():
    """The auth tables and two users: ada (staff) and grace, both with DEMO_PASSWORD."""
    create_auth_tables(connection)
    for username, is_staff in (("ada", True), ("grace", False)):
        User.objects.create(username=username, email=f"{username}@example.com",
                            password=demo_password_hash(), is_staff=is_staff)
    connection.queries.clear()


def safe_next(request, target):
    """Only a path on this site: `?next=https://evil.example` must not become a redirect
    elsewhere after login (an "open redirect" that makes phishing links look genuine)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return request.app.settings.LOGIN_REDIRECT_URL


@csrf_protect  # against login CSRF: another site must not log you in to *its* account
@require_http_methods(["GET", "POST"])
def login_view(request):
    next_page = request.GET.get("next") or request.POST.get("next", "")
    error = None
    if request.method == "POST":
        user = authenticate(request, username=request.POST.get("username", ""),
                            password=request.POST.get("password", ""))
        if user is not None:
            login(request, user)
            return redirect(safe_next(request, next_page))
        error = "Wrong username or password."
    return render(request, "accounts/login.html", {"next": next_page, "error": error},
                  status=400 if error else None)


@require_POST  # a GET must not log you out: any page could embed <img src="/logout/">
def logout_view(request):
    logout(request)
    return redirect("/polls/")


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"user": request.user})


urlpatterns = [
    path("accounts/login/", login_view, name="login"),
    path("accounts/logout/", logout_view, name="logout"),
    path("accounts/profile/", profile, name="profile"),
]

TEMPLATES = {
    "accounts/login.html": """{% extends "base.html" %}
{% block title %}Log in | {{ block.super }}{% endblock %}
{% block content %}
<h1>Log in</h1>
{% if error %}<p class="error">{{ error }}</p>{% endif %}
<form method="post" action="{% url "login" %}">
  {{ request.csrf_input }}
  <input type="hidden" name="next" value="{{ next }}">
  <label>Username <input name="username" autocomplete="username"></label><br>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label><br>
  <button>Log in</button>
</form>
{% endblock %}
""",
    "accounts/profile.html": """{% extends "base.html" %}
{% block title %}{{ user.username }} | {{ block.super }}{% endblock %}
{% block content %}
<h1>Hello, {{ user.username }}</h1>
<p>Member since {{ user.date_joined|date:"j M Y" }}.{% if user.is_staff %} You are staff.{% endif %}</p>
<form method="post" action="{% url "logout" %}">{{ request.csrf_input }}<button>Log out</button></form>
{% endblock %}
""",
}
