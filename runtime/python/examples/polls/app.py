"""The polls application: settings, URLs, middleware and templates joined together.

    >>> from glassbox.test import Client
    >>> Client(app).get("/polls/1/").status_code
    200
"""

from glassbox.app import Glassbox
from glassbox.http import redirect
from glassbox.urls import include, path

from examples.polls import urls, views
from examples.polls.middleware import request_counter
from examples.polls.templates import TEMPLATES

SETTINGS = {
    "DEBUG": True,
    "APPEND_SLASH": True,
}

MIDDLEWARE = [
    "glassbox.middleware.SecurityMiddleware",
    "glassbox.middleware.RequestIdMiddleware",
    "glassbox.middleware.TimingMiddleware",
    "glassbox.middleware.CommonMiddleware",
    request_counter,
]

URLS = [
    path("", lambda request: redirect("/polls/"), name="home"),
    path("polls/", include(urls)),
    path("api/", include(urls.api_patterns, namespace="api")),
    path("about/", views.AboutView.as_view(), name="about"),
]


def make_app(**settings):
    """A fresh application; keyword arguments override SETTINGS (e.g. DEBUG=False)."""
    return Glassbox(settings={**SETTINGS, **settings}, urls=URLS, middleware=MIDDLEWARE,
                    templates=TEMPLATES)


app = make_app()
