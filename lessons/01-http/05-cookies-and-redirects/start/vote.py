from glassbox.app import Glassbox
from glassbox.http import HttpResponse, HttpResponseBadRequest, redirect
from glassbox.urls import path
from glassbox.views import require_POST

VOTES = {"tabs": 0, "spaces": 0}


def results():
    return "".join(f"<p>{choice}: {count}</p>" for choice, count in VOTES.items())


def poll(request):
    """GET /poll/: the question and the votes so far."""
    return HttpResponse("<h1>Tabs or spaces?</h1>" + results())


@require_POST
def vote(request):
    """POST /poll/vote/ with choice=tabs or choice=spaces."""
    choice = request.POST.get("choice")
    if choice not in VOTES:
        return HttpResponseBadRequest("<p>Pick tabs or spaces.</p>")
    VOTES[choice] += 1
    return HttpResponse("<p>Thanks for voting!</p>" + results())


app = Glassbox(urls=[path("poll/", poll, name="poll"), path("poll/vote/", vote, name="vote")])
