"""The headers through which a response tells caches what they may do with it (RFC 9111).

- `Cache-Control` is a list of directives: `max-age=60` (fresh for a minute), `s-maxage=600`
  (a different lifetime for *shared* caches such as a CDN or the site cache), `public`,
  `private` (only the user's own browser may keep it), `no-cache` (keep it, but ask the server
  before each use), `no-store` (never keep it at all), `must-revalidate`, `immutable`.
- `Expires` is the older way to say max-age: an absolute date, read against the `Date` header.
- `Vary` names the request headers that change the response (`Vary: Cookie` means "each
  cookie gets its own copy"); a cache must keep one entry per combination of their values.

Dates on the wire are HTTP dates, always in GMT, read from the virtual clock:

    >>> http_date(0)
    'Thu, 01 Jan 1970 00:00:00 GMT'
    >>> parse_http_date("Thu, 01 Jan 1970 00:01:00 GMT")
    60

The helpers patch headers rather than overwrite them, so decorators and middleware can each add
their part:

    >>> from glassbox.http import HttpResponse
    >>> response = HttpResponse("hi")
    >>> patch_cache_control(response, max_age=60, public=True)
    >>> patch_cache_control(response, max_age=30)
    >>> response["Cache-Control"], get_max_age(response)
    ('max-age=30, public', 30)
"""

import email.utils

from glassbox import clock


def http_date(epoch_seconds=None):
    """An HTTP date (RFC 9110 §5.6.7) for a moment; default: now on the virtual clock."""
    moment = clock.time() if epoch_seconds is None else epoch_seconds
    return email.utils.formatdate(moment, usegmt=True)


def parse_http_date(text):
    """Epoch seconds (an int) from an HTTP date, or None if it is not one."""
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return int(clock.as_seconds(parsed))


# -- Cache-Control ----------------------------------------------------------------------------

def parse_cache_control(header):
    """The directives of a Cache-Control header as a dict; a directive without a value is True.

    >>> parse_cache_control('max-age=60, Private, no-cache="Set-Cookie"')
    {'max-age': '60', 'private': True, 'no-cache': 'Set-Cookie'}
    """
    directives = {}
    for part in (header or "").split(","):
        name, equals, value = part.strip().partition("=")
        if not name:
            continue
        directives[name.strip().lower()] = value.strip().strip('"') if equals else True
    return directives


def format_cache_control(directives):
    return ", ".join(name if value is True else f"{name}={value}"
                     for name, value in directives.items() if value is not False)


def patch_cache_control(response, **directives):
    """Add or change directives: `max_age=60` becomes `max-age=60`, `public=True` is `public`.

    Two rules from the RFC keep the header coherent: `public` and `private` exclude each other
    (the one given now wins), and a max-age only ever goes down when patched (the most careful
    layer wins), as Django does.
    """
    current = parse_cache_control(response.headers.get("Cache-Control"))
    given = {name.replace("_", "-"): value for name, value in directives.items()}
    if given.get("private") is True:
        current.pop("public", None)
    if given.get("public") is True:
        current.pop("private", None)
    if "max-age" in current and "max-age" in given:
        given["max-age"] = min(int(current["max-age"]), int(given["max-age"]))
    current.update(given)
    response["Cache-Control"] = format_cache_control(current)


def get_max_age(response):
    """The response's max-age in seconds, or None if it has none (or a malformed one)."""
    value = parse_cache_control(response.headers.get("Cache-Control")).get("max-age")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def patch_response_headers(response, cache_timeout):
    """Give a response the headers of a page cached for `cache_timeout` seconds: Expires and
    max-age (unless it already says otherwise)."""
    cache_timeout = max(0, int(cache_timeout))
    if "Expires" not in response.headers:
        response["Expires"] = http_date(clock.time() + cache_timeout)
    patch_cache_control(response, max_age=cache_timeout)


def add_never_cache_headers(response):
    """Headers that stop every cache from reusing the response without asking again."""
    patch_response_headers(response, cache_timeout=-1)
    patch_cache_control(response, no_cache=True, no_store=True, must_revalidate=True,
                        private=True)


# -- Vary --------------------------------------------------------------------------------------

def get_vary_headers(response):
    """The request headers named in Vary, as written: ['Accept-Language', 'Cookie']."""
    return [name.strip() for name in response.headers.get("Vary", "").split(",") if name.strip()]


def has_vary_header(response, header):
    return header.lower() in (name.lower() for name in get_vary_headers(response))


def patch_vary_headers(response, new_headers):
    """Add header names to Vary, without repeating one that is there (in any case).

    >>> from glassbox.http import HttpResponse
    >>> response = HttpResponse(headers={"Vary": "Accept-Language"})
    >>> patch_vary_headers(response, ["cookie", "accept-language"])
    >>> response["Vary"]
    'Accept-Language, cookie'
    """
    names = get_vary_headers(response)
    known = {name.lower() for name in names}
    for name in new_headers:
        if name.lower() not in known:
            names.append(name)
            known.add(name.lower())
    if "*" in names:  # "varies on something not in the request at all": nothing else matters
        names = ["*"]
    response["Vary"] = ", ".join(names)


# -- freshness, as a cache sees it --------------------------------------------------------------

def freshness_lifetime(response, shared):
    """How long (seconds) the response stays fresh after it was made, or None if it does not
    say (RFC 9111 §4.2.1): s-maxage (shared caches only), then max-age, then Expires - Date."""
    directives = parse_cache_control(response.headers.get("Cache-Control"))
    for name in (("s-maxage", "max-age") if shared else ("max-age",)):
        if name in directives:
            try:
                return max(0, int(directives[name]))
            except ValueError:
                return 0  # a malformed lifetime: treat as stale (RFC 9111 §4.2.1)
    if "Expires" in response.headers:
        expires = parse_http_date(response["Expires"])
        date = parse_http_date(response.headers.get("Date", "")) or clock.time()
        return 0 if expires is None else max(0, expires - date)
    return None
