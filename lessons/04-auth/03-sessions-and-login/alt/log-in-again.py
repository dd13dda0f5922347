from glassbox.auth import authenticate, login, update_session_auth_hash
from glassbox.auth.login import HASH_SESSION_KEY, SESSION_KEY  # noqa: F401 (no longer needed)
from glassbox.http import JsonResponse


def login_view(request):
    """POST username, password: 200 and a logged-in session, or 401."""
    user = authenticate(request, username=request.POST.get("username"),
                        password=request.POST.get("password"))
    if user is None:
        return JsonResponse({"detail": "wrong username or password"}, status=401)
    login(request, user)  # a new session key: a planted one stays anonymous
    return JsonResponse({"hello": user.username})


def change_password_view(request):
    """POST old_password, new_password (logged in): 200, or 403 for a wrong old password."""
    user = request.user
    if not user.check_password(request.POST.get("old_password")):
        return JsonResponse({"detail": "wrong password"}, status=403)
    user.set_password(request.POST.get("new_password"))
    user.save()
    login(request, user)  # again: a new key, and the new hash in the session
    return JsonResponse({"detail": "password changed"})
