from glassbox.http import HttpResponse


def hello(request):
    if request.method == "POST":
        response = HttpResponse("POST is not allowed here.", status=405)
        response["Allow"] = "GET, HEAD"
        return response
    name = request.GET.get("name", "world")
    return HttpResponse(f"Hello, {name}!", content_type="text/plain; charset=utf-8")
