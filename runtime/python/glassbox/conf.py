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
    # Used to sign things (sessions, in a later part). Keep it secret on a real site.
    "SECRET_KEY": "glassbox-insecure-key-for-lessons-only",
    # SecurityMiddleware's headers; None leaves a header out.
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "X_FRAME_OPTIONS": "DENY",
    "SECURE_REFERRER_POLICY": "same-origin",
    # RequestIdMiddleware reads and writes this header.
    "REQUEST_ID_HEADER": "X-Request-ID",
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
