"""Impersonation: a staff member sees the site as one user sees it, and everybody can tell.

Support asks "what does Bob see?" The tempting answers are bad ones: asking for Bob's password,
or logging in as Bob with a reset link. Impersonation is the honest version, with three rules:

1. Only staff may start it, only on a session (a person at a browser, not an API key), and
   never as another staff member: it must not be a way to gain powers.
2. It is logged. Each start and stop is a row in `ImpersonationLog` (who, as whom, when), and
   every request made meanwhile is an "auth" event saying "grace (staff) as bob".
3. It shows. Every HTML page gets a banner ("You are viewing the site as bob"), so the staff
   member cannot forget, and a screenshot cannot hide it.

How it works: `start(request, target)` puts the target's id in the staff member's own session.
`ImpersonationMiddleware`, placed after AuthenticationMiddleware, wraps the user lookup: when
the real user is staff and the session names a target, `request.user` is the target and
`request.impersonator` is the staff member (None otherwise). Views check permissions against
`request.user`, so they behave as they would for Bob; what they *record* about who did
something should use `request.impersonator or request.user`.

    MIDDLEWARE = [
        "glassbox.sessions.middleware.SessionMiddleware",
        "glassbox.auth.middleware.AuthenticationMiddleware",
        "glassbox.auth.impersonation.ImpersonationMiddleware",
    ]
"""

import html

from glassbox import clock
from glassbox.auth import events
from glassbox.auth.models import User
from glassbox.db.models import CASCADE, CharField, DateTimeField, ForeignKey, Model
from glassbox.middleware import Middleware

SESSION_KEY = "_impersonate_user_id"
LOG_ID_KEY = "_impersonate_log_id"
BANNER_ID = "glassbox-impersonation-banner"


class ImpersonationLog(Model):
    """One impersonation: who, as whom, from when to when (ended is None while it lasts)."""

    staff = ForeignKey(User, on_delete=CASCADE, related_name="impersonations")
    target = ForeignKey(User, on_delete=CASCADE, related_name="impersonated")
    started = DateTimeField(default=clock.utcnow_naive)
    ended = DateTimeField(null=True, blank=True)
    reason = CharField(max_length=200, blank=True, default="")

    class Meta:
        db_table = "auth_impersonation_log"

    def __str__(self):
        return f"{self.staff.username} as {self.target.username} from {self.started.isoformat()}"


class ImpersonationRefused(Exception):
    """Starting an impersonation was not allowed; the message says why."""


def start(request, target, reason=""):
    """Begin acting as `target` on this browser; returns the log row.

    Raises ImpersonationRefused unless the real user is active staff on a session, and the
    target is an active user who is not staff and not themselves.
    """
    staff = real_user(request)
    problem = None
    if not getattr(request, "session", None) or request.auth is not None:
        problem = "impersonation needs a browser session (not a token or API key)"
    elif not (staff.is_authenticated and staff.is_staff and staff.is_active):
        problem = "only staff members may impersonate"
    elif target.pk == staff.pk:
        problem = "you are already yourself"
    elif target.is_staff:
        problem = f"{target.username!r} is staff: impersonating staff would be a way to gain powers"
    elif not target.is_active:
        problem = f"{target.username!r} is not active"
    if problem:
        events.record(request, "impersonation", "refused", staff, problem)
        raise ImpersonationRefused(problem)
    log = ImpersonationLog.objects.create(staff=staff, target=target, reason=reason)
    request.session[SESSION_KEY] = target.pk
    request.session[LOG_ID_KEY] = log.pk
    request.user, request.impersonator = target, staff
    events.record(request, "impersonation", "login", staff,
                  f"{staff.username} (staff) now acts as {target.username}; logged as #{log.pk}")
    return log


def stop(request):
    """End the impersonation on this browser (the log row gets its end time); returns the row,
    or None if there was none."""
    session = request.session
    target_id = session.pop(SESSION_KEY, None)
    log_id = session.pop(LOG_ID_KEY, None)
    staff = getattr(request, "impersonator", None) or real_user(request)
    log = ImpersonationLog.objects.filter(pk=log_id).first() if log_id else None
    if log is not None:
        log.ended = clock.utcnow_naive()
        ImpersonationLog.objects.filter(pk=log.pk).update(ended=log.ended)
    if target_id is not None:
        request.user, request.impersonator = staff, None
        events.record(request, "impersonation", "logout", staff,
                      f"{staff.username} stopped acting as user id {target_id}")
    return log


def real_user(request):
    """Who is really at the keyboard: the impersonator if there is one, else request.user."""
    return getattr(request, "impersonator", None) or request.user


class ImpersonationMiddleware(Middleware):
    """Makes `request.user` the impersonated user for a staff session that started one, sets
    `request.impersonator`, and puts a banner on every HTML page meanwhile."""

    def process_request(self, request):
        request.impersonator = None
        loader = request.user_loader
        if loader is None or not hasattr(request, "session"):
            return None

        def load():
            user = loader()
            target_id = request.session.get(SESSION_KEY)
            if target_id is None:
                return user
            if request.auth is not None or not (user.is_authenticated and user.is_staff):
                # A token request, or the staff member lost staff status: no impersonation.
                events.record(request, "impersonation", "refused", user,
                              "the session names a user to impersonate, but the real user is "
                              "not staff on a session: ignored")
                return user
            target = User.objects.filter(pk=target_id, is_active=True, is_staff=False).first()
            if target is None:
                events.record(request, "impersonation", "refused", user,
                              f"user id {target_id} cannot be impersonated any more")
                return user
            request.impersonator = user
            events.record(request, "impersonation", "authenticated", target,
                          f"{user.username} (staff) acting as {target.username}")
            return target

        request.user_loader = load
        return None

    def process_response(self, request, response):
        staff = getattr(request, "impersonator", None)
        if staff is None or response.streaming \
                or not response.headers.get("Content-Type", "").startswith("text/html"):
            return response
        response.content = add_banner(response.content, staff, request.user)
        return response


def banner_html(staff, target):
    """The banner every page shows while `staff` acts as `target`."""
    return (f'<div id="{BANNER_ID}" role="alert">You are viewing the site as '
            f"<strong>{html.escape(target.username)}</strong>, signed in as "
            f"{html.escape(staff.username)} (staff). Everything you do is logged.</div>")


def add_banner(content, staff, target):
    """`content` (HTML bytes) with the banner right after <body>, or first if there is none."""
    banner = banner_html(staff, target).encode("utf-8")
    lowered = content.lower()
    start = lowered.find(b"<body")
    if start != -1:
        end = content.find(b">", start)
        if end != -1:
            return content[:end + 1] + banner + content[end + 1:]
    return banner + content
