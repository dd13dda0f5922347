"""Every authentication decision goes into the request's trace, as an event of type "auth".

One event per decision, with the same four fields, so the inspector can show a request's
whole story ("a Bearer token was sent; it expired at 10:05; so: anonymous, 401"):

    mechanism  how:  "password", "session", "jwt", "api_key" or "csrf"; "permission" (may
                     this user do this?) or "impersonation" (staff acting as another user);
                     None when no credential of any kind was sent
    outcome    what: "authenticated", "anonymous", "refused", "login", "logout",
                     "passed" (a check that logs nobody in: CSRF, a token verified) or
                     "exempt" (a CSRF check not needed, and why)
    user       the username concerned, or None
    reason     why, in words: "bad signature", "expired at 2026-05-01T10:05:00Z", ...

    >>> from glassbox.http import HttpRequest
    >>> request = HttpRequest("GET", "/")
    >>> event = record(request, "jwt", "refused", reason="bad signature")
    >>> event["type"], event["outcome"], event["reason"]
    ('auth', 'refused', 'bad signature')
"""

MECHANISMS = ("password", "session", "jwt", "api_key", "csrf", "permission",
              "impersonation")
OUTCOMES = ("authenticated", "anonymous", "refused", "login", "logout", "passed", "exempt")


def record(request, mechanism, outcome, user=None, reason=None):
    """Write one "auth" event into `request.trace` and return it."""
    if (mechanism is not None and mechanism not in MECHANISMS) or outcome not in OUTCOMES:
        raise ValueError(f"An auth event is one of {MECHANISMS} and one of {OUTCOMES}; got "
                         f"{mechanism!r} and {outcome!r}.")
    username = getattr(user, "username", user) or None
    return request.trace.record("auth", mechanism=mechanism, outcome=outcome, user=username,
                                reason=reason)
