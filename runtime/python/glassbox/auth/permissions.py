"""Permissions: after "who is asking?" comes "may they do this?", asked in two places.

Authentication (`glassbox.auth.authentication`) finds out who the request is from. A
permission then decides what they may do, at two levels, as in Django REST framework:

    has_permission(request, view)               may this user use this view at all?
    has_object_permission(request, view, obj)   may this user do this to *this* object?

The second is the one that is easy to forget. A view that checks "logged in" and then loads
`Poll.objects.get(pk=poll_id)` lets any user edit any poll by changing the number in the URL
(an *insecure direct object reference*). Only the object knows its owner, so the check has to
run after the object is loaded: `check_permissions(request, permissions, obj=poll)`.

The answer to a refusal depends on who was refused, and the two are often mixed up:

    401 Unauthorized   nobody (or a bad credential) is asking: "authenticate, then try again";
                       the response carries a WWW-Authenticate challenge saying how
    403 Forbidden      a known user is asking, and the answer is no: asking again as the same
                       user will not help

    class IsOwner(BasePermission):
        message = "Only the poll's owner may change it."

        def has_object_permission(self, request, view, obj):
            return obj.owner_id == request.user.pk

    def edit_poll(request, poll_id):
        poll = Poll.objects.get(pk=poll_id)
        refusal = check_permissions(request, [IsAuthenticated, IsOwner], obj=poll)
        if refusal is not None:
            return refusal          # 401 or 403, with the reason
        ...

Every decision is an "auth" event in the trace, with mechanism "permission": which class said
yes or no, and why.
"""

import functools

from glassbox.auth import events

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BasePermission:
    """Allows everything; subclasses override one or both questions and say why in `message`."""

    message = "You do not have permission to do this."

    def has_permission(self, request, view):
        return True

    def has_object_permission(self, request, view, obj):
        return True


class AllowAny(BasePermission):
    """Anybody, logged in or not."""


class IsAuthenticated(BasePermission):
    """Only users who authenticated somehow (session, token or API key)."""

    message = "Authentication credentials were not provided."

    def has_permission(self, request, view):
        return request.user.is_authenticated


class IsStaff(BasePermission):
    """Only staff members."""

    message = "Only staff members may do this."

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.is_staff


class ReadOnly(BasePermission):
    """Only safe methods (GET, HEAD, OPTIONS), for anybody."""

    message = "This is read-only."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


def instances(permissions):
    """Permission classes or instances, as instances."""
    return [permission() if isinstance(permission, type) else permission
            for permission in permissions]


def check_permissions(request, permissions, obj=None, view=None):
    """None if every permission allows the request (and `obj`, when given); else the refusal:
    401 when nobody is authenticated, 403 when a known user is refused.

    Permissions are asked in order and the first "no" decides; with `obj`, each is asked both
    questions. The refusal is recorded in the trace ("auth" event, mechanism "permission").
    """
    for permission in instances(permissions):
        allowed = permission.has_permission(request, view)
        level = "view"
        if allowed and obj is not None:
            allowed = permission.has_object_permission(request, view, obj)
            level = f"object {obj!r}"
        if not allowed:
            return refuse(request, permission, level)
    names = ", ".join(type(permission).__name__ for permission in instances(permissions))
    events.record(request, "permission", "passed", request.user,
                  f"allowed by {names or 'no permission classes'}"
                  + (f" on {obj!r}" if obj is not None else ""))
    return None


def refuse(request, permission, level):
    """The 401 or 403 for a refusal by `permission`, recorded in the trace."""
    from glassbox.auth.decorators import forbidden, unauthorized

    name = type(permission).__name__
    if not request.user.is_authenticated:
        events.record(request, "permission", "refused", None,
                      f"{name} refused an anonymous request ({level}): 401")
        return unauthorized(request)
    events.record(request, "permission", "refused", request.user,
                  f"{name} refused {request.user.username!r} ({level}): 403")
    return forbidden(permission.message, api=True)


def permission_classes(*permissions):
    """Decorator: check the view-level permissions before the view runs.

        @permission_classes(IsAuthenticated)
        def api_me(request): ...

    Object-level checks need the object, so the view calls `check_permissions(..., obj=...)`
    itself once it has loaded it.
    """
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            refusal = check_permissions(request, permissions, view=view)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
