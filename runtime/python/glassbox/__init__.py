"""glassbox: a miniature, readable web framework shaped like Django.

Every part of it is meant to be read. Follow a request through the modules in this order:

1. `glassbox.http`        what a request and a response are, down to the bytes on the wire
2. `glassbox.urls`        how a path finds its view: path(), converters, include(), reverse()
3. `glassbox.views`       function views, class-based views, the method decorators
4. `glassbox.template`    HTML with holes: lexing, parsing, rendering, autoescaping
5. `glassbox.middleware`  the layers around every view, and four built-in ones
6. `glassbox.app`         the application object: the whole request lifecycle in one place
7. `glassbox.trace`       the diary each request keeps, which the inspector shows
8. `glassbox.test`        a pretend browser for tests and lessons

Then the data and the people behind a request:

9. `glassbox.db`          a real SQLite behind an ORM: models, querysets, the SQL they compile to
10. `glassbox.signing`    values a server can hand out and trust again: HMAC signatures
11. `glassbox.sessions`   remembering a browser between requests: a cookie and a table
12. `glassbox.auth`       users and logging in: passwords (`hashers`), `login`/`logout`,
                          `request.user`, CSRF, signed tokens (`jwt`, `tokens`, and
                          `insecure_jwt` for the lesson on attacks), API keys
13. `glassbox.cache`      keeping answers for a while: the cache API and its backends, HTTP
                          caching headers, ETags and 304s, the site cache, a browser's cache

Smaller helpers: `glassbox.conf` (settings), `glassbox.shortcuts` (render, get_object_or_404),
`glassbox.debug` (error pages that teach) and `glassbox.exceptions`. A complete site built
with all of it is in `examples.polls`.
"""

__version__ = "0.1.0"
