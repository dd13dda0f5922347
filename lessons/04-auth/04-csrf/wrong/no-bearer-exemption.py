import hmac

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def csrf_problem(request):
    """None if this request may go on to the view; else why not, in words."""
    if request.method in SAFE_METHODS:
        return None
    origin = request.headers.get("Origin")
    if origin and origin != f"{request.scheme}://{request.get_host()}":
        return f"Origin {origin} is not this site"
    cookie = request.COOKIES.get("csrftoken")
    sent = request.POST.get("csrfmiddlewaretoken") or request.headers.get("X-CSRFToken")
    if not cookie or not sent:
        return "CSRF token missing"
    if not hmac.compare_digest(cookie.encode(), sent.encode()):
        return "CSRF token incorrect"
    return None
