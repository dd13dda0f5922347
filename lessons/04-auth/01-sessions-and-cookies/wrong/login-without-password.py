from glassbox.auth import login, logout
from glassbox.auth.models import User
from glassbox.http import JsonResponse


def login_view(request):
    user = User.objects.filter(username=request.POST.get("username")).first()
    if user is None:
        return JsonResponse({"detail": "no such user"}, status=401)
    login(request, user)
    return JsonResponse({"hello": user.username})


def logout_view(request):
    logout(request)
    return JsonResponse({"detail": "logged out"})
