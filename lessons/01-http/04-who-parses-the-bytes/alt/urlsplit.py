import io
import urllib.parse

from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import path


def echo(request):
    return JsonResponse({
        "method": request.method,
        "path": request.path,
        "query": request.GET.dict(),
        "form": request.POST.dict(),
        "agent": request.headers.get("User-Agent"),
        "request_id": request.headers.get("X-Request-Id"),
    })


app = Glassbox(urls=[path("echo/", echo)])

WITHOUT_PREFIX = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}


def make_environ(method, target, headers, body):
    parts = urllib.parse.urlsplit(target)
    environ = {"REQUEST_METHOD": method, "PATH_INFO": parts.path, "QUERY_STRING": parts.query,
               "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.version": (1, 0),
               "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http"}
    for name, value in headers:
        key = WITHOUT_PREFIX.get(name.lower()) or "HTTP_" + name.upper().replace("-", "_")
        environ[key] = value
    return environ
