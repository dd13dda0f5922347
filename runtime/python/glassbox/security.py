"""Security headers: instructions a response gives the browser about how careful to be.

A browser does a lot on a page's behalf: it runs the scripts the page contains, guesses what a
file is, tells the next site where the visitor came from, and talks plain HTTP when a link says
so. A handful of response headers narrow that down. They cost nothing, and each one closes a
door an attacker would otherwise use:

    Strict-Transport-Security: max-age=31536000; includeSubDomains
        "For a year, reach this site over HTTPS only": the browser rewrites http:// links and
        refuses to click through certificate warnings (HSTS, RFC 6797). Sent only on HTTPS
        responses: over plain HTTP an attacker could forge or strip it, so browsers ignore it
        there, and the RFC tells servers not to send it.
    Content-Security-Policy: default-src 'self'; img-src 'self' data:
        Where scripts, styles, images, frames may come from. An injected <script> from
        elsewhere, or inline, does not run: the second line of defence against XSS, after
        escaping.
    X-Content-Type-Options: nosniff
        Trust Content-Type, do not guess: an uploaded "image" that looks like a script is not
        run as one.
    Referrer-Policy: same-origin
        Send the Referer header to this site only, so other sites do not learn which page
        (and which query string) linked to them.

`SecurityHeadersMiddleware` adds them from settings, leaves alone any header a view set itself,
and records what it did in the trace (a "security_headers" event: `added`, the headers it
wrote; `skipped`, why it left others out), so a check can ask "was HSTS sent, and if not, why?".

    app = Glassbox(urls=..., middleware=["glassbox.security.SecurityHeadersMiddleware"],
                   SECURE_HSTS_SECONDS=31536000,
                   SECURE_CSP={"default-src": ["'self'"], "img-src": ["'self'", "data:"]})

`glassbox.middleware.SecurityMiddleware` is the older, smaller one (nosniff, X-Frame-Options,
Referrer-Policy); this one adds HSTS and CSP.
"""

from glassbox.middleware import Middleware


def build_csp(policy):
    """The Content-Security-Policy header for a dict of directive -> sources.

    >>> build_csp({"default-src": ["'self'"], "img-src": ["'self'", "data:"]})
    "default-src 'self'; img-src 'self' data:"
    >>> build_csp({"upgrade-insecure-requests": True})
    'upgrade-insecure-requests'

    A directive with `True` (or an empty list) is written alone; `None` or `False` leaves it
    out. Sources are written as given: keywords keep their quotes ('self', 'none').
    """
    parts = []
    for directive, sources in policy.items():
        if sources is None or sources is False:
            continue
        if sources is True or not sources:
            parts.append(directive)
        elif isinstance(sources, str):
            parts.append(f"{directive} {sources}")
        else:
            parts.append(f"{directive} {' '.join(sources)}")
    return "; ".join(parts)


def hsts_value(settings):
    """The Strict-Transport-Security value the settings ask for, or None (seconds = 0)."""
    seconds = getattr(settings, "SECURE_HSTS_SECONDS", 0)
    if not seconds:
        return None
    value = f"max-age={int(seconds)}"
    if getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False):
        value += "; includeSubDomains"
    if getattr(settings, "SECURE_HSTS_PRELOAD", False):
        value += "; preload"
    return value


class SecurityHeadersMiddleware(Middleware):
    """Adds HSTS (on HTTPS only), Content-Security-Policy, X-Content-Type-Options and
    Referrer-Policy, from the settings; a header the view set itself is kept as it is."""

    def process_response(self, request, response):
        settings = request.app.settings
        wanted = {}
        skipped = {}
        hsts = hsts_value(settings)
        if hsts is None:
            skipped["Strict-Transport-Security"] = "SECURE_HSTS_SECONDS is 0"
        elif not request.is_secure():
            skipped["Strict-Transport-Security"] = ("the request came over plain HTTP, where "
                                                    "the header would be ignored (RFC 6797 §8.1)")
        else:
            wanted["Strict-Transport-Security"] = hsts
        policy = getattr(settings, "SECURE_CSP", None)
        if policy:
            wanted["Content-Security-Policy"] = build_csp(policy)
        else:
            skipped["Content-Security-Policy"] = "SECURE_CSP is not set"
        if getattr(settings, "SECURE_CONTENT_TYPE_NOSNIFF", True):
            wanted["X-Content-Type-Options"] = "nosniff"
        referrer = getattr(settings, "SECURE_REFERRER_POLICY", None)
        if referrer:
            wanted["Referrer-Policy"] = referrer
        added = []
        for name, value in wanted.items():
            if name in response.headers:
                skipped[name] = "the view set it already"
            else:
                response[name] = value
                added.append(name)
        request.trace.record("security_headers", added=added, skipped=skipped)
        return response
