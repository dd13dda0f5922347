"""Decorators that keep views for the right people: 401, 403, or a trip to the login page.

    @login_required                      # a page: strangers are sent to LOGIN_URL?next=...
    def my_votes(request): ...

    @login_required(api=True)            # an API: strangers get 401 and a WWW-Authenticate
    def api_me(request): ...

    @staff_member_required(api=True)     # logged in but not staff: 403
    def api_stats(request): ...

Two different refusals, often mixed up:

    401 Unauthorized  "I don't know who you are": no credential, or a bad one. The response's
                      `WWW-Authenticate` header tells the client how to authenticate
                      (`Bearer`), and, when a token was refused, why (RFC 6750's
                      error="invalid_token" with an error_description).
    403 Forbidden     "I know who you are, and the answer is no." Logging in again won't help.

A browser that is not logged in is better served by the login page than by a bare 401, so
page views (the default) redirect; API views (api=True) answer 401 with JSON.
"""

import functools
import urllib.parse

from glassbox.http import HttpResponseForbidden, HttpResponseRedirect, JsonResponse

REALM = "api"


def user_passes_test(test, message="You are not allowed to do this.", login_url=None,
                     api=False):
    """Decorator: strangers are sent to log in (or get 401); users failing `test(user)` get 403.

    Usable bare or with arguments, like all the decorators here.
    """
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                if api:
                    return unauthorized(request)
                return redirect_to_login(request, login_url)
            if not test(user):
                return forbidden(message, api)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_required(view=None, login_url=None, api=False):
    """Decorator: only logged-in users reach the view. `@login_required` or
    `@login_required(api=True)` / `@login_required(login_url="/signin/")`."""
    decorator = user_passes_test(lambda user: True, login_url=login_url, api=api)
    return decorator(view) if view is not None else decorator


def staff_member_required(view=None, login_url=None, api=False):
    """Decorator: only users with `is_staff` reach the view; other users get 403."""
    decorator = user_passes_test(lambda user: user.is_staff,
                                 "Only staff members may do this.", login_url, api)
    return decorator(view) if view is not None else decorator


def unauthorized(request):
    """401 with a WWW-Authenticate challenge; if a credential was refused, it says why."""
    reason = getattr(request, "auth_error", None)
    challenge = f'Bearer realm="{REALM}"'
    if reason:
        description = reason.replace('"', "'").replace("\\", "/")
        challenge += f', error="invalid_token", error_description="{description}"'
        body = {"detail": reason, "code": "token_not_valid"}
    else:
        body = {"detail": "Authentication credentials were not provided.",
                "code": "not_authenticated"}
    response = JsonResponse(body, status=401)
    response["WWW-Authenticate"] = challenge
    return response


def forbidden(message, api):
    if api:
        return JsonResponse({"detail": message, "code": "permission_denied"}, status=403)
    return HttpResponseForbidden(f"<h1>403 Forbidden</h1>\n<p>{message}</p>")


def redirect_to_login(request, login_url=None):
    """302 to the login page, with the page asked for in ?next= to come back to after."""
    target = login_url or request.app.settings.LOGIN_URL
    query = urllib.parse.urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{target}?{query}")
