from glassbox.auth import authenticate, login
from glassbox.http import JsonResponse


def login_view(request):
    user = authenticate(request, username=request.POST.get("username"),
                        password=request.POST.get("password"))
    if user is None:
        return JsonResponse({"detail": "wrong username or password"}, status=401)
    login(request, user)
    return JsonResponse({"hello": user.username})


def logout_view(request):
    response = JsonResponse({"detail": "logged out"})
    response.delete_cookie("sessionid")
    return response
