from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.template.response import TemplateResponse
from glassbox.urls import path

ANNOUNCEMENT = "The site is down for maintenance on Sunday at 06:00 UTC."


class AnnouncementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


def home(request):
    return TemplateResponse(request, "page.html", {"title": "Polls"})


def maintenance(request):
    return TemplateResponse(request, "page.html", {
        "title": "Maintenance", "announcement": "We are back at 08:00 UTC."})


def status(request):
    return JsonResponse({"ok": True})


app = Glassbox(
    urls=[path("", home), path("maintenance/", maintenance), path("api/status/", status)],
    middleware=[AnnouncementMiddleware],
    templates={"page.html": "<main>{% if announcement %}<p class='banner'>{{ announcement }}"
                            "</p>{% endif %}<h1>{{ title }}</h1></main>"},
)
