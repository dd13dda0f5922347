import hmac

from glassbox.app import Glassbox
from glassbox.http import HttpResponse, JsonResponse
from glassbox.urls import path

API_KEY = b"secret"


class RequireApiKey:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        given = request.headers.get("X-Api-Key", "")
        if request.path.startswith("/api/") and not hmac.compare_digest(given.encode(), API_KEY):
            return JsonResponse({"error": "missing or wrong API key"}, status=403)
        return None


def home(request):
    return HttpResponse("Welcome!")


def about(request):
    return HttpResponse("We run polls.")


def polls(request):
    return JsonResponse({"polls": ["Tabs or spaces?"]})


app = Glassbox(
    urls=[path("", home), path("about/", about), path("api/polls/", polls)],
    middleware=[RequireApiKey],
)
