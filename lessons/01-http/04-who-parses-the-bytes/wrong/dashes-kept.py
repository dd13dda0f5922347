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
    path_info, _, query_string = target.partition("?")
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path_info, "QUERY_STRING": query_string,
               "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http"}
    for name, value in headers:
        if name.lower() in ("content-type", "content-length"):
            environ[name.upper().replace("-", "_")] = value
        else:
            environ["HTTP_" + name.upper()] = value
    return environ
