"""Settings: the knobs of an application, in one object.

Django reads settings from a global module; glassbox keeps them on the application, so two
apps in one lesson can differ. Give them as a dict (or any object with UPPER_CASE attributes),
and every setting not given takes its default from `DEFAULTS` below:

    >>> settings = Settings({"DEBUG": True})
    >>> settings.DEBUG, settings.APPEND_SLASH
    (True, True)

A misspelt name is an error that suggests the right one, rather than a silent default.
"""

import difflib

DEFAULTS = {
    # Show detailed error pages (tracebacks, the URL patterns tried). Never on a real site.
    "DEBUG": False,
    # Redirect /polls to /polls/ when only the latter matches (CommonMiddleware).
    "APPEND_SLASH": True,
    # Middleware, outermost first: dotted paths ("glassbox.middleware.SecurityMiddleware")
    # or the factories themselves.
    "MIDDLEWARE": [],
    # Templates as a dict of name -> source (there are no files in the browser).
    "TEMPLATES": {},
    # Escape {{ values }} in templates unless marked safe.
    "AUTOESCAPE": True,
    # Used to sign things (JWTs, session auth hashes, signed values). Keep it secret on a
    # real site.
    "SECRET_KEY": "glassbox-insecure-key-for-lessons-only",
    # SecurityMiddleware's headers; None leaves a header out.
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "X_FRAME_OPTIONS": "DENY",
    "SECURE_REFERRER_POLICY": "same-origin",
    # RequestIdMiddleware reads and writes this header.
    "REQUEST_ID_HEADER": "X-Request-ID",
    # -- sessions (glassbox.sessions) -----------------------------------------------------------
    # The cookie that carries the session key.
    "SESSION_COOKIE_NAME": "sessionid",
    # How long a session lives, in seconds (two weeks), counted from its last save.
    "SESSION_COOKIE_AGE": 14 * 24 * 3600,
    # HttpOnly: page scripts cannot read the cookie, so an XSS bug cannot steal the session.
    "SESSION_COOKIE_HTTPONLY": True,
    # Lax: the browser leaves the cookie off cross-site POSTs (a first defence against CSRF).
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Secure: only sent over HTTPS. Turn it on for any real site served over HTTPS.
    "SESSION_COOKIE_SECURE": False,
    # -- logging in (glassbox.auth) -------------------------------------------------------------
    # Where login_required sends a browser that is not logged in (with ?next=the page).
    "LOGIN_URL": "/accounts/login/",
    # Where the login view goes after a successful login when there is no ?next=.
    "LOGIN_REDIRECT_URL": "/",
    # How AuthenticationMiddleware finds request.user, tried in this order (dotted paths or
    # classes). A credential that is sent but bad stops the search: it is never skipped over.
    "AUTHENTICATION_CLASSES": [
        "glassbox.auth.authentication.JWTAuthentication",
        "glassbox.auth.authentication.ApiKeyAuthentication",
        "glassbox.auth.authentication.SessionAuthentication",
    ],
    # -- CSRF (glassbox.auth.csrf) --------------------------------------------------------------
    # The cookie holding the CSRF token (readable by page scripts, which copy it into a header).
    "CSRF_COOKIE_NAME": "csrftoken",
    # The request header a script sends the token in (a form uses the field csrfmiddlewaretoken).
    "CSRF_HEADER_NAME": "X-CSRFToken",
    "CSRF_COOKIE_SECURE": False,
    "CSRF_COOKIE_SAMESITE": "Lax",
    # Other origins allowed to POST here, e.g. ["https://admin.example.com"].
    "CSRF_TRUSTED_ORIGINS": [],
    # -- JSON Web Tokens (glassbox.auth.tokens), named after simplejwt's settings -------------
    # Access tokens are short-lived: they cannot be revoked, so a stolen one works until then.
    "JWT_ACCESS_TOKEN_LIFETIME": 5 * 60,
    # Refresh tokens live longer, are only sent to the refresh view, and can be blacklisted.
    "JWT_REFRESH_TOKEN_LIFETIME": 24 * 3600,
    # Each refresh also hands out a new refresh token...
    "JWT_ROTATE_REFRESH_TOKENS": False,
    # ...and, with rotation, blacklists the old one so it cannot be used twice.
    "JWT_BLACKLIST_AFTER_ROTATION": True,
    "JWT_ALGORITHM": "HS256",
    # The HMAC key; None means SECRET_KEY.
    "JWT_SIGNING_KEY": None,
    # The aud and iss claims written into tokens and required of them (None: not used).
    "JWT_AUDIENCE": None,
    "JWT_ISSUER": None,
    # Seconds of tolerance for clocks that disagree, on exp and nbf.
    "JWT_LEEWAY": 0,
    # Deliver tokens in HttpOnly cookies of these names instead of the JSON body (None: body).
    # Cookie-carried tokens are sent by the browser on its own, so CSRF protection applies.
    "JWT_AUTH_COOKIE": None,
    "JWT_AUTH_REFRESH_COOKIE": None,
    # The cache (an alias of CACHES) that remembers blacklist answers, so checking a token
    # costs no query once its answer is known; None: ask the table every time.
    "JWT_BLACKLIST_CACHE": None,
    # -- API keys (glassbox.auth.api_keys) -----------------------------------------------------
    # The header a program may send its key in (or `Authorization: Api-Key <key>`).
    "API_KEY_HEADER": "X-API-Key",
    # The caches, by name (glassbox.cache): BACKEND, and optionally LOCATION, TIMEOUT (seconds;
    # None = forever), KEY_PREFIX, VERSION, OPTIONS (MAX_ENTRIES, CULL_FREQUENCY).
    "CACHES": {"default": {"BACKEND": "glassbox.cache.backends.locmem.LocMemCache"}},
    # The site cache (glassbox.cache.middleware): which cache, for how long, with what prefix.
    "CACHE_MIDDLEWARE_ALIAS": "default",
    "CACHE_MIDDLEWARE_SECONDS": 600,
    "CACHE_MIDDLEWARE_KEY_PREFIX": "",
    # Static files as a dict of name -> content (there are no files in the browser), served
    # under STATIC_URL with fingerprinted names (glassbox.cache.static).
    "STATIC_URL": "/static/",
    "STATIC_FILES": {},
}


class Settings:
    """The settings of one application: DEFAULTS, overridden by what you give."""

    def __init__(self, values=None, **overrides):
        merged = dict(DEFAULTS)
        if values is not None and not isinstance(values, dict):
            values = {name: getattr(values, name) for name in dir(values) if name.isupper()}
        for name, value in {**(values or {}), **overrides}.items():
            if not name.isupper():
                raise ValueError(f"The setting {name!r} should be written in UPPER_CASE, like "
                                 f"{name.upper()!r}: settings are constants.")
            merged[name] = value
        self.__dict__.update(merged)

    def __getattr__(self, name):
        # Only called when the attribute is missing, so: an unknown setting.
        close = difflib.get_close_matches(name, list(self.__dict__), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise AttributeError(f"There is no setting {name!r}.{hint} Known settings: "
                             f"{', '.join(sorted(self.__dict__))}.")

    def as_dict(self):
        return dict(self.__dict__)

    def __repr__(self):
        return f"<Settings DEBUG={self.DEBUG!r}, {len(self.__dict__)} settings>"
