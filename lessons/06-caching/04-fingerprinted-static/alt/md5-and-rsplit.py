import hashlib
import posixpath

from glassbox.app import Glassbox
from glassbox.http import Http404, HttpResponse
from glassbox.urls import path

# What the last deploy shipped. A deploy replaces the content; the names stay.
FILES = {"css/app.css": "body { color: navy }"}

A_YEAR = 31536000


def hashed_name(name, content):
    """'css/app.css' -> 'css/app.<fingerprint>.css': 12 hex digits that change with the
    content."""
    digest = hashlib.md5(content.encode()).hexdigest()[:12]
    root, dot, extension = name.rpartition(".")
    return f"{root}.{digest}.{extension}"


def static_url(name):
    return "/static/" + hashed_name(name, FILES[name])


def serve_static(request, name):
    for original, content in FILES.items():
        if name == hashed_name(original, content):
            response = HttpResponse(content, content_type="text/css")
            response["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
            return response
        if name == original:  # the plain name, for links that cannot know the hash
            response = HttpResponse(content, content_type="text/css")
            response["Cache-Control"] = "no-cache"
            return response
    raise Http404(f"No static file {name}")


def home(request):
    response = HttpResponse(f'<link rel="stylesheet" href="{static_url("css/app.css")}">'
                            "<h1>Welcome</h1>")
    response["Cache-Control"] = "no-cache"  # the page itself: ask every time
    return response


app = Glassbox(urls=[path("", home), path("static/<path:name>", serve_static)])
