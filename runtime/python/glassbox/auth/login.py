"""Logging in and out with a session: `authenticate`, `login`, `logout`.

A login view does three things, in this order:

    user = authenticate(request, username=..., password=...)   # who is it? (or None)
    if user is not None:
        login(request, user)                                    # remember them in the session

and later `logout(request)`. The session (`request.session`, see `glassbox.sessions`) keeps
two values for a logged-in browser:

    _auth_user_id     the user's primary key, as text
    _auth_user_hash   `user.get_session_auth_hash()`: when the password changes, it no longer
                      matches, and the session stops counting

Two details are about attacks:

- `login` gives the session a new key (`cycle_key`). An attacker who managed to plant a known
  session key in your browser before you logged in (session fixation) is left holding a key
  that no longer works.
- `logout` deletes the session row (`flush`), not just the cookie. A copy of the cookie kept
  by a thief, or a shared computer's history, then finds nothing.
- a password change ends every other session of the user (their stored hash no longer
  matches); `update_session_auth_hash` keeps the one that made the change, under a new key.

Each decision is written into the request's trace as an "auth" event (`glassbox.auth.events`).
"""

import hmac

from glassbox import clock
from glassbox.auth import events, hashers
from glassbox.auth.models import AnonymousUser, User

SESSION_KEY = "_auth_user_id"
HASH_SESSION_KEY = "_auth_user_hash"


def authenticate(request, username=None, password=None):
    """The active user with this username and password, or None.

    When the username does not exist, a password is hashed anyway (and thrown away), so a
    wrong username takes as long as a wrong password: the time of the answer must not tell an
    attacker which usernames exist.
    """
    user = User.objects.filter(username=username).first() if username else None
    if user is None:
        hashers.make_password(password or "")  # the same work as a real check
        events.record(request, "password", "refused", reason=f"no user is named {username!r}")
        return None
    if not user.check_password(password):
        events.record(request, "password", "refused", user, "wrong password")
        return None
    if not user.is_active:
        events.record(request, "password", "refused", user, "the account is not active")
        return None
    events.record(request, "password", "authenticated", user, "username and password match")
    return user


def login(request, user):
    """Log `user` in on this browser: a new session key, the user's id in the session.

    If the session belonged to somebody else, it is emptied first (their cart is not yours).
    """
    session = session_of(request)
    if session.get(SESSION_KEY) not in (None, str(user.pk)):
        session.flush()
    session.cycle_key()  # against session fixation: the key from before login stops working
    session[SESSION_KEY] = str(user.pk)
    session[HASH_SESSION_KEY] = user.get_session_auth_hash(request.app.settings.SECRET_KEY)
    user.last_login = clock.utcnow_naive()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)
    request.user = user
    rotate_csrf_token(request)
    events.record(request, "session", "login", user,
                  f"new session key {session.session_key[:8]}…")


def logout(request):
    """Log out: delete the session (its row too), and make the user anonymous."""
    session = session_of(request)
    user = request._user  # who it was, without looking them up just to say goodbye
    session.flush()
    request.user = AnonymousUser()
    events.record(request, "session", "logout", user, "the session row was deleted")


def update_session_auth_hash(request, user):
    """After `user` changed their password: keep *this* session logged in, and only this one.

    Changing the password changes `user.get_session_auth_hash()`, so every session that stored
    the old hash stops counting (`get_user` flushes it): the thief's stolen cookie, the laptop
    left at the library. The session of the request that made the change would be thrown out
    too, so this stores the new hash in it, and gives it a new key: a copy of *this* session's
    cookie, taken before the change, must not come back to life with the new hash.

    Call it after `user.set_password(...)` and `user.save()`, as in Django.
    """
    session = session_of(request)
    session.cycle_key()
    if session.get(SESSION_KEY) == str(user.pk):  # the session is this user's own
        session[HASH_SESSION_KEY] = user.get_session_auth_hash(request.app.settings.SECRET_KEY)
        request.user = user
    events.record(request, "session", "login", user,
                  f"password changed: this session stays, with a new key "
                  f"{session.session_key[:8]}…; the user's other sessions no longer count")


def get_user(request):
    """The user the session points at, or None; the second value says why not.

    Used by `SessionAuthentication`: (user, None) or (None, reason).
    """
    session = session_of(request)
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return None, session.load_problem
    user = User.objects.filter(pk=int(user_id)).first()
    if user is None:
        return None, f"the session's user (id {user_id}) no longer exists"
    if not user.is_active:
        return None, f"{user.username!r} is not active"
    expected = user.get_session_auth_hash(request.app.settings.SECRET_KEY)
    if not hmac.compare_digest(str(session.get(HASH_SESSION_KEY, "")), expected):
        session.flush()
        return None, "the password changed since this session logged in"
    return user, None


def session_of(request):
    session = getattr(request, "session", None)
    if session is None:
        raise RuntimeError("Logging in needs request.session: add "
                           "'glassbox.sessions.middleware.SessionMiddleware' to MIDDLEWARE.")
    return session


def rotate_csrf_token(request):
    """A new CSRF token at login, as Django does: a token seen before login is useless after.
    (Only when CsrfViewMiddleware runs, which is what sends the new cookie.)"""
    from glassbox.auth import csrf

    if hasattr(request, "csrf_cookie"):
        csrf.rotate_token(request)


def session_for(user, settings):
    """Make a logged-in session for `user` straight in the database; return its key.

    What the test client's `force_login()` uses to skip the login form (no request needed).
    """
    from glassbox.sessions.backends import SessionStore

    session = SessionStore(age=settings.SESSION_COOKIE_AGE)
    session[SESSION_KEY] = str(user.pk)
    session[HASH_SESSION_KEY] = user.get_session_auth_hash(settings.SECRET_KEY)
    session.save()
    return session.session_key
