"""The site cache: whole pages kept in a shared cache and served without running the view.

Two middleware, placed at the two ends of the onion, as in Django:

    MIDDLEWARE = [
        "glassbox.cache.middleware.UpdateCacheMiddleware",     # first: sees the final response
        ...                                                    # sessions, auth, ...
        "glassbox.cache.middleware.FetchFromCacheMiddleware",  # last: just before the view
    ]

On the way in, `FetchFromCacheMiddleware` looks for the page and, on a hit, answers at once:
the inner layers and the view never run (count the SQL in the trace: none). It sits last so that
the layers before it (sessions, authentication) have run and it can tell a logged-in user. On
the way out, `UpdateCacheMiddleware` stores the page, outermost so that every header any layer
added (a `Vary: Cookie`, a `Set-Cookie`) is in what it judges and stores.

A shared cache serves one stored page to many people, so it must be strict about what it keeps
(RFC 9111 §3). `reason_not_to_store()` says why a page was not stored, and the trace shows it:

- only answers to GET (and HEAD), and only 200 OK;
- never `Cache-Control: no-store`, nor `private` (that copy belongs to one user's browser);
- never a response that sets a cookie: it would hand one visitor's cookie to the next;
- never an answer to a request with `Authorization`, nor a page for a logged-in user;
- never `Vary: *`.

Pages that vary (`Vary: Cookie`, `Vary: Accept-Language`) are stored once per combination of
those request headers: see `glassbox.cache.keys`.

A successful POST, PUT, PATCH or DELETE invalidates the stored pages of its URL and of the URL in
its `Location` header (RFC 9111 §4.4): after a vote, the results page is fetched afresh.

A hit gets an `Age` header: how many seconds ago the page was stored. The page's lifetime comes
from its own `s-maxage` or `max-age`, else CACHE_MIDDLEWARE_SECONDS, and the middleware writes
it into the response (`max-age` and `Expires`), so browsers keep it as long as the site does.

`CacheMiddleware` is both in one, which is what `@cache_page` wraps around a single view.
"""

import urllib.parse

from glassbox import clock
from glassbox.cache import keys
from glassbox.cache.headers import (freshness_lifetime, get_max_age, has_vary_header,
                                    http_date, parse_cache_control, patch_response_headers)
from glassbox.http import HttpResponse

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

RELOAD = "the request says Cache-Control: no-cache (a reload): ask the view, then store again"


def is_logged_in(request):
    """True when the authentication middleware put a logged-in user on the request."""
    user = getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    return bool(authenticated() if callable(authenticated) else authenticated)


def reason_not_to_serve(request):
    """Why this request must not be answered from the shared cache, or None."""
    if request.method not in ("GET", "HEAD"):
        return f"a {request.method} is never answered from the cache"
    if "Authorization" in request.headers:
        return "the request carries Authorization: its answer may be meant for one user only"
    if is_logged_in(request):
        return "the user is logged in: their pages are theirs"
    if "no-cache" in parse_cache_control(request.headers.get("Cache-Control")):
        return RELOAD
    return None


def reason_not_to_store(request, response):
    """Why a shared cache must not store this response (a sentence), or None if it may."""
    if request.method not in ("GET", "HEAD"):
        return f"a {request.method} response is not stored"
    if response.status_code != 200:
        return f"only 200 OK is stored, and this is {response.status_code}"
    if response.streaming:
        return "the response is streamed: its body is made while it is sent, so there is none to keep"
    if "Authorization" in request.headers:
        return "the request carried Authorization (RFC 9111 §3.5)"
    if is_logged_in(request):
        return "the page was made for a logged-in user"
    directives = parse_cache_control(response.headers.get("Cache-Control"))
    if "no-store" in directives:
        return "the response says Cache-Control: no-store"
    if "private" in directives:
        return "the response says Cache-Control: private (only the user's browser may keep it)"
    if response.cookies:
        return (f"the response sets a cookie ({', '.join(response.cookies)}), which must not "
                "be handed to the next visitor")
    if has_vary_header(response, "*"):
        return "the response says Vary: * (it depends on more than the request)"
    return None


def snapshot(response):
    """What is stored: plain data (status, headers, body) and when it was stored."""
    return {"status": response.status_code, "headers": response.headers.items(),
            "content": response.content, "stored_at": clock.time()}


def rebuild(entry):
    """A fresh response from a stored snapshot, with its Age (RFC 9111 §5.1)."""
    response = HttpResponse(entry["content"], status=entry["status"], headers=entry["headers"])
    response["Age"] = str(max(0, int(clock.time() - entry["stored_at"])))
    return response


