from glassbox.app import Glassbox
from glassbox.cache.conditional import ConditionalGetMiddleware
from glassbox.db import connection
from glassbox.http import Http404, HttpResponse
from glassbox.urls import path

import blog  # the articles and comments: the blog.py tab


def article(request, pk):
    row = connection.execute("SELECT title, body FROM article WHERE id = ?", [pk]).fetchone()
    if row is None:
        raise Http404(f"No article {pk}")
    comments = connection.execute("SELECT author, text FROM comment WHERE article_id = ?",
                                  [pk]).fetchall()
    items = "".join(f"<li>{author}: {text}</li>" for author, text in comments)
    return HttpResponse(f"<h1>{row[0]}</h1><p>{row[1]}</p><ul>{items}</ul>")


app = Glassbox(urls=[path("articles/<int:pk>/", article)],
               middleware=[ConditionalGetMiddleware])
