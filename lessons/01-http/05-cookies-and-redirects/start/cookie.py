from glassbox.app import Glassbox
from glassbox.http import HttpResponse
from glassbox.urls import path


def show_poll(request, poll_id):
    """GET /polls/<id>/: the poll, and a cookie that remembers it was the last one seen."""
    response = HttpResponse(f"<h1>Poll {poll_id}</h1>")
    response.set_cookie("last_poll", str(poll_id))
    return response


app = Glassbox(urls=[path("polls/<int:poll_id>/", show_poll)])
