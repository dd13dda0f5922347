"""The token views, shaped like simplejwt's: obtain a pair, refresh, verify, blacklist.

    POST /api/token/            {"username": ..., "password": ...} -> {"access": ..., "refresh": ...}
    POST /api/token/refresh/    {"refresh": ...}                   -> {"access": ...} (+ "refresh")
    POST /api/token/verify/     {"token": ...}                     -> {} or 401 with the reason
    POST /api/token/blacklist/  {"refresh": ...}                   -> {} and the token is revoked

Wire them up with `path()` like any view (the example polls site does, in `api.py`). Bodies may
be JSON or a form. A refused token answers 401 with {"detail": <why>, "code": "token_not_valid"}.

Where should a browser keep the tokens? In the JSON body, a page script must store them
somewhere (localStorage), where any injected script can read them too. With JWT_AUTH_COOKIE
(and JWT_AUTH_REFRESH_COOKIE) set, the tokens travel in HttpOnly cookies instead: no script
can read them, but the browser now sends them by itself, so CSRF protection is needed again,
exactly as for a session cookie (`glassbox.auth.csrf` checks requests carrying them). The
refresh cookie's Path is the obtain view's path, so it is only sent to the token views.
"""

from glassbox.auth import events
from glassbox.auth.login import authenticate
from glassbox.auth.models import User
from glassbox.auth.tokens import RefreshToken, TokenError, UntypedToken, seconds
from glassbox.http import JsonResponse
from glassbox.views import View


def read_data(request):
    """The request's fields, from a JSON object or a form."""
    if request.content_type == "application/json":
        data = request.json()
        return data if isinstance(data, dict) else {}
    return request.POST


def refused(request, reason):
    events.record(request, "jwt", "refused", reason=reason)
    return JsonResponse({"detail": reason, "code": "token_not_valid"}, status=401)


class TokenView(View):
    """What the token views share: the settings, and delivering tokens in body or cookies."""

    http_method_names = ["post", "options"]

    def refresh_from(self, request, data):
        """The raw refresh token, from the body or, in cookie mode, from its cookie."""
        cookie = request.app.settings.JWT_AUTH_REFRESH_COOKIE
        return data.get("refresh") or (request.COOKIES.get(cookie) if cookie else None)

    def read_refresh(self, request):
        """(the checked refresh token, None), or (None, the 401 saying why there is none)."""
        raw = self.refresh_from(request, read_data(request))
        if not raw:
            return None, refused(request, "no refresh token was sent")
        try:
            return RefreshToken(raw, request.app.settings), None
        except TokenError as error:
            return None, refused(request, str(error))

    def deliver(self, request, tokens, refresh_path=None):
        """A 200 carrying `tokens` ({"access": ..., "refresh": ...}) in the body, or in
        HttpOnly cookies when JWT_AUTH_COOKIE is set."""
        settings = request.app.settings
        if not settings.JWT_AUTH_COOKIE:
            return JsonResponse({name: str(token) for name, token in tokens.items()})
        response = JsonResponse({f"{name}_expires": token.expires_at
                                 for name, token in tokens.items()})
        cookies = {"access": (settings.JWT_AUTH_COOKIE, "/", "JWT_ACCESS_TOKEN_LIFETIME"),
                   "refresh": (settings.JWT_AUTH_REFRESH_COOKIE, refresh_path or request.path,
                               "JWT_REFRESH_TOKEN_LIFETIME")}
        for name, token in tokens.items():
            cookie, path, lifetime = cookies[name]
            if cookie:
                response.set_cookie(cookie, str(token), path=path,
                                    max_age=seconds(getattr(settings, lifetime)), httponly=True,
                                    secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")
        if hasattr(request, "csrf_cookie"):
            from glassbox.auth.csrf import get_token

            get_token(request)  # cookie-carried tokens need a CSRF token for unsafe requests
        return response


class TokenObtainPairView(TokenView):
    """Username and password in, an access and a refresh token out."""

    def post(self, request):
        data = read_data(request)
        user = authenticate(request, username=data.get("username"),
                            password=data.get("password"))
        if user is None:
            return JsonResponse({"detail": "No active account found with the given "
                                           "credentials", "code": "no_active_account"},
                                status=401)
        refresh = RefreshToken.for_user(user, request.app.settings)
        access = refresh.access_token
        events.record(request, "jwt", "login", user,
                      f"new refresh token jti {refresh['jti']} (until {refresh.expires_at}), "
                      f"access token until {access.expires_at}")
        # The refresh cookie's path: this view's own, so it also reaches .../refresh/.
        return self.deliver(request, {"access": access, "refresh": refresh})


class TokenRefreshView(TokenView):
    """A refresh token in, a new access token out (and, with rotation, a new refresh token,
    the old one going on the blacklist)."""

    def post(self, request):
        settings = request.app.settings
        refresh, refusal = self.read_refresh(request)
        if refusal is not None:
            return refusal
        user = User.objects.filter(pk=refresh.get("user_id"), is_active=True).first()
        if user is None:
            return refused(request, f"the token's user (id {refresh.get('user_id')}) is gone "
                                    "or not active")
        tokens = {"access": refresh.access_token}
        reason = f"refresh token jti {refresh['jti']} gave a new access token"
        if settings.JWT_ROTATE_REFRESH_TOKENS:
            if settings.JWT_BLACKLIST_AFTER_ROTATION:
                refresh.blacklist()
                reason += f"; rotated, jti {refresh['jti']} is now blacklisted"
            tokens["refresh"] = refresh.rotated()
        events.record(request, "jwt", "authenticated", user, reason)
        refresh_path = request.path.rstrip("/").rpartition("/")[0] + "/"
        return self.deliver(request, tokens, refresh_path=refresh_path)


class TokenVerifyView(TokenView):
    """Is this token (access or refresh) good? 200 {} if so, 401 with the reason if not."""

    def post(self, request):
        raw = read_data(request).get("token")
        if not raw:
            return refused(request, "no token was sent")
        try:
            token = UntypedToken(raw, request.app.settings)
        except TokenError as error:
            return refused(request, str(error))
        events.record(request, "jwt", "passed", reason=f"{token.get('token_type')} token jti "
                                                       f"{token.get('jti')} is valid")
        return JsonResponse({})


class TokenBlacklistView(TokenView):
    """Log a token client out: its refresh token goes on the blacklist."""

    def post(self, request):
        settings = request.app.settings
        refresh, refusal = self.read_refresh(request)
        if refusal is not None:
            return refusal
        refresh.blacklist()
        events.record(request, "jwt", "logout", None,
                      f"refresh token jti {refresh['jti']} is now blacklisted")
        response = JsonResponse({})
        if settings.JWT_AUTH_COOKIE:
            response.delete_cookie(settings.JWT_AUTH_COOKIE)
        if settings.JWT_AUTH_REFRESH_COOKIE:
            response.delete_cookie(settings.JWT_AUTH_REFRESH_COOKIE,
                                   path=request.path.rstrip("/").rpartition("/")[0] + "/")
        return response
