"""The views of the polls site.

Pages for people (HTML from templates) and an API for programs (JSON). A vote is a POST that,
once counted, redirects to the results page ("POST, redirect, GET"), so reloading the results
never votes twice.
"""

from glassbox.http import Http404, HttpResponse, JsonResponse, redirect
from glassbox.shortcuts import get_object_or_404, render
from glassbox.views import TemplateView, View, require_GET, require_POST

from examples.polls import data

VOTED_COOKIE = "voted"


def voted_ids(request):
    """The ids of the questions this browser voted on, from its cookie: "1.2" -> {1, 2}."""
    parts = request.COOKIES.get(VOTED_COOKIE, "").split(".")
    return {int(part) for part in parts if part.isdigit()}


@require_GET
def index(request):
    """The latest questions first, with the number of votes of each."""
    questions = sorted(data.QUESTIONS.values(), key=lambda question: question.published,
                       reverse=True)
    return render(request, "polls/index.html", {"questions": questions,
                                                "voted": voted_ids(request)})


@require_GET
def detail(request, question_id):
    """A question and a form to vote on it."""
    question = get_object_or_404(data.QUESTIONS, question_id, f"No question has id {question_id}.")
    return render(request, "polls/detail.html", {"question": question})


@require_POST
def vote(request, question_id):
    """Count a vote, remember it in a cookie, and send the browser to the results."""
    question = get_object_or_404(data.QUESTIONS, question_id, f"No question has id {question_id}.")
    choice_id = request.POST.get("choice", "")
    choice = question.find_choice(int(choice_id)) if choice_id.isdigit() else None
    if choice is None:
        return render(request, "polls/detail.html", {
            "question": question, "error_message": "You didn't select a choice.",
        }, status=400)
    choice.votes += 1
    response = redirect(request.app.reverse("polls:results", kwargs={"question_id": question.id}))
    voted = sorted(voted_ids(request) | {question.id})
    response.set_cookie(VOTED_COOKIE, ".".join(map(str, voted)), max_age=365 * 24 * 3600,
                        httponly=True, samesite="Lax")
    return response


@require_GET
def results(request, question_id):
    question = get_object_or_404(data.QUESTIONS, question_id, f"No question has id {question_id}.")
    return render(request, "polls/results.html", {"question": question})


class QuestionListApi(View):
    """GET lists the questions; POST {"text": ..., "choices": [...]} adds one."""

    def get(self, request):
        return JsonResponse({"questions": [q.as_dict() for q in data.QUESTIONS.values()]})

    def post(self, request):
        payload = request.json()
        text, choices = payload.get("text"), payload.get("choices")
        if not text or not isinstance(choices, list) or len(choices) < 2:
            return JsonResponse({"error": "Send a \"text\" and a list of at least two "
                                          "\"choices\"."}, status=400)
        question = data.add_question(text, [str(choice) for choice in choices])
        response = JsonResponse(question.as_dict(), status=201)
        response["Location"] = request.app.reverse("api:question",
                                                   kwargs={"question_id": question.id})
        return response


class QuestionApi(View):
    """GET one question; DELETE removes it."""

    def get(self, request, question_id):
        return JsonResponse(get_object_or_404(data.QUESTIONS, question_id).as_dict())

    def delete(self, request, question_id):
        if data.QUESTIONS.pop(question_id, None) is None:
            raise Http404(f"No question has id {question_id}.")
        return HttpResponse(status=204)


class AboutView(TemplateView):
    template_name = "about.html"
