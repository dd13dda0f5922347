"""SessionMiddleware: the session cookie in, `request.session`, the session cookie out.

On the way in it makes `request.session`, a `SessionStore` for the key in the `sessionid`
cookie. Nothing is read yet: the store loads itself the first time it is used.

On the way out it looks at what happened to the session during the request:

- it was read: the page may differ from one browser to the next, so the response gets
  `Vary: Cookie` (a shared cache must not hand Ada's page to Bob);
- it was changed: save it (a new row, or an UPDATE that also pushes `expire_date` forward)
  and send the cookie, with the session's age as `Max-Age`;
- it was emptied (logout's `flush()`) while the browser still holds a cookie: tell the
  browser to delete that cookie.

The cookie is HttpOnly (no page script can read it, so a script injected into a page cannot
steal it), SameSite=Lax (the browser leaves it off POSTs that come from other sites) and, with
SESSION_COOKIE_SECURE, Secure (only sent over HTTPS).
"""

from glassbox.middleware import Middleware
from glassbox.sessions.backends import SessionStore


def add_vary(response, header):
    """Add `header` to the response's Vary list, once.

    >>> from glassbox.http import HttpResponse
    >>> response = HttpResponse(headers={"Vary": "Accept-Encoding"})
    >>> add_vary(response, "Cookie")
    >>> add_vary(response, "Cookie")
    >>> response["Vary"]
    'Accept-Encoding, Cookie'
    """
    present = [item.strip() for item in response.headers.get("Vary", "").split(",")
               if item.strip()]
    if header.lower() not in (item.lower() for item in present):
        response["Vary"] = ", ".join(present + [header])


class SessionMiddleware(Middleware):
    """Gives each request `request.session` and keeps the session cookie up to date."""

    def process_request(self, request):
        settings = request.app.settings
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        request.session = SessionStore(session_key, age=settings.SESSION_COOKIE_AGE)

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is None:  # an outer layer answered before process_request ran
            return response
        settings = request.app.settings
        name = settings.SESSION_COOKIE_NAME
        if session.accessed:
            add_vary(response, "Cookie")
        if name in request.COOKIES and session.is_empty():
            # Logged out (or the cookie was dead on arrival): make the browser forget it.
            response.delete_cookie(name, samesite=settings.SESSION_COOKIE_SAMESITE)
        elif session.modified and not session.is_empty():
            session.save()
            response.set_cookie(name, session.session_key, max_age=session.get_expiry_age(),
                                secure=settings.SESSION_COOKIE_SECURE,
                                httponly=settings.SESSION_COOKIE_HTTPONLY,
                                samesite=settings.SESSION_COOKIE_SAMESITE)
        return response
