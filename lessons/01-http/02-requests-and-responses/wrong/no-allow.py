from glassbox.http import HttpResponse


def hello(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse("Method not allowed.", status=405)
    name = request.GET.get("name", "world")
    return HttpResponse(f"Hello, {name}!", content_type="text/plain; charset=utf-8")
