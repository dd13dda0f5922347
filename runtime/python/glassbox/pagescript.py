"""What an injected script could read: a safe model of a page's script environment.

When an attacker gets `<script>...</script>` into your page (a comment, a user name), the
browser runs it with the page's own powers. Two of them matter for stolen logins:

- `document.cookie`: the page's cookies as one "name=value; name=value" string, *except*
  those set with `HttpOnly`, which the browser sends with requests but never shows to scripts;
- `localStorage`: a dict-like store that every script of the same origin can read, all of it.

Glassbox never runs a script. This module only *models* the page: it finds the places in the
HTML where a browser would run code (a `<script>` element, an `on...=` event attribute such as
`<img onerror=...>`, a `javascript:` link) with a small tag scanner (`find_scripts`), and
answers what those scripts could read, from the browser's cookie jar (`glassbox.cookies`) and
the page's localStorage:

    >>> from glassbox.cookies import CookieJar
    >>> jar = CookieJar()
    >>> kept = jar.store("sessionid=abc; Path=/; HttpOnly; SameSite=Lax", "https://testserver/")
    >>> kept = jar.store("theme=dark; Path=/", "https://testserver/")
    >>> page = Page("<p>Hi</p><script>steal(document.cookie)</script>", jar,
    ...             local_storage={"token": "eyJ..."})
    >>> page.scripts
    ['steal(document.cookie)']
    >>> page.readable_by_scripts()
    {'document.cookie': 'theme=dark', 'localStorage': {'token': 'eyJ...'}}

The HttpOnly cookie is not in `document.cookie`, but the browser still sends it to the site,
and it sends it even when *another* site's page starts the request, unless the cookie's
`SameSite` attribute says not to (`CookieJar.cookie_header(url, cross_site=True, ...)`). That is
cross-site request forgery, the price of keeping a token in a cookie.
"""

import html
import re

from glassbox.cookies import CookieJar

SITE = "https://testserver/"  # where the test client's pages come from


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
    """A page as a browser would hold it: its HTML, its address, the browser's cookie jar
    (`glassbox.cookies.CookieJar`) and the origin's localStorage (a dict)."""

    def __init__(self, html_text, jar=None, local_storage=None, url=SITE):
        if hasattr(html_text, "text"):  # a response
            html_text = html_text.text
        self.html = html_text
        self.url = url
        self.jar = jar if jar is not None else CookieJar()
        self.local_storage = dict(local_storage or {})
        self.scripts = find_scripts(html_text)

    def readable_by_scripts(self):
        """What any script on this page can read: document.cookie and localStorage. (An
        injected script can read exactly as much as the page's own scripts.)"""
        return {"document.cookie": self.jar.document_cookie(self.url),
                "localStorage": dict(self.local_storage)}

    def stolen(self):
        """What an injected script could send away: everything readable if the page runs any
        script, nothing if it runs none."""
        return self.readable_by_scripts() if self.scripts else {}
