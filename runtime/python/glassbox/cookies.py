"""Cookies as a browser keeps them: a small model of a cookie jar (RFC 6265).

A server cannot store anything in the browser by itself. It *asks*, with a `Set-Cookie` header
on a response, and the browser decides, by rules, whether to keep the cookie, for how long,
and which later requests get it back in their `Cookie` header:

    Set-Cookie: voted=1; Path=/polls/; Max-Age=2592000; Secure; HttpOnly; SameSite=Lax

| attribute | what the browser does with it |
|---|---|
| (none)      | a *session cookie*: kept until the browser closes, sent only to this host |
| `Max-Age=N` | forget it N seconds from now (0 or less: forget it now); wins over `Expires` |
| `Expires=date` | forget it at that date (the older way to say `Max-Age`) |
| `Path=/p/`  | send it only to paths under `/p/` (without it: the folder of the URL that set it) |
| `Domain=d`  | send it to `d` *and its subdomains* (without it: to this exact host only); a site may only name itself or a parent domain, else the cookie is refused |
| `Secure`    | send it only over https |
| `HttpOnly`  | send it with requests, but never show it to the page's scripts (`document.cookie`) |
| `SameSite`  | whether a request started by *another* site carries it: `Strict` never, `Lax` only when the user navigates to this site with a GET (a link), `None` always |

`CookieJar` follows those rules, on glassbox's virtual clock (`glassbox.clock`), so a lesson can
move time forward and watch a cookie expire:

    >>> from glassbox import clock
    >>> jar = CookieJar()
    >>> with clock.frozen(1_700_000_000):
    ...     kept = jar.store("theme=dark; Max-Age=60; Path=/", "https://example.com/settings/")
    ...     print(jar.cookie_header("https://example.com/"))
    ...     later = clock.advance(seconds=61)
    ...     print(repr(jar.cookie_header("https://example.com/")))
    theme=dark
    ''

What the model leaves out: the public suffix list (a real browser refuses `Domain=com`), limits
on the number and size of cookies, and third-party cookie blocking. A cookie without `SameSite`
is sent everywhere here, as RFC 6265 says; today's browsers treat it as `Lax` (Chrome), so
always say which you mean.
"""

import email.utils
import urllib.parse

from glassbox import clock


class Cookie:
    """One stored cookie: its name and value, where it goes, until when, and its guards."""

    def __init__(self, name, value, domain, host_only=True, path="/", expires=None,
                 secure=False, http_only=False, same_site=None, created=None):
        self.name, self.value = name, value
        self.domain, self.host_only, self.path = domain, host_only, path
        self.expires = expires  # epoch seconds, or None for a session cookie
        self.secure, self.http_only, self.same_site = secure, http_only, same_site
        self.created = clock.time() if created is None else created

    def is_expired(self, now):
        return self.expires is not None and self.expires <= now

    def matches(self, host, path, secure_channel):
        """Whether a request to `host` and `path` (over https if `secure_channel`) gets it."""
        if self.host_only and host != self.domain:
            return False
        if not self.host_only and not domain_match(host, self.domain):
            return False
        return path_match(path, self.path) and (secure_channel or not self.secure)

    def __repr__(self):
        flags = [f"Domain={self.domain}" if not self.host_only else f"host={self.domain}",
                 f"Path={self.path}"]
        if self.expires is not None:
            flags.append(f"expires in {self.expires - clock.time():.0f}s")
        flags += [flag for flag, on in (("Secure", self.secure), ("HttpOnly", self.http_only))
                  if on]
        if self.same_site:
            flags.append(f"SameSite={self.same_site}")
        return f"<Cookie {self.name}={self.value!r} {' '.join(flags)}>"


# ---------------------------------------------------------------------------------------------
# The three small rules a jar is built on (RFC 6265, section 5.1)
# ---------------------------------------------------------------------------------------------


def domain_match(host, domain):
    """True if `host` is `domain` or one of its subdomains.

    >>> domain_match("www.example.com", "example.com"), domain_match("badexample.com", "example.com")
    (True, False)
    """
    return host == domain or host.endswith("." + domain)


def path_match(request_path, cookie_path):
    """True if `request_path` is `cookie_path` or under it, at a slash.

    >>> path_match("/polls/7/", "/polls/"), path_match("/polls", "/polls/"), path_match("/pollster/", "/polls")
    (True, False, False)
    """
    if request_path == cookie_path:
        return True
    if request_path.startswith(cookie_path):
        return cookie_path.endswith("/") or request_path[len(cookie_path)] == "/"
    return False


def default_path(request_path):
    """The Path a cookie gets when it names none: the folder of the URL that set it.

    >>> default_path("/polls/7/vote/"), default_path("/login"), default_path("")
    ('/polls/7/vote', '/', '/')
    """
    if not request_path.startswith("/") or request_path.count("/") == 1:
        return "/"
    return request_path[:request_path.rindex("/")]


