"""AuthenticationMiddleware: every request gets `request.user`.

It does not find the user itself: it leaves `request.user_loader`, and the user is looked up
the first time something reads `request.user` (see `HttpRequest.user`). A page that never asks
costs no query and does not depend on the cookie; a page that asks pays once per request.

Finding the user means asking the AUTHENTICATION_CLASSES in order (`glassbox.auth
.authentication`): a Bearer token, an API key, the session. Put this middleware after
SessionMiddleware, which makes the `request.session` that the session class reads:

    MIDDLEWARE = [
        "glassbox.sessions.middleware.SessionMiddleware",
        "glassbox.auth.csrf.CsrfViewMiddleware",
        "glassbox.auth.middleware.AuthenticationMiddleware",
    ]
"""

from glassbox.app import import_string
from glassbox.auth.authentication import authenticate_request
from glassbox.exceptions import ImproperlyConfigured
from glassbox.middleware import Middleware


class AuthenticationMiddleware(Middleware):
    """Sets `request.user` (on first use) from AUTHENTICATION_CLASSES."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.authenticators = None  # made on the first request, when the settings are known

    def process_request(self, request):
        if self.authenticators is None:
            self.authenticators = load_authenticators(request.app.settings)
        uses_session = any(authenticator.mechanism == "session"
                           for authenticator in self.authenticators)
        if uses_session and not hasattr(request, "session"):
            raise ImproperlyConfigured(
                "AuthenticationMiddleware reads request.session, which is not there: put "
                "'glassbox.sessions.middleware.SessionMiddleware' before it in MIDDLEWARE.")
        request.auth = request.auth_error = None
        authenticators = self.authenticators
        request.user_loader = lambda: authenticate_request(request, authenticators)


def load_authenticators(settings):
    """An instance of each class in AUTHENTICATION_CLASSES (dotted paths or classes)."""
    found = []
    for entry in settings.AUTHENTICATION_CLASSES:
        cls = import_string(entry) if isinstance(entry, str) else entry
        if not hasattr(cls, "authenticate") or not hasattr(cls, "mechanism"):
            raise ImproperlyConfigured(f"{entry!r} in AUTHENTICATION_CLASSES is not an "
                                       "authentication class (it needs `mechanism` and "
                                       "`authenticate(request)`).")
        found.append(cls())
    return found
