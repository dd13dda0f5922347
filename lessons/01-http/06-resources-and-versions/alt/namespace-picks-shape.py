import json

from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import include, path
from glassbox.views import View

QUESTIONS = {1: {"id": 1, "text": "Tabs or spaces?", "votes": 3}}

SHAPES = {
    "v1": {"text": "text"},
    "v2": {"text": "question", "votes": "votes"},
}


def shown(question, version):
    return {"id": question["id"], **{outside: question[inside]
                                     for inside, outside in SHAPES[version].items()}}


class QuestionList(View):
    def get(self, request):
        version = request.resolver_match.namespace
        return JsonResponse({"questions": [shown(q, version) for q in QUESTIONS.values()]})

    def post(self, request):
        version = request.resolver_match.namespace
        try:
            data = json.loads(request.body)
        except ValueError:
            return JsonResponse({"error": "not JSON"}, status=400)
        text = data.get(SHAPES[version]["text"]) if isinstance(data, dict) else None
        if not isinstance(text, str) or not text.strip():
            return JsonResponse({"error": "missing question"}, status=400)
        number = max(QUESTIONS) + 1
        QUESTIONS[number] = {"id": number, "text": text.strip(), "votes": 0}
        response = JsonResponse(shown(QUESTIONS[number], version), status=201)
        response["Location"] = request.app.reverse(f"{version}:question", kwargs={"number": number})
        return response


class QuestionDetail(View):
    def get(self, request, number):
        if number not in QUESTIONS:
            return JsonResponse({"error": "no such question"}, status=404)
        return JsonResponse(shown(QUESTIONS[number], request.resolver_match.namespace))


patterns = [
    path("questions/", QuestionList.as_view(), name="questions"),
    path("questions/<int:number>/", QuestionDetail.as_view(), name="question"),
]

app = Glassbox(urls=[
    path("api/v1/", include(patterns, namespace="v1")),
    path("api/v2/", include(patterns, namespace="v2")),
])
