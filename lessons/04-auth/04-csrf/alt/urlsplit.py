import hmac
import urllib.parse

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def csrf_problem(request):
    """None if this request may go on to the view; else why not, in words."""
    if request.method in SAFE_METHODS:
        return None
    scheme, _, _ = request.headers.get("Authorization", "").partition(" ")
    if scheme == "Bearer":
        return None
    problems = []
    origin = request.headers.get("Origin")
    if origin is not None:
        parts = urllib.parse.urlsplit(origin)
        if (parts.scheme, parts.netloc) != (request.scheme, request.get_host()):
            problems.append(f"cross-site Origin {origin}")
    cookie = request.COOKIES.get("csrftoken", "")
    sent = request.headers.get("X-CSRFToken") or request.POST.get("csrfmiddlewaretoken", "")
    if not (cookie and sent and hmac.compare_digest(cookie, sent)):
        problems.append("no CSRF token matching the cookie")
    return "; ".join(problems) or None
