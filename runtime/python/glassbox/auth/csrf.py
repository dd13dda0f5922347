"""CSRF: stopping other sites from sending requests in your name.

A browser attaches a site's cookies to *every* request to that site, whoever asked for it.
So while you are logged in to the polls, a page on evil.example can hold a hidden form

    <form method="post" action="https://polls.example/polls/1/vote/"> ... </form>

and submit it with a script: your browser sends the POST *with your session cookie*, and the
polls site sees you voting. That is cross-site request forgery. The defence: an unsafe request
(POST, PUT, PATCH, DELETE) must also carry a secret that only pages of this site can know.

The secret is the CSRF token. `get_token(request)` makes one and `CsrfViewMiddleware` sends it
in a `csrftoken` cookie; the site's own pages copy it into what they send back, as a form field
(`csrfmiddlewaretoken`) or, from a script, a header (`X-CSRFToken`). The middleware compares
the two in constant time. evil.example can make the browser *send* the cookie, but it cannot
*read* it (the browser keeps each site's cookies from the others), so it cannot copy it into
the form. This is the "double submit" pattern. (Django also masks the token differently on
each page against the BREACH compression attack; glassbox keeps it plain to stay readable.)

Which requests are checked:

- safe methods (GET, HEAD, OPTIONS, TRACE) never: they must not change anything anyway;
- views marked `@csrf_exempt` never;
- requests that authenticate with a header (`Authorization: Bearer ...`, `Api-Key ...`, or
  `X-API-Key`) are exempt: a browser never adds such a header on its own, and another site's
  form or script cannot add it to a request to this site, so there is nothing to forge;
- requests that carry a credential cookie (the session cookie, or a JWT in a cookie) are
  checked: that is where forgery works;
- requests with neither could not act as anybody, so they pass, except for views marked
  `@csrf_protect`: a login form should use it, or another site could log you in to *its*
  account here and watch what you do ("login CSRF"). (Django checks every unsafe request,
  logged in or not; glassbox shows the reasoning instead.)

The middleware also compares the `Origin` header, when the browser sends one, with this site
(or CSRF_TRUSTED_ORIGINS). The answer to a failed check is a 403 that says exactly what was
missing, and every decision is an "auth" event with mechanism "csrf" in the trace.

In a template, write the hidden field with `{{ request.csrf_input }}` inside the form.
"""

import functools
import hmac
import html
import secrets
import urllib.parse

from glassbox.auth import events
from glassbox.http import HttpResponseForbidden
from glassbox.middleware import Middleware
from glassbox.template.safestring import mark_safe

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
FORM_FIELD = "csrfmiddlewaretoken"
TOKEN_LENGTH = 32
TOKEN_HEADERS = ("Bearer ", "Api-Key ")


def new_token():
    """32 URL-safe random characters (192 bits) from the CSPRNG."""
    return secrets.token_urlsafe(24)


def get_token(request):
    """The CSRF token for this request's pages, made (and sent as a cookie) if it is new.

    Call it in a view that shows a form; the middleware sets the cookie on the way out.
    """
    if not hasattr(request, "csrf_cookie"):
        raise RuntimeError("get_token() needs CsrfViewMiddleware in MIDDLEWARE: it is what "
                           "sends the token's cookie to the browser.")
    if request.csrf_cookie is None:
        request.csrf_cookie = new_token()
        request.csrf_cookie_needs_update = True
    return request.csrf_cookie


def rotate_token(request):
    """Replace the token (at login), so one seen before no longer counts."""
    request.csrf_cookie = new_token()
    request.csrf_cookie_needs_update = True


def csrf_input(request):
    """The hidden form field carrying the token, as safe HTML for a template."""
    return mark_safe(f'<input type="hidden" name="{FORM_FIELD}" value="{get_token(request)}">')


def csrf_exempt(view):
    """Decorator: no CSRF check for this view (webhooks, APIs with their own credentials)."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.csrf_exempt = True
    return wrapped


def csrf_protect(view):
    """Decorator: always check unsafe requests to this view, even without a credential cookie
    (a login form, against login CSRF)."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.csrf_protect = True
    return wrapped


