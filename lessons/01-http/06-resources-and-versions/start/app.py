import json

from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import include, path
from glassbox.views import View

# The data, shared by every version of the API: versions change how it looks, not what it is.
QUESTIONS = {1: {"id": 1, "text": "Tabs or spaces?", "votes": 3}}


class QuestionList(View):
    """/api/v1/questions/: GET lists the questions, POST creates one."""

    namespace = "v1"

    def to_json(self, question):
        """How this version shows a question."""
        return {"id": question["id"], "text": question["text"]}

    def from_json(self, data):
        """The question's text, from a POSTed body in this version's shape (None if absent)."""
        return data.get("text")

    def get(self, request):
        return JsonResponse({"questions": [self.to_json(q) for q in QUESTIONS.values()]})

    def post(self, request):
        try:
            data = json.loads(request.body)
        except ValueError:
            return JsonResponse({"error": "The body is not JSON."}, status=400)
        text = self.from_json(data) if isinstance(data, dict) else None
        if not isinstance(text, str) or not text.strip():
            return JsonResponse({"error": "Say what the question is."}, status=400)
        number = max(QUESTIONS) + 1
        QUESTIONS[number] = {"id": number, "text": text.strip(), "votes": 0}
        response = JsonResponse(self.to_json(QUESTIONS[number]), status=201)
        response["Location"] = request.app.reverse(f"{self.namespace}:question",
                                                   kwargs={"number": number})
        return response


class QuestionDetail(View):
    """/api/v1/questions/<number>/: GET shows one question."""

    to_json = QuestionList.to_json

    def get(self, request, number):
        if number not in QUESTIONS:
            return JsonResponse({"error": f"No question {number}."}, status=404)
        return JsonResponse(self.to_json(QUESTIONS[number]))


v1_patterns = [
    path("questions/", QuestionList.as_view(), name="questions"),
    path("questions/<int:number>/", QuestionDetail.as_view(), name="question"),
]

app = Glassbox(urls=[
    path("api/v1/", include(v1_patterns, namespace="v1")),
])
