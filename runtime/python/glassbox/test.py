"""The test client: a pretend browser that talks to an application without a network.

    client = Client(app)
    response = client.get("/polls/", {"page": 2})
    assert response.status_code == 200
    response = client.post("/polls/1/vote/", {"choice": 3}, follow=True)
    assert response.redirect_chain == [("/polls/1/results/", 302)]

Each method builds an `HttpRequest` as a browser would (query string, form or JSON body,
headers, the cookies it holds) and hands it to `app.handle()`. Cookies the app sets are kept
in `client.cookies` and sent back on later requests, like a browser's cookie jar. With
`follow=True` the client follows redirects, as a browser does.

Every response comes back with `.trace` (the request's trace), `.request`, `.json()` and `.text`.

The network between the client and the app takes no time, unless the Lab's network latency
(`glassbox.network`) is set, or the client is given its own (`Client(app, latency_ms=150)`):
then each request takes that long to arrive and its response as long to come back, on the
virtual clock, and the trace shows both trips as "network" events.

`Client.cookies` is a plain dict, name -> value, sent to every path: enough for most tests.
`Browser` is a Client closer to a browser tab: its cookies live in an RFC 6265 jar
(`glassbox.cookies.CookieJar`: Path, Domain, Max-Age, Secure and the rest are obeyed), it
always follows redirects, and `refresh()` repeats the request that produced the page on
screen, as the reload button does (a POST answered directly is POSTed again).

A streaming response (`StreamingHttpResponse`) has no `.content`: read
`response.streaming_content` piece by piece, or, for server-sent events, `read_events(response)`,
which hands back one event at a time as a browser's EventSource would. Reading stops wherever
the test stops; `response.close()` hangs up, as a browser closing the tab does.
"""

import json
import urllib.parse

from glassbox.http import HttpRequest, parse_cookie

MAX_REDIRECTS = 20


