"""Access and refresh tokens, shaped like djangorestframework-simplejwt's.

Token login hands a program two JWTs (`glassbox.auth.jwt`) instead of a session cookie:

    access   short-lived (JWT_ACCESS_TOKEN_LIFETIME, 5 minutes): sent on every API request as
             `Authorization: Bearer <access>`, checked with the key alone, no database;
    refresh  long-lived (JWT_REFRESH_TOKEN_LIFETIME, a day): sent only to the refresh view,
             to get a new access token when the old one expires.

Why two? A token cannot be taken back, so the one sent everywhere should expire soon; but
asking for the password every five minutes would be unbearable. The refresh token, used
rarely and to one address, is the one the server checks against its blacklist
(`glassbox.auth.token_blacklist`) and can revoke. With JWT_ROTATE_REFRESH_TOKENS each refresh
also hands out a new refresh token and blacklists the old one, so a stolen refresh token is
good for one use at most, and its reuse shows.

    refresh = RefreshToken.for_user(user, settings)
    str(refresh)                 # the JWT text
    str(refresh.access_token)    # an access token for the same user
    AccessToken(text, settings)  # checks it: signature, expiry, type; TokenError says why not

Each token's payload holds `token_type` ("access" or "refresh"), `exp`, `iat`, `jti` (a random
id) and `user_id`, plus `aud` and `iss` when JWT_AUDIENCE and JWT_ISSUER are set.
"""

import datetime
import secrets

from glassbox import clock
from glassbox.auth import jwt, token_blacklist

USER_ID_CLAIM = "user_id"


class TokenError(Exception):
    """The token cannot be used; the message says why ("the token expired at ...")."""


def seconds(lifetime):
    """A lifetime setting (seconds, or a timedelta) as seconds."""
    if isinstance(lifetime, datetime.timedelta):
        return int(lifetime.total_seconds())
    return int(lifetime)


def iso(timestamp):
    """Seconds since 1970 as readable UTC: 2026-05-01T10:05:00Z."""
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def signing_key(settings):
    return settings.JWT_SIGNING_KEY or settings.SECRET_KEY


def explain(error, token):
    """A jwt error as a reason a person can act on (the claims are read, not trusted, to say
    *when* a token expired)."""
    try:
        claims = jwt.split_token(token)[1]
    except jwt.DecodeError:
        claims = {}
    if isinstance(error, jwt.ExpiredSignatureError):
        return f"the token expired at {iso(claims['exp'])}"
    if isinstance(error, jwt.ImmatureSignatureError):
        if "nbf" in claims:
            return f"the token is not valid before {iso(claims['nbf'])} (nbf)"
        return "the token claims to be issued in the future (iat)"
    if isinstance(error, jwt.InvalidSignatureError):
        return "bad signature: the token was changed, or signed with another key"
    if isinstance(error, jwt.InvalidAudienceError):
        return f"wrong audience: {error}"
    if isinstance(error, jwt.InvalidIssuerError):
        return f"wrong issuer: {error}"
    if isinstance(error, jwt.MissingRequiredClaimError):
        return f"the token has no {error.claim!r} claim"
    return str(error)


