"""Authentication classes: the ways a request can say who it is.

Each class looks for one kind of credential and answers one of three things:

    None                 "no credential of my kind here": the next class is asked
    (user, credential)   "this is `user`": the credential is the token or key that proved it
    AuthenticationFailed "a credential was sent, and it is bad": the search stops there

The last rule matters. A request with an expired Bearer token must not quietly fall back to
its session cookie: it is refused, and the 401 says why (the client then refreshes its token).

    JWTAuthentication       Authorization: Bearer <access token>  (or the JWT_AUTH_COOKIE)
    RevocableJWTAuthentication  the same, and the token's jti checked against the blacklist
    ApiKeyAuthentication    Authorization: Api-Key <key>, or X-API-Key: <key>
    SessionAuthentication   the sessionid cookie, through request.session

AUTHENTICATION_CLASSES lists them in the order `AuthenticationMiddleware` asks them (the
shape of Django REST framework's authentication classes), and `authenticate_request` records
every decision in the trace as an "auth" event.
"""

from glassbox import clock
from glassbox.auth import api_keys, events, token_blacklist
from glassbox.auth.login import get_user
from glassbox.auth.models import AnonymousUser, User
from glassbox.auth.tokens import AccessToken, TokenError


class AuthenticationFailed(Exception):
    """A credential was sent and refused; the message is the reason."""


class SessionAuthentication:
    """The session cookie: the user whose id `login()` put in the session."""

    mechanism = "session"

    def authenticate(self, request):
        session = getattr(request, "session", None)
        if session is None or request.app.settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        user, problem = get_user(request)
        if user is not None:
            return user, None
        if problem is None:
            return None  # a session without a login (a cart, say): anonymous, not refused
        raise AuthenticationFailed(problem)


class JWTAuthentication:
    """`Authorization: Bearer <access token>`, checked with the key alone (no session, no
    table): the signature, `exp`, the type "access", and then the user it names."""

    mechanism = "jwt"
    keyword = "Bearer"

    def authenticate(self, request):
        raw = self.get_raw_token(request)
        if raw is None:
            return None
        try:
            token = AccessToken(raw, request.app.settings)
        except TokenError as error:
            raise AuthenticationFailed(str(error)) from None
        user = User.objects.filter(pk=token.get("user_id")).first()
        if user is None:
            raise AuthenticationFailed(f"the token's user (id {token.get('user_id')}) does not "
                                       "exist")
        if not user.is_active:
            raise AuthenticationFailed(f"{user.username!r} is not active")
        return user, token

    def get_raw_token(self, request):
        """The token from the Authorization header, or from JWT_AUTH_COOKIE; None if absent."""
        header = request.headers.get("Authorization", "")
        if header.startswith(self.keyword + " "):
            return header[len(self.keyword) + 1:].strip()
        cookie = request.app.settings.JWT_AUTH_COOKIE
        if cookie and request.COOKIES.get(cookie):
            return request.COOKIES[cookie]
        return None


class RevocableJWTAuthentication(JWTAuthentication):
    """JWTAuthentication that also refuses access tokens on the blacklist: logging out works
    at once, instead of when the access token expires.

    That is a blacklist lookup on every request, by the token's `jti`: one SELECT, the very
    database trip tokens were meant to save. With JWT_BLACKLIST_CACHE set, the answer comes
    from that cache after the first request (`token_blacklist.is_blacklisted`), and blacklisting
    a token updates the cache too, so a revoked token is refused on its very next request.
    The trace shows which it was: the "auth" event's reason, and the "cache" and "sql" events.
    """

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is None:
            return None
        user, token = found
        cache = token_blacklist.blacklist_cache(request.app.settings)
        if token_blacklist.is_blacklisted(token["jti"], cache, token.get("exp")):
            raise AuthenticationFailed(f"the token is blacklisted (jti {token['jti']}), "
                                       "checked in " + ("the cache" if cache is not None
                                                        else "the table"))
        return user, token


class ApiKeyAuthentication:
    """`Authorization: Api-Key <key>` or `X-API-Key: <key>`: a hashed key in the table."""

    mechanism = "api_key"
    keyword = "Api-Key"

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith(self.keyword + " "):
            key = header[len(self.keyword) + 1:].strip()
        else:
            key = request.headers.get(request.app.settings.API_KEY_HEADER)
        if not key:
            return None
        row, problem = api_keys.check_key(key)
        if row is None:
            raise AuthenticationFailed(problem)
        user = row.user
        if not user.is_active:
            raise AuthenticationFailed(f"{user.username!r} is not active")
        row.last_used = clock.utcnow_naive()
        api_keys.APIKey.objects.filter(pk=row.pk).update(last_used=row.last_used)
        return user, row


def authenticate_request(request, authenticators):
    """Ask each authenticator in turn; return the user (or an AnonymousUser).

    Also sets `request.auth` (the token or key that proved it, else None) and
    `request.auth_error` (why a sent credential was refused, else None): `login_required`
    puts the latter into its 401.
    """
    request.auth = request.auth_error = None
    for authenticator in authenticators:
        try:
            found = authenticator.authenticate(request)
        except AuthenticationFailed as failure:
            request.auth_error = str(failure)
            events.record(request, authenticator.mechanism, "refused", reason=str(failure))
            return AnonymousUser()
        if found is not None:
            user, request.auth = found
            events.record(request, authenticator.mechanism, "authenticated", user,
                          describe(authenticator.mechanism, request.auth))
            return user
    tried = ", ".join(authenticator.mechanism for authenticator in authenticators)
    events.record(request, None, "anonymous",
                  reason=f"no credential was sent (looked for: {tried})")
    return AnonymousUser()


def describe(mechanism, credential):
    """A line for the trace about the credential that worked."""
    if mechanism == "jwt":
        return f"access token jti {credential['jti']}, valid until {credential.expires_at}"
    if mechanism == "api_key":
        return f"API key {credential.prefix}…"
    return "the session's user"
