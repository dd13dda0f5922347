"""A middleware of the polls site, written in Django's factory style.

It counts the requests this application has handled and says so in a header. The count lives
in the closure made once, when the application builds its middleware onion.
"""


def request_counter(get_response):
    """Adds `X-Request-Count: n` to every response."""
    handled = 0

    def middleware(request):
        nonlocal handled
        handled += 1
        response = get_response(request)
        response["X-Request-Count"] = str(handled)
        return response

    return middleware
