"""Static files with fingerprinted URLs: a change means a new URL, not an invalidation.

A stylesheet changes rarely, and every page needs it, so browsers should keep it as long as
possible. But "as long as possible" is a problem the day it does change: browsers holding the
old copy for a year would not ask again. The answer used everywhere (Django's
ManifestStaticFilesStorage, every bundler) is to put a hash of the content into the file name:

    static("app.css", request)  ->  "/static/app.3f9a1c2b7d4e.css"

That URL's content can never change, since different content would have a different hash, so it
is served as `Cache-Control: public, max-age=31536000, immutable`: keep it for a year and do not
even revalidate. When app.css changes, the pages link to a new URL, which no cache has seen.

The files come from the STATIC_FILES setting (a dict of name -> text or bytes: there are no files
in the browser) and are served under STATIC_URL by `serve`, which `static_urlpatterns()` routes:

    app = Glassbox(urls=[..., *static_urlpatterns()],
                   STATIC_FILES={"app.css": "body { color: navy }"})

The plain name (/static/app.css) still works, with `Cache-Control: no-cache` (revalidate every
time, with its ETag), for links that cannot know the hash.

    >>> files = StaticFiles({"app.css": "body { color: navy }"})
    >>> files.url("app.css")
    '/static/app.16bcedd96262.css'
    >>> StaticFiles({"app.css": "body { color: red }"}).url("app.css")
    '/static/app.925e8741be69.css'
"""

import hashlib
import posixpath

from glassbox.cache.conditional import get_conditional_response
from glassbox.http import Http404, HttpResponse
from glassbox.urls import path

# A year: the longest max-age worth writing (RFC 9111 suggests no more).
FOREVER = 31536000

CONTENT_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
                 ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8",
                 ".html": "text/html; charset=utf-8", ".woff2": "font/woff2"}


class StaticFiles:
    """The static files of one application, their fingerprints, and their responses."""

    def __init__(self, files, url_prefix="/static/"):
        self.files = {name: content.encode("utf-8") if isinstance(content, str) else
                      bytes(content) for name, content in files.items()}
        self.url_prefix = url_prefix if url_prefix.endswith("/") else url_prefix + "/"
        self.hashed = {self.hashed_name(name): name for name in self.files}

    def content(self, name):
        if name not in self.files:
            known = ", ".join(sorted(self.files)) or "none: set STATIC_FILES"
            raise ValueError(f"There is no static file {name!r}. The static files are: {known}.")
        return self.files[name]

    def file_hash(self, name):
        """The first 12 hex digits of the SHA-256 of the content."""
        return hashlib.sha256(self.content(name)).hexdigest()[:12]

    def hashed_name(self, name):
        """'css/app.css' -> 'css/app.<hash>.css'."""
        root, extension = posixpath.splitext(name)
        return f"{root}.{self.file_hash(name)}{extension}"

    def url(self, name):
        return self.url_prefix + self.hashed_name(name)

    def response(self, request, requested):
        """The response for /static/<requested>: immutable when fingerprinted, else no-cache."""
        if requested in self.hashed:
            name, cache_control = self.hashed[requested], f"public, max-age={FOREVER}, immutable"
        elif requested in self.files:
            name, cache_control = requested, "no-cache"
        else:
            raise Http404(self.why_missing(requested))
        content = self.content(name)
        _, extension = posixpath.splitext(name)
        response = HttpResponse(content, content_type=CONTENT_TYPES.get(
            extension.lower(), "application/octet-stream"))
        response["Cache-Control"] = cache_control
        response["ETag"] = f'"{self.file_hash(name)}"'
        return get_conditional_response(request, response, etag=response["ETag"])

    def why_missing(self, requested):
        root, extension = posixpath.splitext(requested)
        original = posixpath.splitext(root)[0] + extension
        if original in self.files:
            return (f"{requested!r} is a version of {original!r} that no longer exists; the "
                    f"current one is {self.url(original)!r}. Fingerprinted URLs change with "
                    "the content: link with static(), never with a copied hash.")
        return f"There is no static file {requested!r}."


def files_of(app):
    """The StaticFiles of an application, made from its settings on first use."""
    files = getattr(app, "static_files", None)
    if files is None:
        files = StaticFiles(app.settings.STATIC_FILES, app.settings.STATIC_URL)
        app.static_files = files
    return files


def static(name, request):
    """The fingerprinted URL of a static file of the application handling `request` (or of the
    application itself, if you pass one): `static("app.css", request)`."""
    app = getattr(request, "app", None) or request
    return files_of(app).url(name)


def serve(request, name):
    """The view that answers /static/<name>."""
    return files_of(request.app).response(request, name)


def static_urlpatterns(prefix="static/"):
    """The URL pattern that serves the static files: add it to your urls."""
    return [path(prefix + "<path:name>", serve, name="static")]
