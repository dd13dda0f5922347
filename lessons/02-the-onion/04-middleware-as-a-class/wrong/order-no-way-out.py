from glassbox.app import Glassbox
from glassbox.http import HttpResponse
from glassbox.test import Client
from glassbox.urls import path

LOG = []


class Outer:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        LOG.append("Outer in")
        response = self.get_response(request)
        LOG.append("Outer out")
        return response

    def process_view(self, request, view, view_args, view_kwargs):
        LOG.append("Outer process_view")

    def process_exception(self, request, exception):
        LOG.append("Outer process_exception")
        return HttpResponse("Outer caught it", status=500)


class Inner:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        LOG.append("Inner in")
        response = self.get_response(request)
        LOG.append("Inner out")
        return response

    def process_view(self, request, view, view_args, view_kwargs):
        LOG.append("Inner process_view")

    def process_exception(self, request, exception):
        LOG.append("Inner process_exception")
        return None


def broken(request):
    LOG.append("view")
    raise ValueError("broken")


app = Glassbox(urls=[path("", broken)], middleware=[Outer, Inner])

# Your prediction: every entry LOG gets during one GET /, in order.
PREDICTION = [
    "Outer in",
    "Inner in",
    "Outer process_view",
    "Inner process_view",
    "view",
    "Inner process_exception",
    "Outer process_exception",
]
