"""The polls application: settings, URLs, middleware, templates and database joined together.

Each `make_app()` starts the site's database afresh (see `models.reset()`), so an application
made for a test begins with the same two questions whatever earlier tests did.

    >>> from glassbox.test import Client
    >>> Client(app).get("/polls/1/").status_code
    200
"""

from glassbox.app import Glassbox
from glassbox.db import connection
from glassbox.http import redirect
from glassbox.urls import include, path

from examples.polls import accounts, api, cached, models, urls, views
from examples.polls.middleware import request_counter
from examples.polls.templates import TEMPLATES

SETTINGS = {
    "DEBUG": True,
    "APPEND_SLASH": True,
    **accounts.SETTINGS,  # where login_required sends strangers, and where login goes after
}

MIDDLEWARE = [
    "glassbox.middleware.SecurityMiddleware",
    "glassbox.middleware.RequestIdMiddleware",
    "glassbox.middleware.TimingMiddleware",
    "glassbox.middleware.CommonMiddleware",
    *accounts.MIDDLEWARE,  # sessions, CSRF, then request.user
    request_counter,
]

URLS = [
    path("", lambda request: redirect("/polls/"), name="home"),
    *accounts.urlpatterns,  # /accounts/login/, /accounts/logout/, /accounts/profile/
    *api.urlpatterns,  # /api/token/..., /api/me/, /api/questions/<id>/vote/, /api/keys/
    path("polls/", include(urls)),
    path("api/", include(urls.api_patterns, namespace="api")),
    path("about/", views.AboutView.as_view(), name="about"),
    *cached.urlpatterns,  # /polls/stats/ (cached for a minute) and /api/stats/ (with ETags)
]


def make_app(**settings):
    """A fresh application with a fresh database; keyword arguments override SETTINGS
    (e.g. DEBUG=False).

    The models query glassbox's default database, `glassbox.db.connection`, so that is the
    one the application traces (`database=`), and the one `models.reset()` starts again.
    """
    models.reset()
    cached.reset()
    accounts.reset()
    return Glassbox(settings={**SETTINGS, **settings}, urls=URLS, middleware=MIDDLEWARE,
                    templates={**TEMPLATES, **accounts.TEMPLATES}, database=connection)


app = make_app()
