"""Exceptions that more than one part of glassbox raises.

`ImproperlyConfigured` means the program itself is wrong (a URL pattern with a typo, a
middleware that forgets to return): the fix is in the code, not in the request. The
exceptions about a request live next to it, in `glassbox.http` (`Http404`).
"""


class ImproperlyConfigured(Exception):
    """The project is set up wrongly; the message says where and how to fix it.

    >>> raise ImproperlyConfigured("MIDDLEWARE must be a list")
    Traceback (most recent call last):
      ...
    glassbox.exceptions.ImproperlyConfigured: MIDDLEWARE must be a list
    """


class PermissionDenied(Exception):
    """Raise in a view to answer 403 Forbidden."""


class BadRequest(Exception):
    """Raise in a view (or the framework raises it) to answer 400 Bad Request."""