class Client:
    """Sends requests to `app` and keeps cookies between them."""

    def __init__(self, app, headers=None, browser_cache=False, latency_ms=None):
        self.app = app
        self.latency_ms = latency_ms  # each way; None: the Lab's (glassbox.network.latency())
        self.default_headers = dict(headers or {})
        self.cookies = {}  # name -> value, as a browser would send them
        # With browser_cache=True, a private HTTP cache sits in front of the app, as in a real
        # browser (glassbox.cache.browser): fresh responses come from it without a request.
        if browser_cache is True:
            from glassbox.cache.browser import BrowserCache

            browser_cache = BrowserCache()
        self.browser_cache = browser_cache or None

    # -- one method per HTTP method ------------------------------------------------------------

    def get(self, path, data=None, **options):
        """GET `path`; `data` (a dict) becomes the query string."""
        return self.request("GET", path, query=data, **options)

    def head(self, path, data=None, **options):
        return self.request("HEAD", path, query=data, **options)

    def options(self, path, data=None, **options):
        return self.request("OPTIONS", path, query=data, **options)

    def post(self, path, data=None, content_type=None, **options):
        """POST a form (a dict, sent urlencoded) or, with json=..., a JSON body."""
        return self.request("POST", path, data=data, content_type=content_type, **options)

    def put(self, path, data=None, content_type=None, **options):
        return self.request("PUT", path, data=data, content_type=content_type, **options)

    def patch(self, path, data=None, content_type=None, **options):
        return self.request("PATCH", path, data=data, content_type=content_type, **options)

    def delete(self, path, data=None, content_type=None, **options):
        return self.request("DELETE", path, data=data, content_type=content_type, **options)

    # -- logging in (glassbox.auth) ------------------------------------------------------------

    def force_login(self, user):
        """Be logged in as `user` from now on, without a password: a session is made in the
        database and its key put in the cookie jar."""
        from glassbox.auth.login import session_for

        settings = self.app.settings
        self.cookies[settings.SESSION_COOKIE_NAME] = session_for(user, settings)

    def login(self, username, password):
        """Check the password as a login form would; if it is right, force_login. Returns
        True if logged in."""
        from glassbox.auth import authenticate

        user = authenticate(HttpRequest(), username=username, password=password)
        if user is not None:
            self.force_login(user)
        return user is not None

    def logout(self):
        """Log out as a logout view would: delete the session row, forget the cookie."""
        from glassbox.sessions.backends import SessionStore

        key = self.cookies.pop(self.app.settings.SESSION_COOKIE_NAME, None)
        if key is not None:
            SessionStore(key).delete()

    # -- the work ------------------------------------------------------------------------------

    def request(self, method, path, query=None, data=None, json=None, content_type=None,
                headers=None, cookies=None, follow=False, latency_ms=None):
        """Build the request, let the app handle it, remember cookies, maybe follow redirects.
        `latency_ms` overrides the network latency for this request (and its redirects)."""
        if latency_ms is not None:
            saved, self.latency_ms = self.latency_ms, latency_ms
            try:
                return self.request(method, path, query, data, json, content_type, headers,
                                    cookies, follow)
            finally:
                self.latency_ms = saved
        response = self._send(method, path, query, data, json, content_type, headers, cookies)
        response.redirect_chain = []
        while follow and response.status_code in (301, 302, 303, 307, 308):
            location = response["Location"]
            response.redirect_chain.append((location, response.status_code))
            if len(response.redirect_chain) > MAX_REDIRECTS:
                raise RuntimeError(f"More than {MAX_REDIRECTS} redirects, starting at {path!r}: "
                                   f"{response.redirect_chain[:4]!r}... probably a loop.")
            chain = response.redirect_chain
            target = urllib.parse.urlsplit(location)
            # 307 and 308 repeat the method and body; 301, 302 and 303 switch to GET.
            if response.status_code in (307, 308):
                response = self._send(method, target.path, target.query or None, data, json,
                                      content_type, headers, cookies)
            else:
                response = self._send("GET", target.path, target.query or None, None, None,
                                      None, headers, cookies)
            response.redirect_chain = chain
        return response

    def _send(self, method, path, query, data, json_data, content_type, headers, cookies):
        path, _, query_in_path = path.partition("?")
        query_string = query_in_path
        if query:  # a dict, or (when following a redirect) the query string as it came
            encoded = query if isinstance(query, str) else urllib.parse.urlencode(query,
                                                                                  doseq=True)
            query_string = f"{query_string}&{encoded}" if query_string else encoded
        all_headers = {"Host": "testserver", **self.default_headers, **(headers or {})}
        body = b""
        if json_data is not None:
            body = json.dumps(json_data).encode("utf-8")
            content_type = content_type or "application/json"
        elif isinstance(data, dict) and content_type in (None, "application/x-www-form-urlencoded"):
            body = urllib.parse.urlencode(data, doseq=True).encode("utf-8")
            content_type = "application/x-www-form-urlencoded"
        elif data is not None:
            body = data.encode("utf-8") if isinstance(data, str) else bytes(data)
            content_type = content_type or "application/octet-stream"
        if content_type:
            all_headers["Content-Type"] = content_type
        if body:
            all_headers["Content-Length"] = str(len(body))
        cookie_header = self._cookie_header(method, path, cookies)
        if cookie_header:
            all_headers["Cookie"] = cookie_header
        request = HttpRequest(method, path, query_string, all_headers, body, scheme=self.scheme)
        if self.browser_cache is not None:  # it may answer without crossing the network
            response = self.browser_cache.send(request, self._across_network)
        else:
            response = self._across_network(request)
        self._store_cookies(response)
        return response

    scheme = "http"  # the requests' scheme: request.is_secure() is False

    def _across_network(self, request):
        """The app handles `request` at the far end of the network (glassbox.network): the
        request travels there, and the response back, each taking the latency."""
        from glassbox import network

        network.travel("request", request.trace, self.latency_ms)
        response = self.app.handle(request)
        network.travel("response", request.trace, self.latency_ms)
        return response

    def _cookie_header(self, method, path, extra):
        """The Cookie header for a request: every cookie held, and `extra` ones for this
        request only."""
        jar = {**self.cookies, **(extra or {})}
        return "; ".join(f"{name}={value}" for name, value in jar.items())

    def _store_cookies(self, response):
        """Keep the cookies the response sets; forget those it expires (Max-Age=0)."""
        for name, header in response.cookies.items():
            value = parse_cookie(header.split(";")[0]).get(name, "")
            if "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = urllib.parse.quote(value, safe="")


