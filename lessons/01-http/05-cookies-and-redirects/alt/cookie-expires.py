import datetime

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.http import HttpResponse
from glassbox.urls import path


def show_poll(request, poll_id):
    """GET /polls/<id>/: the poll, and a cookie that remembers it was the last one seen."""
    response = HttpResponse(f"<h1>Poll {poll_id}</h1>")
    expires = clock.now() + datetime.timedelta(days=30)  # an Expires date, the older way
    response.set_cookie("last_poll", str(poll_id), expires=expires, path="/polls/",
                        secure=True, httponly=True, samesite="Lax")
    return response


app = Glassbox(urls=[path("polls/<int:poll_id>/", show_poll)])
