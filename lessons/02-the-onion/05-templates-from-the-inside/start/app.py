from glassbox.app import Glassbox
from glassbox.shortcuts import render
from glassbox.urls import path

import templates

QUESTION = "Tabs or spaces?"
CHOICES = [{"text": "Tabs", "votes": 1}, {"text": "Spaces", "votes": 2},
           {"text": "<i>Both</i>", "votes": 0}]


def poll(request):
    return render(request, "poll.html", {"question": QUESTION, "choices": CHOICES})


app = Glassbox(urls=[path("poll/", poll)],
               templates={"base.html": templates.BASE, "poll.html": templates.POLL})
