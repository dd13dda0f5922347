from glassbox.auth import authenticate, logout
from glassbox.http import JsonResponse


def login_view(request):
    user = authenticate(request, username=request.POST.get("username"),
                        password=request.POST.get("password"))
    if user is None:
        return JsonResponse({"detail": "wrong username or password"}, status=401)
    response = JsonResponse({"hello": user.username})
    response.set_cookie("user", user.username)
    return response


def logout_view(request):
    logout(request)
    return JsonResponse({"detail": "logged out"})