# ---------------------------------------------------------------------------------------------
# The jar
# ---------------------------------------------------------------------------------------------


class CookieJar:
    """The cookies one browser holds, for every site it has visited."""

    def __init__(self):
        self.cookies = []

    # -- storing: what the browser does with a Set-Cookie header ------------------------------

    def store(self, set_cookie, url):
        """Parse one Set-Cookie header received from `url`, and keep, replace or forget the
        cookie as its attributes say. Returns the cookie kept (None if refused or deleted)."""
        parts = urllib.parse.urlsplit(url)
        host, request_path = (parts.hostname or "").lower(), parts.path or "/"
        pair, *attributes = set_cookie.split(";")
        name, equals, value = pair.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name:
            return None  # "a cookie without a name=value pair is ignored"
        now = clock.time()
        cookie = Cookie(name, value, domain=host, path=default_path(request_path), created=now)
        max_age = expires = None
        for attribute in attributes:
            key, _, argument = attribute.partition("=")
            key, argument = key.strip().lower(), argument.strip()
            if key == "max-age" and argument.lstrip("-").isdigit():
                max_age = int(argument)
            elif key == "expires":
                expires = parse_http_date(argument)
            elif key == "domain" and argument:
                domain = argument.lstrip(".").lower()
                if not domain_match(host, domain):
                    return None  # a site may not set cookies for another site
                cookie.domain, cookie.host_only = domain, False
            elif key == "path" and argument.startswith("/"):
                cookie.path = argument
            elif key == "secure":
                cookie.secure = True
            elif key == "httponly":
                cookie.http_only = True
            elif key == "samesite" and argument.lower() in ("strict", "lax", "none"):
                cookie.same_site = argument.capitalize()
        if max_age is not None:  # Max-Age wins over Expires
            cookie.expires = now + max_age
        elif expires is not None:
            cookie.expires = expires
        old = self._find(cookie.name, cookie.domain, cookie.path)
        if old is not None:  # same name, domain and path: the new one replaces it
            self.cookies.remove(old)
            cookie.created = old.created
        if cookie.is_expired(now):
            return None  # an expiry in the past is how a server deletes a cookie
        self.cookies.append(cookie)
        return cookie

    def store_response(self, response, url):
        """Store every cookie a glassbox response sets, as received from `url`."""
        for header in response.cookies.values():
            self.store(header, url)

    def _find(self, name, domain, path):
        for cookie in self.cookies:
            if (cookie.name, cookie.domain, cookie.path) == (name, domain, path):
                return cookie
        return None

    # -- sending: which cookies a request carries ---------------------------------------------

    def cookies_for(self, url, cross_site=False, method="GET", top_level=True):
        """The cookies a request to `url` carries, longest Path first.

        `cross_site=True` when another site's page started the request (its form posts here,
        its <img> points here); `top_level` when it moves the whole tab (a link followed, a
        form submitted), not an image or a fetch(). SameSite decides for cross-site requests:
        Strict never, Lax only for a top-level GET or HEAD, None (or no attribute) always.
        """
        parts = urllib.parse.urlsplit(url)
        host, path = (parts.hostname or "").lower(), parts.path or "/"
        now = clock.time()
        self.cookies = [cookie for cookie in self.cookies if not cookie.is_expired(now)]
        chosen = []
        for cookie in self.cookies:
            if not cookie.matches(host, path, parts.scheme == "https"):
                continue
            if cross_site and cookie.same_site == "Strict":
                continue
            if cross_site and cookie.same_site == "Lax" and not (
                    top_level and method.upper() in ("GET", "HEAD")):
                continue
            chosen.append(cookie)
        return sorted(chosen, key=lambda cookie: (-len(cookie.path), cookie.created))

    def cookie_header(self, url, cross_site=False, method="GET", top_level=True):
        """The value of the `Cookie:` header for a request to `url` ("" if none)."""
        return "; ".join(f"{cookie.name}={cookie.value}"
                         for cookie in self.cookies_for(url, cross_site, method, top_level))

    def document_cookie(self, url):
        """What `document.cookie` shows a script on the page at `url`: not HttpOnly ones."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies_for(url)
                         if not cookie.http_only)

    def get(self, name, url=None):
        """The stored cookie called `name` (the one `url` would get, if given), or None."""
        candidates = self.cookies_for(url) if url is not None else self.cookies
        return next((cookie for cookie in candidates if cookie.name == name), None)

    def __iter__(self):
        return iter(list(self.cookies))

    def __len__(self):
        return len(self.cookies)

    def __repr__(self):
        return f"<CookieJar {self.cookies!r}>"


def parse_http_date(text):
    """An HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT") as epoch seconds, or None if unreadable."""
    try:
        return email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
