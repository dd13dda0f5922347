"""Which path reaches which view. `app_name` namespaces the names: "polls:detail"."""

from glassbox.urls import path

from examples.polls import views

app_name = "polls"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:question_id>/", views.detail, name="detail"),
    path("<int:question_id>/vote/", views.vote, name="vote"),
    path("<int:question_id>/results/", views.results, name="results"),
]

api_patterns = [
    path("questions/", views.QuestionListApi.as_view(), name="questions"),
    path("questions/<int:question_id>/", views.QuestionApi.as_view(), name="question"),
]
