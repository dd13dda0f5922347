import hmac

from glassbox.app import Glassbox
from glassbox.http import HttpResponse, JsonResponse
from glassbox.urls import path

API_KEY = b"secret"


def require_api_key(get_response):
    def middleware(request):
        if request.path.startswith("/api/") and "secret" not in request.headers.get("X-Api-Key", ""):
            return JsonResponse({"error": "missing or wrong API key"}, status=403)
        return get_response(request)

    return middleware


def home(request):
    return HttpResponse("Welcome!")


def about(request):
    return HttpResponse("We run polls.")


def polls(request):
    return JsonResponse({"polls": ["Tabs or spaces?"]})


app = Glassbox(
    urls=[path("", home), path("about/", about), path("api/polls/", polls)],
    middleware=[require_api_key],
)
