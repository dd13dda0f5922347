from glassbox.auth import authenticate, login
from glassbox.http import JsonResponse


def login_view(request):
    user = authenticate(request, username=request.POST.get("username", ""),
                        password=request.POST.get("password", ""))
    if not user:
        return JsonResponse({"error": "invalid credentials"}, status=401)
    login(request, user)
    return JsonResponse({"ok": True})


def logout_view(request):
    request.session.flush()  # the row goes, and the browser is told to forget its cookie
    return JsonResponse({"ok": True})
