import logging

from glassbox.app import Glassbox
from glassbox.exceptions import PermissionDenied
from glassbox.http import Http404, HttpResponse, JsonResponse
from glassbox.urls import path

logger = logging.getLogger("polls.errors")

POLLS = {7: "Tabs or spaces?"}


def detail(request, poll_id):
    if poll_id not in POLLS:
        raise Http404(f"No poll {poll_id}.")
    return HttpResponse(POLLS[poll_id])


def stats(request):
    raise PermissionDenied("Staff only.")


def checkout(request):
    raise ConnectionError("payments.internal:9000 refused the connection")


class ErrorReport:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return None
        logger.error("request %s failed", request.id, exc_info=exception)
        return JsonResponse({"error": "Something went wrong on our side.",
                             "request_id": request.id}, status=500)


app = Glassbox(
    settings={"DEBUG": False},
    urls=[path("polls/<int:poll_id>/", detail), path("stats/", stats),
          path("checkout/", checkout)],
    middleware=["glassbox.middleware.RequestIdMiddleware", ErrorReport],
)
