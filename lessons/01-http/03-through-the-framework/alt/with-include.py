from glassbox.app import Glassbox
from glassbox.urls import include, path

import views

poll_patterns = [
    path("", views.index, name="index"),
    path("latest/", views.latest, name="latest"),
    path("<slug:slug>/", views.detail, name="detail"),
]

app = Glassbox(urls=[path("polls/", include(poll_patterns))])