class Browser(Client):
    """A test client that behaves like one browser tab.

    - Cookies are kept in a `glassbox.cookies.CookieJar`, by the browser's rules: a cookie with
      `Path=/polls/` is not sent to `/admin/`, one with `Max-Age=60` is gone a minute later
      on the virtual clock, a `Secure` one is only sent when `origin` is https.
    - Redirects are always followed, as a browser does; `response.redirect_chain` lists them.
    - `refresh()` repeats the request behind the page on screen. After a redirect that is the
      GET of the redirect's target; after a POST answered with a page, it is that POST.

        browser = Browser(app)
        browser.post("/polls/1/vote/", {"choice": 2})
        browser.refresh()              # does it vote twice?
    """

    def __init__(self, app, origin="http://testserver", **options):
        super().__init__(app, **options)
        from glassbox.cookies import CookieJar

        self.origin = origin.rstrip("/")
        self.scheme = urllib.parse.urlsplit(self.origin).scheme
        self.default_headers.setdefault("Host", urllib.parse.urlsplit(self.origin).netloc)
        self.jar = CookieJar()
        self.on_screen = None  # the request that produced the current page

    def request(self, method, path, query=None, data=None, json=None, content_type=None,
                headers=None, cookies=None, follow=True, latency_ms=None):
        response = super().request(method, path, query, data, json, content_type, headers,
                                   cookies, follow=True, latency_ms=latency_ms)
        if response.redirect_chain:  # the page on screen came from the last redirect's target
            location, status = response.redirect_chain[-1]
            target = urllib.parse.urlsplit(location)
            if status in (307, 308):  # these repeat the method and the body
                self.on_screen = (method, target.path, target.query or None, data, json,
                                  content_type)
            else:  # 301, 302 and 303 switch to GET
                self.on_screen = ("GET", target.path, target.query or None, None, None, None)
        else:
            self.on_screen = (method, path, query, data, json, content_type)
        return response

    def refresh(self):
        """Reload the page on screen: send its request again, exactly."""
        if self.on_screen is None:
            raise RuntimeError("Nothing to refresh: the browser has not loaded a page yet.")
        method, path, query, data, json_data, content_type = self.on_screen
        return self.request(method, path, query=query, data=data, json=json_data,
                            content_type=content_type)

    def url(self, path):
        return self.origin + path

    def _cookie_header(self, method, path, extra):
        held = self.jar.cookie_header(self.url(path), method=method)
        more = "; ".join(f"{name}={value}" for name, value in (extra or {}).items())
        return "; ".join(part for part in (held, more) if part)

    def _store_cookies(self, response):
        self.jar.store_response(response, self.url(response.request.path))


def read_events(response, limit=None):
    """The server-sent events of a `text/event-stream` response, one dict at a time, read as
    they are produced: {"data": ..., "event": ..., "id": ..., "retry": ...}.

    Parsed by the rules of the HTML standard: `data:` lines are joined with "\\n", a field
    without its value is empty, one space after the colon is dropped, comment lines (":")
    are skipped, a blank line sends the event, and `event` is "message" unless named. After
    `limit` events the stream is closed (`response.close()`), as a browser would hang up.
    """
    event, data, buffer, seen = {}, [], "", 0
    last_id = None
    for piece in response.streaming_content:
        buffer += piece.decode("utf-8")
        while "\n" in buffer:
            line, buffer = buffer.split("\n", 1)
            line = line.rstrip("\r")
            if not line:  # a blank line: dispatch
                if data or event:
                    if data:
                        yield {"event": event.get("event") or "message", "data": "\n".join(data),
                               "id": event.get("id", last_id), "retry": event.get("retry")}
                        seen += 1
                    last_id = event.get("id", last_id)
                    event, data = {}, []
                    if limit is not None and seen >= limit:
                        response.close()
                        return
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                data.append(value)
            elif name in ("event", "id"):
                event[name] = value
            elif name == "retry" and value.isdigit():
                event["retry"] = int(value)
                response.reconnect_ms = int(value)  # the browser's wait before reconnecting
