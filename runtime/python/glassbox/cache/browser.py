"""A browser's own cache: a private HTTP cache in front of the application (RFC 9111).

Every browser keeps the responses it received, and reuses them by the rules the server wrote in
their headers. `BrowserCache` does the same for the test client and the inspector, so you can
watch the three things a browser does with a request:

1. **Serve from its cache, without asking.** The stored response is *fresh*: its age is below
   its lifetime (`max-age`, else `Expires` minus `Date`). The application never sees the
   request; the response's trace holds one "cache" event, and nothing else happened.
2. **Revalidate.** The stored response is stale (or says `no-cache`: "ask me each time"), but
   it has a validator. The browser asks "has it changed?" with `If-None-Match: <its ETag>` or
   `If-Modified-Since: <its Last-Modified>`. A `304 Not Modified` answer has no body: the
   browser refreshes the stored headers from it and shows its stored copy.
3. **Fetch.** Nothing usable is stored: send the request, keep the answer if it may be kept.

What it never does: store a `no-store` response, store anything but `200 OK`, or serve a stale
response (this cache is always online, so `must-revalidate` changes nothing here). Being a
*private* cache, it does keep `Cache-Control: private` responses, which a shared cache must not.
It does not guess a lifetime for responses that give none (browsers may, from Last-Modified):
here such a response is stale at once and revalidated. `Vary` is honoured: a stored response is
only reused for a request whose varying headers have the same values.

A successful POST, PUT, PATCH or DELETE makes the stored responses of its URL (and of its
Location) stale, as browsers do.

    client = Client(app, browser_cache=True)
    client.get("/about/")                     # fetched and stored
    client.get("/about/").browser_cache       # 'hit': the app did not run
"""

from glassbox import clock
from glassbox.cache.headers import freshness_lifetime, get_vary_headers, parse_cache_control
from glassbox.cache.keys import cache_url
from glassbox.cache.middleware import UNSAFE_METHODS, location_path
from glassbox.http import HttpResponse
from glassbox.trace import Trace


class StoredResponse:
    """One response in the cache, and what is needed to judge and reuse it."""

    def __init__(self, request, response):
        self.status = response.status_code
        self.content = response.content
        self.headers = response.headers.items()
        self.vary = get_vary_headers(response)
        self.request_values = {name.lower(): request.headers.get(name) for name in self.vary}
        self.received_at = clock.time()
        self.age_when_received = parse_age(response.headers.get("Age"))
        self.lifetime = freshness_lifetime(response, shared=False) or 0

    def matches(self, request):
        """True if the request's values of the Vary headers are those of the stored request."""
        return all(request.headers.get(name) == value
                   for name, value in self.request_values.items())

    def age(self):
        """Seconds since the origin made it: its Age on arrival plus the time since."""
        return self.age_when_received + max(0.0, clock.time() - self.received_at)

    def time_left(self):
        return round(self.lifetime - self.age(), 3)

    def is_fresh(self):
        return self.time_left() > 0

    def header(self, name):
        for stored_name, value in self.headers:
            if stored_name.lower() == name.lower():
                return value
        return None

    def requires_revalidation(self):
        return "no-cache" in parse_cache_control(self.header("Cache-Control"))

    def refresh_from(self, not_modified):
        """A 304 arrived: take its headers (RFC 9111 §4.3.4) and start its age again."""
        merged = {name.lower(): (name, value) for name, value in self.headers}
        for name, value in not_modified.headers.items():
            if name.lower() not in ("content-length", "content-type"):
                merged[name.lower()] = (name, value)
        self.headers = list(merged.values())
        response = self.to_response()
        self.received_at = clock.time()
        self.age_when_received = parse_age(not_modified.headers.get("Age"))
        self.lifetime = freshness_lifetime(response, shared=False) or 0

    def to_response(self):
        response = HttpResponse(self.content, status=self.status, headers=self.headers)
        response.headers.pop("Age")
        if self.age_when_received or clock.time() > self.received_at:
            response["Age"] = str(int(self.age()))
        return response


def parse_age(value):
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


