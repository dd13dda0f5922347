"""What an injected script could read: a safe model of a page's script environment.

When an attacker gets `<script>...</script>` into your page (a comment, a user name), the
browser runs it with the page's own powers. Two of them matter for stolen logins:

- `document.cookie`: the page's cookies as one "name=value; name=value" string, *except*
  those set with `HttpOnly`, which the browser sends with requests but never shows to scripts;
- `localStorage`: a dict-like store that every script of the same origin can read, all of it.

Glassbox never runs a script. This module only *models* the page: it finds the places in the
HTML where a browser would run code (a `<script>` element, an `on...=` event attribute such as
`<img onerror=...>`, a `javascript:` link) with a small tag scanner (`find_scripts`), and
answers what those scripts could read:

    >>> jar = CookieJar()
    >>> jar.store("sessionid=abc; Path=/; HttpOnly; SameSite=Lax")
    >>> jar.store("theme=dark; Path=/")
    >>> page = Page("<p>Hi</p><script>steal(document.cookie)</script>", jar,
    ...             local_storage={"token": "eyJ..."})
    >>> page.scripts
    ['steal(document.cookie)']
    >>> page.readable_by_scripts()
    {'document.cookie': 'theme=dark', 'localStorage': {'token': 'eyJ...'}}

The HttpOnly cookie is not in `document.cookie`, but the browser still sends it to the site,
and it sends it even when *another* site's page starts the request, unless the cookie's
`SameSite` attribute says not to (see `CookieJar.cookie_header`). That is cross-site request
forgery, the price of keeping a token in a cookie.
"""

import html
import re


class Cookie:
    """One cookie as a browser keeps it: name, value, and the attributes that guard it."""

    def __init__(self, name, value, http_only=False, secure=False, same_site=None, path="/"):
        self.name, self.value, self.path = name, value, path
        self.http_only, self.secure, self.same_site = http_only, secure, same_site

    @classmethod
    def parse(cls, header):
        """A cookie from the value of a Set-Cookie header: "name=value; Path=/; HttpOnly"."""
        first, *attributes = [part.strip() for part in header.split(";")]
        name, _, value = first.partition("=")
        cookie = cls(name.strip(), value.strip())
        for attribute in attributes:
            key, _, argument = attribute.partition("=")
            key = key.strip().lower()
            if key == "httponly":
                cookie.http_only = True
            elif key == "secure":
                cookie.secure = True
            elif key == "samesite":
                cookie.same_site = argument.strip().capitalize() or None
            elif key == "path":
                cookie.path = argument.strip() or "/"
        return cookie

    def __repr__(self):
        flags = [flag for flag, on in (("HttpOnly", self.http_only), ("Secure", self.secure))
                 if on]
        if self.same_site:
            flags.append(f"SameSite={self.same_site}")
        return f"<Cookie {self.name}={self.value!r} {' '.join(flags) or '(no flags)'}>"


class CookieJar:
    """The cookies a browser holds for one site (paths and expiry are left out of the model)."""

    def __init__(self):
        self.cookies = {}

    def store(self, set_cookie_header):
        """Keep the cookie a Set-Cookie header sets (Max-Age=0 deletes it)."""
        cookie = Cookie.parse(set_cookie_header)
        if "max-age=0" in set_cookie_header.lower().replace(" ", ""):
            self.cookies.pop(cookie.name, None)
        else:
            self.cookies[cookie.name] = cookie

    def store_from(self, response):
        """Keep every cookie a glassbox response sets."""
        for header in response.cookies.values():
            self.store(header)
        return self

    def document_cookie(self):
        """What `document.cookie` gives a script: every cookie except the HttpOnly ones."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies.values()
                         if not cookie.http_only)

    def cookie_header(self, cross_site=False, method="GET", top_level=True):
        """The Cookie header the browser sends with a request to the site.

        `cross_site=True` when another site's page starts the request (its form posts here,
        its <img> points here); `top_level` when it is a navigation of the whole tab (a link
        followed, a form submitted), not an image or a fetch. SameSite decides:

        - Strict: never sent cross-site;
        - Lax: sent cross-site only for a top-level navigation with a safe method (GET);
        - None, or no SameSite attribute: sent with every request (the model follows the
          original cookie rules here; Chrome treats a cookie without SameSite as Lax).
        """
        sent = []
        for cookie in self.cookies.values():
            if cross_site and cookie.same_site == "Strict":
                continue
            if cross_site and cookie.same_site == "Lax" and not (
                    top_level and method in ("GET", "HEAD")):
                continue
            sent.append(f"{cookie.name}={cookie.value}")
        return "; ".join(sent)

    def __contains__(self, name):
        return name in self.cookies

    def __getitem__(self, name):
        return self.cookies[name]

    def __repr__(self):
        return f"<CookieJar {list(self.cookies.values())!r}>"


TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
URL_ATTRIBUTES = ("href", "src", "action", "formaction")


def find_scripts(html_text):
    """Where a browser would run code in this HTML: the body of each <script> element, each
    on...= attribute, each javascript: URL. Scanning only: nothing found is ever run.

    Escaped markup (`&lt;script&gt;`) is text, not a tag, so it is not found:

    >>> find_scripts('<p>&lt;script&gt;x()&lt;/script&gt;</p><img src=x onerror="y()">')
    ['y()']
    """
    scripts = []
    position = 0
    while True:
        tag = TAG.search(html_text, position)
        if tag is None:
            return scripts
        name = tag.group(1).lower()
        for attribute in ATTRIBUTE.finditer(tag.group(2)):
            key, value = attribute.group(1).lower(), html.unescape(
                (attribute.group(2) or "").strip("\"'"))
            if key.startswith("on"):
                scripts.append(value)
            elif key in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                scripts.append(value.strip()[len("javascript:"):])
        position = tag.end()
        if name == "script":  # its body is code, up to </script>, whatever it contains
            end = re.compile(r"</script\s*>", re.IGNORECASE).search(html_text, position)
            stop = end.start() if end else len(html_text)
            scripts.append(html_text[position:stop])
            position = end.end() if end else len(html_text)


class Page:
    """A page as a browser would hold it: its HTML, the site's cookie jar, its localStorage."""

    def __init__(self, html_text, jar=None, local_storage=None):
        if hasattr(html_text, "text"):  # a response
            html_text = html_text.text
        self.html = html_text
        self.jar = jar if jar is not None else CookieJar()
        self.local_storage = dict(local_storage or {})
        self.scripts = find_scripts(html_text)

    def readable_by_scripts(self):
        """What any script on this page can read: document.cookie and localStorage. (An
        injected script can read exactly as much as the page's own scripts.)"""
        return {"document.cookie": self.jar.document_cookie(),
                "localStorage": dict(self.local_storage)}

    def stolen(self):
        """What an injected script could send away: everything readable if the page runs any
        script, nothing if it runs none."""
        return self.readable_by_scripts() if self.scripts else {}
