import re

from glassbox.app import Glassbox
from glassbox.http import HttpResponseRedirect
from glassbox.shortcuts import render
from glassbox.template import escape, mark_safe
from glassbox.urls import path

COMMENTS = []


def with_bold(text):
    """Turn **words** into <b>words</b>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)


def comments(request):
    if request.method == "POST":
        COMMENTS.append(request.POST.get("text", ""))
        return HttpResponseRedirect("/")
    shown = [mark_safe(with_bold(text)) for text in COMMENTS
             if "<script" not in text.lower()]
    return render(request, "comments.html", {"comments": shown})


app = Glassbox(
    urls=[path("", comments)],
    templates={"comments.html": "<ul>{% for comment in comments %}<li>{{ comment }}</li>"
                                "{% endfor %}</ul><form method='post'>"
                                "<textarea name='text'></textarea><button>Post</button></form>"},
)