class BrowserCache:
    """A private cache: `send(request, handle)` answers from the cache or calls `handle`."""

    def __init__(self):
        self.entries = {}  # url -> [StoredResponse, ...] (one per Vary combination)

    def send(self, request, handle):
        """The response to `request`: from the cache, revalidated, or fetched with `handle`
        (the application's `handle`). `response.browser_cache` says which: "hit",
        "revalidated", "miss" or "bypass"."""
        url = cache_url(request)
        if request.method in UNSAFE_METHODS:
            response = handle(request)
            if response.status_code < 400:
                for target in {url, location_path(request, response)} - {None}:
                    self.entries.pop(target, None)
                    self.record(response.trace, "invalidate", target)
            response.browser_cache = "bypass"
            return response
        asks_conditionally = "If-None-Match" in request.headers \
            or "If-Modified-Since" in request.headers
        directives = parse_cache_control(request.headers.get("Cache-Control"))
        if request.method not in ("GET", "HEAD") or asks_conditionally or "no-store" in directives:
            response = handle(request)
            response.browser_cache = "bypass"
            return response
        stored = self.lookup(url, request)
        if stored is not None and stored.is_fresh() and not stored.requires_revalidation() \
                and "no-cache" not in directives:
            return self.serve(request, stored, url)
        if stored is not None and self.add_validators(request, stored):
            response = handle(request)
            if response.status_code == 304:
                stored.refresh_from(response)
                answer = stored.to_response()
                answer.trace, answer.request = response.trace, request
                answer.browser_cache = "revalidated"
                self.record(response.trace, "revalidate", url, hit=True, stored=stored)
                return answer
        else:
            response = handle(request)
        self.store(url, request, response)
        response.browser_cache = "miss"
        return response

    def lookup(self, url, request):
        for stored in self.entries.get(url, []):
            if stored.matches(request):
                return stored
        return None

    def serve(self, request, stored, url):
        """A fresh stored response, without asking the application."""
        response = stored.to_response()
        response.request = request
        response.trace = Trace()
        response.trace.record("request", method=request.method, path=request.path)
        self.record(response.trace, "get", url, hit=True, stored=stored)
        if request.method == "HEAD":
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        response.browser_cache = "hit"
        return response

    def add_validators(self, request, stored):
        """Turn the request into a conditional one; False if the stored copy has no
        validator to ask about."""
        etag, modified = stored.header("ETag"), stored.header("Last-Modified")
        if etag:
            request.headers["If-None-Match"] = etag
            request.META["HTTP_IF_NONE_MATCH"] = etag
        if modified:
            request.headers["If-Modified-Since"] = modified
            request.META["HTTP_IF_MODIFIED_SINCE"] = modified
        return bool(etag or modified)

    def store(self, url, request, response):
        """Keep the response if a private cache may (200, not no-store, not Vary: *)."""
        directives = parse_cache_control(response.headers.get("Cache-Control"))
        if response.streaming:
            # A model of the cache, not of reading a stream: a streamed page is not kept here.
            self.record(response.trace, "skip", url, reason="not stored: a streamed response")
            return
        if response.status_code != 200 or "no-store" in directives \
                or "*" in get_vary_headers(response) or request.method != "GET":
            reason = "no-store" if "no-store" in directives else f"status {response.status_code}"
            self.record(response.trace, "skip", url, reason=f"not stored: {reason}")
            return
        stored = StoredResponse(request, response)
        variants = [entry for entry in self.entries.get(url, []) if not entry.matches(request)]
        self.entries[url] = variants + [stored]
        self.record(response.trace, "set", url, stored=stored)

    @staticmethod
    def record(trace, op, url, hit=None, stored=None, **extra):
        if trace is None:
            return
        trace.record("cache", layer="browser cache", cache="browser", op=op, key=url,
                     stored_key=None, hit=hit,
                     size=len(stored.content) if stored else None,
                     timeout=stored.lifetime if stored else None,
                     time_left=stored.time_left() if stored else None, **extra)

    def clear(self):
        self.entries.clear()

    def __repr__(self):
        return f"<BrowserCache of {sum(map(len, self.entries.values()))} responses>"
