import io

from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import path


def echo(request):
    return JsonResponse({"method": request.method, "path": request.path,
                         "query": request.GET.dict(), "form": request.POST.dict(),
                         "agent": request.headers.get("User-Agent"),
                         "request_id": request.headers.get("X-Request-Id")})


app = Glassbox(urls=[path("echo/", echo)])


def make_environ(method, target, headers, body):
    environ = {"REQUEST_METHOD": method, "wsgi.input": io.BytesIO(body),
               "wsgi.url_scheme": "http"}
    if "?" in target:
        environ["PATH_INFO"], environ["QUERY_STRING"] = target.split("?", 1)
    else:
        environ["PATH_INFO"] = target
    for name, value in headers:
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    return environ