def location_path(request, response):
    """The URL in Location, if it is on this site (only those may be invalidated)."""
    location = response.headers.get("Location")
    if not location:
        return None
    target = urllib.parse.urlsplit(urllib.parse.urljoin(request.build_absolute_uri(), location))
    if target.netloc != request.get_host():
        return None
    return f"{target.scheme}://{target.netloc}{target.path}" + \
        (f"?{target.query}" if target.query else "")


class CacheMiddleware:
    """Fetch on the way in, update on the way out: the site cache around whatever it wraps.

    `page_timeout` (seconds) overrides the page's max-age; `cache_alias` and `key_prefix`
    default to the CACHE_MIDDLEWARE_* settings; `layer` names it in the trace.
    """

    layer = "site cache"

    def __init__(self, get_response, page_timeout=None, cache_alias=None, key_prefix=None,
                 layer=None):
        self.get_response = get_response
        self.page_timeout = page_timeout
        self.cache_alias = cache_alias
        self.key_prefix = key_prefix
        if layer is not None:
            self.layer = layer

    def __call__(self, request):
        response = self.process_request(request)
        if response is None:
            response = self.get_response(request)
        return self.process_response(request, response)

    # -- configuration, read from the application handling the request --------------------------

    def settings(self, request):
        from glassbox.conf import Settings

        app = getattr(request, "app", None)
        return app.settings if app is not None else Settings()

    def cache(self, request):
        from glassbox.cache import caches

        app = getattr(request, "app", None)
        handler = app.caches if app is not None else caches
        return handler[self.cache_alias or self.settings(request).CACHE_MIDDLEWARE_ALIAS]

    def prefix(self, request):
        prefix = self.key_prefix
        return self.settings(request).CACHE_MIDDLEWARE_KEY_PREFIX if prefix is None else prefix

    # -- the way in -----------------------------------------------------------------------------

    def process_request(self, request):
        """The stored page, or None (and a note on the request: whether to store the answer)."""
        cache = self.cache(request)
        with cache.as_layer(self.layer):
            reason = reason_not_to_serve(request)
            if reason is not None:
                request._cache_update_cache = reason == RELOAD
                cache.record("bypass", keys.cache_url(request), reason=reason)
                return None
            key = keys.get_cache_key(request, cache, self.prefix(request), method="GET")
            entry = cache.get(key) if key is not None else None
            if entry is None:
                request._cache_update_cache = True
                return None
            request._cache_update_cache = False
            return rebuild(entry)

    # -- the way out ----------------------------------------------------------------------------

    def process_response(self, request, response):
        cache = self.cache(request)
        with cache.as_layer(self.layer):
            if request.method in UNSAFE_METHODS and response.status_code < 400:
                self.invalidate(request, response, cache)
                return response
            if not getattr(request, "_cache_update_cache", False):
                return response  # served from the cache, or not to be stored
            reason = reason_not_to_store(request, response)
            if reason is None:
                timeout = self.timeout_for(response, request)
                if timeout <= 0:
                    reason = "its lifetime is 0 seconds (max-age=0)"
            if reason is not None:
                cache.record("skip", keys.cache_url(request), reason=reason)
                return response
            if get_max_age(response) is None:
                patch_response_headers(response, timeout)
            response.headers.setdefault("Date", http_date())
            key = keys.learn_cache_key(request, response, cache, timeout, self.prefix(request))
            cache.set(key, snapshot(response), timeout)
        return response

    def timeout_for(self, response, request):
        """How long to keep the page: page_timeout, else its s-maxage/max-age/Expires, else
        CACHE_MIDDLEWARE_SECONDS."""
        if self.page_timeout is not None:
            return self.page_timeout
        lifetime = freshness_lifetime(response, shared=True)
        if lifetime is not None:
            return lifetime
        return self.settings(request).CACHE_MIDDLEWARE_SECONDS

    def invalidate(self, request, response, cache):
        """A successful unsafe request: forget the pages of its URL and of its Location."""
        for url in {keys.cache_url(request), location_path(request, response)} - {None}:
            found = keys.invalidate_url(url, cache, self.prefix(request))
            cache.record("invalidate", url, hit=found, reason=f"{request.method} "
                         f"{request.path} answered {response.status_code}")


class UpdateCacheMiddleware(CacheMiddleware):
    """The outer half of the site cache: stores the pages the inner half did not find."""

    def __call__(self, request):
        return self.process_response(request, self.get_response(request))


class FetchFromCacheMiddleware(CacheMiddleware):
    """The inner half of the site cache: answers from the cache when it can."""

    def __call__(self, request):
        response = self.process_request(request)
        return response if response is not None else self.get_response(request)