class Token:
    """A JWT of one type; subclasses say which type and which lifetime setting."""

    token_type = None
    lifetime_setting = None

    def __init__(self, token=None, settings=None, verify=True):
        if settings is None:
            raise TypeError(f"{type(self).__name__} needs the application's settings "
                            "(request.app.settings): they hold the key and the lifetimes.")
        self.settings = settings
        self.token = token
        if token is None:  # a new token
            now = int(clock.time())
            self.payload = {"token_type": self.token_type,
                            "exp": now + seconds(getattr(settings, self.lifetime_setting)),
                            "iat": now, "jti": secrets.token_hex(16)}
            if settings.JWT_AUDIENCE:
                self.payload["aud"] = settings.JWT_AUDIENCE
            if settings.JWT_ISSUER:
                self.payload["iss"] = settings.JWT_ISSUER
        else:
            self.payload = self.decode(token) if verify else jwt.split_token(token)[1]
            if verify:
                self.verify_type()

    def decode(self, token):
        """Check the token as jwt.decode does; a failure becomes a TokenError with a reason."""
        settings = self.settings
        try:
            return jwt.decode(token, signing_key(settings), algorithms=[settings.JWT_ALGORITHM],
                              audience=settings.JWT_AUDIENCE, issuer=settings.JWT_ISSUER,
                              leeway=settings.JWT_LEEWAY,
                              options={"require": ["exp", "jti", "token_type"]})
        except jwt.InvalidTokenError as error:
            raise TokenError(explain(error, token)) from error
        except jwt.InvalidKeyError as error:
            raise TokenError(f"the server's key cannot check tokens: {error}") from error

    def verify_type(self):
        kind = self.payload.get("token_type")
        if kind != self.token_type:
            raise TokenError(f"wrong token type: {self.token_type!r} expected, got {kind!r}")

    @classmethod
    def for_user(cls, user, settings):
        """A new token of this type for `user`."""
        token = cls(settings=settings)
        token[USER_ID_CLAIM] = user.pk
        return token

    # -- the payload, like a dict -------------------------------------------------------------

    def __getitem__(self, claim):
        return self.payload[claim]

    def __setitem__(self, claim, value):
        self.payload[claim] = value

    def __contains__(self, claim):
        return claim in self.payload

    def get(self, claim, default=None):
        return self.payload.get(claim, default)

    def blacklist(self):
        """Refuse this token from now on (until it would have expired anyway); the blacklist's
        cache, if JWT_BLACKLIST_CACHE names one, learns it at once.

        Refresh tokens are checked against the blacklist wherever they are used. An access token
        is only refused by `RevocableJWTAuthentication`, which checks every request."""
        token_blacklist.blacklist(self.payload["jti"], self.payload["exp"],
                                  self.payload.get(USER_ID_CLAIM),
                                  cache=token_blacklist.blacklist_cache(self.settings))

    @property
    def expires_at(self):
        """When the token stops working, as readable UTC."""
        return iso(self.payload["exp"])

    def __str__(self):
        """The signed JWT text (signed again from the payload, so changes show)."""
        return jwt.encode(self.payload, signing_key(self.settings),
                          algorithm=self.settings.JWT_ALGORITHM)

    def __repr__(self):
        return (f"<{type(self).__name__} jti={self.payload.get('jti')!r} "
                f"user_id={self.payload.get(USER_ID_CLAIM)!r} expires {self.expires_at}>")


class AccessToken(Token):
    token_type = "access"
    lifetime_setting = "JWT_ACCESS_TOKEN_LIFETIME"


class RefreshToken(Token):
    token_type = "refresh"
    lifetime_setting = "JWT_REFRESH_TOKEN_LIFETIME"

    # Claims of the refresh token that its access tokens must not copy.
    no_copy_claims = ("token_type", "exp", "iat", "jti")

    def verify_type(self):
        super().verify_type()
        self.check_blacklist()

    def check_blacklist(self):
        cache = token_blacklist.blacklist_cache(self.settings)
        if token_blacklist.is_blacklisted(self.payload["jti"], cache, self.payload.get("exp")):
            raise TokenError(f"the token is blacklisted (jti {self.payload['jti']})")


    @property
    def access_token(self):
        """A new access token carrying this refresh token's other claims (user_id, ...)."""
        access = AccessToken(settings=self.settings)
        for claim, value in self.payload.items():
            if claim not in self.no_copy_claims:
                access[claim] = value
        return access

    def rotated(self):
        """A new refresh token for the same user: a new jti and a full lifetime."""
        fresh = RefreshToken(settings=self.settings)
        for claim, value in self.payload.items():
            if claim not in self.no_copy_claims:
                fresh[claim] = value
        return fresh


class UntypedToken(Token):
    """Any token this server signed, access or refresh (the verify view takes either). A
    refresh token is still checked against the blacklist."""

    def verify_type(self):
        if self.payload.get("token_type") == RefreshToken.token_type:
            RefreshToken.check_blacklist(self)
