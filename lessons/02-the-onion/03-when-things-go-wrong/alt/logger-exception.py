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
        if isinstance(exception, Http404) or isinstance(exception, PermissionDenied):
            return None
        # process_exception runs inside the framework's `except`, so .exception() finds it
        logger.exception("Unhandled error in request %s", request.id)
        response = JsonResponse({"request_id": request.id,
                                 "error": "Sorry, that broke. Quote the request id."})
        response.status_code = 500
        return response


app = Glassbox(
    settings={"DEBUG": False},
    urls=[path("polls/<int:poll_id>/", detail), path("stats/", stats),
          path("checkout/", checkout)],
    middleware=["glassbox.middleware.RequestIdMiddleware", ErrorReport],
)
