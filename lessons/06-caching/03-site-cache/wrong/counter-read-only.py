from glassbox.app import Glassbox
from glassbox.cache.decorators import never_cache
from glassbox.db import connection
from glassbox.http import HttpResponse, redirect
from glassbox.urls import path

import board  # the posts and the visit counter: the board.py tab


def home(request):
    board.count_visit()
    who = request.user.username if request.user.is_authenticated else "stranger"
    posts = connection.execute("SELECT text FROM post ORDER BY id DESC").fetchall()
    items = "".join(f"<li>{text}</li>" for (text,) in posts)
    return HttpResponse(f"<p>Hello, {who}</p><ul>{items}</ul>"
                        '<p><span id="visits">?</span> visits</p>'
                        '<script>fetch("/visits/").then(r => r.text())'
                        '.then(n => visits.textContent = n)</script>')


def new_post(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    connection.execute("INSERT INTO post (text) VALUES (?)", [request.POST["text"]])
    return redirect("/")


@never_cache
def visits(request):
    return HttpResponse(str(board.visits()))


app = Glassbox(
    urls=[path("", home), path("posts/new/", new_post), path("visits/", visits)],
    middleware=[
        "glassbox.cache.middleware.UpdateCacheMiddleware",
        "glassbox.sessions.middleware.SessionMiddleware",
        "glassbox.auth.middleware.AuthenticationMiddleware",
        "glassbox.cache.middleware.FetchFromCacheMiddleware",
    ],
    CACHE_MIDDLEWARE_SECONDS=60,
)
