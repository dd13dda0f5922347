from glassbox.app import Glassbox
from glassbox.urls import path

import views

app = Glassbox(urls=[
    path("polls/", views.index, name="index"),
    path("polls/<str:slug>/", views.detail, name="detail"),
    path("polls/latest/", views.latest, name="latest"),
])
