from glassbox.http import HttpResponse
from glassbox.views import require_GET


@require_GET
def hello(request):
    name = request.GET.get("name", "world")
    return HttpResponse(f"Hello, {name}!", content_type="text/plain; charset=utf-8")
