"""The views of the polls site.

Pages for people (HTML from templates) and an API for programs (JSON). A vote is a POST that,
once counted, redirects to the results page ("POST, redirect, GET"), so reloading the results
never votes twice.

The data comes from the models (models.py), so every page runs SQL: open a page's trace to see
each statement, its parameters and the line of this file that caused it. The index asks for
the questions and their vote totals in one query (annotate), and the API fetches all the
choices of all the questions in one more (prefetch_related), never one query per question.
"""

from glassbox.db.models import F, Sum
from glassbox.http import Http404, HttpResponse, JsonResponse, redirect
from glassbox.shortcuts import render
from glassbox.views import TemplateView, View, require_GET, require_POST

from examples.polls.models import Question, add_question

VOTED_COOKIE = "voted"


def voted_ids(request):
    """The ids of the questions this browser voted on, from its cookie: "1.2" -> {1, 2}."""
    parts = request.COOKIES.get(VOTED_COOKIE, "").split(".")
    return {int(part) for part in parts if part.isdigit()}


def get_question(question_id):
    """The question with this id, or a 404 page saying which id was missing."""
    try:
        return Question.objects.get(pk=question_id)
    except Question.DoesNotExist:
        raise Http404(f"No question has id {question_id}.") from None


@require_GET
def index(request):
    """The latest questions first, with the number of votes of each (one query: a SUM per
    question, computed by the database with GROUP BY)."""
    questions = Question.objects.annotate(votes=Sum("choices__votes")).order_by("-published")
    return render(request, "polls/index.html", {"questions": questions,
                                                "voted": voted_ids(request)})


@require_GET
def detail(request, question_id):
    """A question and a form to vote on it."""
    question = get_question(question_id)
    return render(request, "polls/detail.html", {"question": question})


@require_POST
def vote(request, question_id):
    """Count a vote, remember it in a cookie, and send the browser to the results."""
    question = get_question(question_id)
    choice_id = request.POST.get("choice", "")
    choice = question.choices.filter(pk=int(choice_id)).first() if choice_id.isdigit() else None
    if choice is None:
        return render(request, "polls/detail.html", {
            "question": question, "error_message": "You didn't select a choice.",
        }, status=400)
    # UPDATE ... SET votes = votes + 1: the database adds, so two votes at once both count.
    question.choices.filter(pk=choice.pk).update(votes=F("votes") + 1)
    response = redirect(request.app.reverse("polls:results", kwargs={"question_id": question.id}))
    voted = sorted(voted_ids(request) | {question.id})
    response.set_cookie(VOTED_COOKIE, ".".join(map(str, voted)), max_age=365 * 24 * 3600,
                        httponly=True, samesite="Lax")
    return response


@require_GET
def results(request, question_id):
    question = get_question(question_id)
    return render(request, "polls/results.html", {"question": question})


class QuestionListApi(View):
    """GET lists the questions; POST {"text": ..., "choices": [...]} adds one."""

    def get(self, request):
        questions = Question.objects.prefetch_related("choices").order_by("id")
        return JsonResponse({"questions": [question.as_dict() for question in questions]})

    def post(self, request):
        payload = request.json()
        text, choices = payload.get("text"), payload.get("choices")
        if not text or not isinstance(choices, list) or len(choices) < 2:
            return JsonResponse({"error": "Send a \"text\" and a list of at least two "
                                          "\"choices\"."}, status=400)
        question = add_question(text, [str(choice) for choice in choices])
        response = JsonResponse(question.as_dict(), status=201)
        response["Location"] = request.app.reverse("api:question",
                                                   kwargs={"question_id": question.id})
        return response


class QuestionApi(View):
    """GET one question; DELETE removes it."""

    def get(self, request, question_id):
        return JsonResponse(get_question(question_id).as_dict())

    def delete(self, request, question_id):
        get_question(question_id).delete()  # its choices go too (on_delete=CASCADE)
        return HttpResponse(status=204)


class AboutView(TemplateView):
    template_name = "about.html"
