from glassbox.app import Glassbox
from glassbox.urls import path

import views


def detail_or_latest(request, slug):
    if slug == "latest":
        return views.latest(request)
    return views.detail(request, slug)


app = Glassbox(urls=[
    path("polls/", views.index, name="index"),
    path("polls/<slug:slug>/", detail_or_latest, name="detail"),
    path("polls/latest/", views.latest, name="latest"),
])
