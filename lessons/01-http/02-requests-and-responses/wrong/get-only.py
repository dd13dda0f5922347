from glassbox.http import HttpResponse


def hello(request):
    if request.method != "GET":
        response = HttpResponse("Only GET is allowed here.", status=405)
        response["Allow"] = "GET"
        return response
    name = request.GET.get("name", "world")
    return HttpResponse(f"Hello, {name}!", content_type="text/plain; charset=utf-8")