def is_token_authenticated(request):
    """Does the request bring its credential in a header (which no other site can add)?"""
    authorization = request.headers.get("Authorization", "")
    api_key_header = request.app.settings.API_KEY_HEADER
    return authorization.startswith(TOKEN_HEADERS) or bool(request.headers.get(api_key_header))


def credential_cookies(request):
    """The names of the cookies this request carries that log somebody in."""
    settings = request.app.settings
    names = [settings.SESSION_COOKIE_NAME, settings.JWT_AUTH_COOKIE,
             settings.JWT_AUTH_REFRESH_COOKIE]
    return [name for name in names if name and name in request.COOKIES]


def same_origin(request, origin):
    """Is `origin` this site, or one listed in CSRF_TRUSTED_ORIGINS?"""
    ours = f"{request.scheme}://{request.get_host()}"
    trusted = [ours] + list(request.app.settings.CSRF_TRUSTED_ORIGINS)
    parts = urllib.parse.urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" in trusted


class CsrfViewMiddleware(Middleware):
    """Refuses unsafe requests that carry a credential cookie but not the CSRF token."""

    def process_request(self, request):
        # The token the browser holds (None if it has none yet), and a way for templates to
        # ask for the hidden field without making a token for pages that show no form.
        cookie = request.COOKIES.get(request.app.settings.CSRF_COOKIE_NAME)
        request.csrf_cookie = cookie if cookie and len(cookie) == TOKEN_LENGTH else None
        request.csrf_cookie_needs_update = False
        request.csrf_input = functools.partial(csrf_input, request)

    def process_view(self, request, view, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        if getattr(view, "csrf_exempt", False):
            events.record(request, "csrf", "exempt", reason="the view is marked @csrf_exempt")
            return None
        if is_token_authenticated(request):
            events.record(request, "csrf", "exempt",
                          reason="the credential is in a header, which other sites cannot add")
            return None
        cookies = credential_cookies(request)
        if not cookies and not getattr(view, "csrf_protect", False):
            events.record(request, "csrf", "exempt",
                          reason="no credential cookie: the request cannot act as anybody")
            return None
        problem = self.problem(request)
        if problem is not None:
            events.record(request, "csrf", "refused", reason=problem)
            return self.reject(request, problem)
        events.record(request, "csrf", "passed", reason="the submitted token matches the cookie")
        return None

    def problem(self, request):
        """What is wrong with this unsafe request, in words; None if nothing is."""
        origin = request.headers.get("Origin")
        if origin and origin != "null" and not same_origin(request, origin):
            return (f"Origin {origin} does not match {request.scheme}://{request.get_host()} "
                    "(a cross-site request)")
        settings = request.app.settings
        if request.csrf_cookie is None:
            return f"CSRF cookie not set (no valid {settings.CSRF_COOKIE_NAME!r} cookie came)"
        submitted = request.headers.get(settings.CSRF_HEADER_NAME) or request.POST.get(
            FORM_FIELD)
        if not submitted:
            return (f"CSRF token missing (send it in the {settings.CSRF_HEADER_NAME} header or "
                    f"the {FORM_FIELD} form field)")
        if not hmac.compare_digest(submitted.encode("utf-8"),
                                   request.csrf_cookie.encode("utf-8")):
            return "CSRF token incorrect (it is not the one in the cookie)"
        return None

    def reject(self, request, problem):
        # escape(): the problem may quote the request's own Origin header, chosen by whoever
        # sent it, and must not become HTML in our page.
        settings = request.app.settings
        return HttpResponseForbidden(
            f"<h1>403 Forbidden</h1>\n<p>CSRF verification failed: {html.escape(problem)}.</p>\n"
            "<p>A form that changes something must include {{ request.csrf_input }}; a script "
            f"must copy the {settings.CSRF_COOKIE_NAME} cookie into the "
            f"{settings.CSRF_HEADER_NAME} header.</p>")

    def process_response(self, request, response):
        if getattr(request, "csrf_cookie_needs_update", False):
            settings = request.app.settings
            # Not HttpOnly: the site's own scripts read it to fill in the header.
            response.set_cookie(settings.CSRF_COOKIE_NAME, request.csrf_cookie,
                                max_age=365 * 24 * 3600, secure=settings.CSRF_COOKIE_SECURE,
                                samesite=settings.CSRF_COOKIE_SAMESITE)
            request.csrf_cookie_needs_update = False
        return response
