import hmac

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def csrf_problem(request):
    """None if this request may go on to the view; else why not, in words."""
    if request.method in SAFE_METHODS:
        return None
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return None  # no browser sends this header by itself: nothing to forge
    origin = request.headers.get("Origin")
    if origin and origin != f"{request.scheme}://{request.get_host()}":
        return f"Origin {origin} is not this site"
    return None
