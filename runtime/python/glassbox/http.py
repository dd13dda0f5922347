"""Requests and responses: the two objects every web framework is built around.

A browser sends an HTTP *request*, a few lines of text and maybe a body:

    POST /polls/1/vote/ HTTP/1.1
    Host: example.com
    Content-Type: application/x-www-form-urlencoded
    Content-Length: 8

    choice=2

`HttpRequest` is that message turned into an object: `request.method`, `request.path`,
`request.GET` and `request.POST` (both `QueryDict`s, because a name may appear more than once),
`request.headers` (case-insensitive), `request.COOKIES`, and the raw `request.body`. (The
containers `QueryDict` and `Headers` are in `glassbox.datastructures`.)

A view answers with an `HttpResponse`: a status, headers and a body, which `serialize()` turns
back into the text the browser receives. `parse_request()` goes the other way, from bytes to an
`HttpRequest`, so you can watch both directions of the wire.

The request also carries `request.trace`, the diary of its trip (see `glassbox.trace`).
"""

import datetime
import email.utils
import json
import urllib.parse
from http import HTTPStatus

from glassbox.datastructures import Headers, QueryDict
from glassbox.trace import Trace


class Http404(Exception):
    """Raise in a view to answer 404 Not Found.

    >>> raise Http404("No question with id 7")
    Traceback (most recent call last):
      ...
    glassbox.http.Http404: No question with id 7
    """


class RawPostDataException(Exception):
    """The body could not be read as the kind of data asked for."""


def parse_cookie(header):
    """The `Cookie:` request header as a dict.

    >>> parse_cookie("sessionid=abc123; theme=dark")
    {'sessionid': 'abc123', 'theme': 'dark'}
    """
    cookies = {}
    for chunk in (header or "").split(";"):
        name, equals, value = chunk.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name:
            continue
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        cookies[name] = urllib.parse.unquote(value)
    return cookies


# ---------------------------------------------------------------------------------------------
# The request
# ---------------------------------------------------------------------------------------------


class HttpRequest:
    """One HTTP request, as a view sees it.

    >>> request = HttpRequest("GET", "/search/", query_string="q=owls")
    >>> request.method, request.path, request.GET["q"]
    ('GET', '/search/', 'owls')
    """

    def __init__(self, method="GET", path="/", query_string="", headers=None, body=b"",
                 meta=None, scheme="http"):
        self.method = method.upper()
        self.path = path
        self.scheme = scheme
        self.headers = Headers(headers)
        self.body = body.encode() if isinstance(body, str) else bytes(body)
        self.GET = QueryDict(query_string)
        self.COOKIES = parse_cookie(self.headers.get("Cookie", ""))
        self.META = self._build_meta(query_string, meta)
        self.trace = Trace()
        self.GET.trace = self.trace  # so a form made from request.GET can record into it
        # Filled in while the request is handled:
        self.app = None             # the application handling it
        self.resolver_match = None  # which URL pattern matched (glassbox.urls.ResolverMatch)
        self._post = None
        self.user_loader = None     # set by AuthenticationMiddleware; see `user` below
        self._user = None

    def _build_meta(self, query_string, extra):
        """The CGI-style dict Django calls META: REQUEST_METHOD, PATH_INFO, HTTP_* headers."""
        meta = {"REQUEST_METHOD": self.method, "PATH_INFO": self.path,
                "QUERY_STRING": query_string or "", "wsgi.url_scheme": self.scheme}
        for name, value in self.headers.items():
            key = name.upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
            meta[key] = value
        meta.update(extra or {})
        return meta

    @property
    def user(self):
        """Who is asking: a `User`, or an `AnonymousUser` (see `glassbox.auth`).

        `glassbox.auth.middleware.AuthenticationMiddleware` does not look the user up; it
        leaves a function in `request.user_loader`, called the first time a view (or a
        template, or a middleware) reads `request.user`. So a page that never asks who you
        are never reads the session, and its response need not vary by cookie.
        """
        if self._user is None:
            if self.user_loader is None:
                raise AttributeError(
                    "request.user is not set: add 'glassbox.auth.middleware."
                    "AuthenticationMiddleware' to MIDDLEWARE (after SessionMiddleware).")
            self._user = self.user_loader()
        return self._user

    @user.setter
    def user(self, value):
        self._user = value

    @property
    def content_type(self):
        """The media type of the body, without parameters: `application/json`."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def POST(self):
        """Form fields sent in the body (urlencoded forms); empty for other content types."""
        if self._post is None:
            if self.content_type == "application/x-www-form-urlencoded":
                self._post = QueryDict(self.body.decode("utf-8", "replace"))
            else:
                self._post = QueryDict()
            self._post.trace = self.trace  # so a form made from request.POST can record into it
        return self._post

    def json(self):
        """The body parsed as JSON; a clear error if it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8") or "null")
        except (ValueError, UnicodeDecodeError) as error:
            raise RawPostDataException(
                f"The body of {self.method} {self.path} is not valid JSON ({error}); the client "
                f"sent Content-Type {self.content_type or '(none)'!r}.") from error

    def get_host(self):
        return self.headers.get("Host", "testserver")

    def get_full_path(self):
        """The path with its query string: `/search/?q=owls`."""
        query = self.META.get("QUERY_STRING", "")
        return self.path + ("?" + query if query else "")

    def build_absolute_uri(self, location=None):
        location = self.get_full_path() if location is None else location
        return urllib.parse.urljoin(f"{self.scheme}://{self.get_host()}{self.path}", location)

    def is_secure(self):
        return self.scheme == "https"

    def serialize(self):
        """The request as the bytes of an HTTP/1.1 message, as a browser would send it.

        >>> HttpRequest("GET", "/search/", "q=owls", {"Host": "example.com"}).serialize()
        b'GET /search/?q=owls HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n'
        """
        target = urllib.parse.quote(self.path, safe="/:@!$&'()*+,;=-._~")
        query = self.META.get("QUERY_STRING", "")
        head = [f"{self.method} {target}{'?' + query if query else ''} HTTP/1.1"]
        head += [f"{name}: {value}" for name, value in self.headers.items()]
        if self.body and "Content-Length" not in self.headers:
            head.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + self.body

    @classmethod
    def from_environ(cls, environ):
        """Build a request from a WSGI environ (the dict a WSGI server hands the app)."""
        headers = {}
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                headers[key[5:].replace("_", "-").title()] = value
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers[key.replace("_", "-").title()] = environ[key]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length and "wsgi.input" in environ else b""
        path = environ.get("PATH_INFO", "/")
        if isinstance(path, str):  # WSGI passes paths as latin-1 decoded bytes
            path = path.encode("latin-1").decode("utf-8", "replace")
        return cls(environ.get("REQUEST_METHOD", "GET"), path, environ.get("QUERY_STRING", ""),
                   headers, body, meta=dict(environ), scheme=environ.get("wsgi.url_scheme", "http"))

    def __repr__(self):
        return f"<HttpRequest: {self.method} {self.get_full_path()!r}>"


def parse_request(data):
    """Read an HttpRequest from the bytes of an HTTP/1.1 message.

    >>> request = parse_request(b"GET /hello/?name=Ada HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n")
    >>> request.method, request.path, request.GET["name"], request.headers["host"]
    ('GET', '/hello/', 'Ada', 'example.com')

    Where the body ends is HTTP/1.1's framing rule (RFC 9112, section 6.3): a chunked
    `Transfer-Encoding` says it chunk by chunk, else `Content-Length` counts its bytes, else a
    request has no body at all: whatever follows the blank line is the next request.

    >>> parse_request(b"POST /vote/ HTTP/1.1\\r\\nContent-Length: 8\\r\\n\\r\\nchoice=2GET /").body
    b'choice=2'
    >>> parse_request(b"POST /vote/ HTTP/1.1\\r\\n\\r\\nchoice=2").body
    b''

    In production no framework calls this: the web server reads the bytes (or HTTP/2 and
    HTTP/3 frames) and hands the application a WSGI environ; see `HttpRequest.from_environ`.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    head, separator, body = data.partition(b"\r\n\r\n")
    if not separator:
        head, separator, body = data.partition(b"\n\n")
    lines = head.decode("latin-1").replace("\r\n", "\n").split("\n")
    parts = lines[0].split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise ValueError(f"The request line {lines[0]!r} should look like 'GET /path HTTP/1.1': "
                         "a method, a target and the protocol version, separated by spaces.")
    method, target, _version = parts
    headers = []
    for number, line in enumerate(lines[1:], start=2):
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ValueError(f"Line {number} of the request, {line!r}, is not a header "
                             "('Name: value'); headers end at the first empty line.")
        headers.append((name.strip(), value.strip()))
    headers = Headers(headers)
    body = read_body(headers, body)
    path, _, query = target.partition("?")
    return HttpRequest(method, urllib.parse.unquote(path), query, headers, body)


def read_body(headers, rest):
    """The body of a request, cut from `rest` (the bytes after the blank line) by its framing."""
    encoding = headers.get("Transfer-Encoding")
    if encoding is not None:  # it wins over Content-Length
        if encoding.split(",")[-1].strip().lower() != "chunked":
            raise ValueError(f"Transfer-Encoding {encoding!r} does not end in 'chunked', so the "
                             "body's end cannot be found; a server answers 400 Bad Request.")
        return decode_chunked(rest)
    length = headers.get("Content-Length")
    if length is None:
        return b""  # a request with neither header has no body
    if not length.strip().isdigit():
        raise ValueError(f"Content-Length {length!r} is not a number of bytes; a server answers "
                         "400 Bad Request rather than guess where the body ends.")
    return rest[:int(length)]


def decode_chunked(rest):
    """Join the chunks of a chunked body: each is its size in hex, CRLF, the bytes, CRLF, and a
    chunk of size 0 ends the body.

    >>> decode_chunked(b"4\\r\\nWiki\\r\\n5\\r\\npedia\\r\\n0\\r\\n\\r\\n")
    b'Wikipedia'
    """
    body = b""
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size_text = size_line.split(b";")[0].strip()  # a chunk may carry ";name=value" extensions
        try:
            size = int(size_text, 16)
        except ValueError:
            raise ValueError(f"The chunk size {size_text!r} is not a hexadecimal number.") from None
        if size == 0:
            return body
        body += rest[:size]
        rest = rest[size + 2:]  # the chunk's bytes and the CRLF after them


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------


class HttpResponse:
    """What a view returns: a body, a status code and headers.

    >>> response = HttpResponse("<h1>Hi</h1>")
    >>> response.status_code, response.reason_phrase, response["Content-Type"]
    (200, 'OK', 'text/html; charset=utf-8')
    """

    status_code = 200
    streaming = False  # StreamingHttpResponse says True: its body is not in `content`

    def __init__(self, content=b"", content_type=None, status=None, reason=None, headers=None):
        if status is not None:
            self.status_code = int(status)
        self._reason_phrase = reason
        self.headers = Headers(headers)
        self.headers.setdefault("Content-Type", content_type or "text/html; charset=utf-8")
        self.cookies = {}  # cookie name -> the value of its Set-Cookie header
        self.content = content

    @property
    def reason_phrase(self):
        """The words after the status code: 200 OK, 404 Not Found."""
        if self._reason_phrase is not None:
            return self._reason_phrase
        try:
            return HTTPStatus(self.status_code).phrase
        except ValueError:
            return "Unknown Status Code"

    @property
    def content(self):
        """The body as bytes; assign str or bytes."""
        return self._content

    @content.setter
    def content(self, value):
        if isinstance(value, str):
            value = value.encode("utf-8")
        elif not isinstance(value, (bytes, bytearray)):
            value = str(value).encode("utf-8")
        self._content = bytes(value)

    @property
    def text(self):
        """The body decoded as UTF-8 text."""
        return self._content.decode("utf-8", "replace")

    def json(self):
        """The body parsed as JSON (handy in tests: `response.json()["votes"]`)."""
        try:
            return json.loads(self.text)
        except ValueError as error:
            raise ValueError(f"The response body is not JSON ({error}); its Content-Type is "
                             f"{self.headers.get('Content-Type')!r} and it starts with "
                             f"{self.text[:60]!r}.") from error

    # Django lets you treat a response as its headers: response["Location"].
    def __getitem__(self, name):
        return self.headers[name]

    def __setitem__(self, name, value):
        self.headers[name] = value

    def __delitem__(self, name):
        del self.headers[name]

    def has_header(self, name):
        return name in self.headers

    def get(self, name, default=None):
        """A header's value, or `default` if the response has no such header (as in Django).

        >>> HttpResponse().get("Location", "nowhere")
        'nowhere'
        """
        return self.headers.get(name, default)

    def write(self, text):
        """Append to the body, like writing to a file."""
        self.content = self._content + (text.encode("utf-8") if isinstance(text, str) else text)

    def set_cookie(self, key, value="", max_age=None, expires=None, path="/", domain=None,
                   secure=False, httponly=False, samesite=None):
        """Ask the browser to store a cookie, sent back on later requests.

        `max_age` is in seconds; `expires` a datetime or an HTTP date string. `samesite` is
        "Lax", "Strict" or "None".

        >>> response = HttpResponse()
        >>> response.set_cookie("theme", "dark", max_age=3600, httponly=True)
        >>> response.cookies["theme"]
        'theme=dark; Max-Age=3600; Path=/; HttpOnly'
        """
        parts = [f"{key}={urllib.parse.quote(str(value), safe='')}"]
        if expires is not None:
            if isinstance(expires, datetime.datetime):
                expires = email.utils.format_datetime(expires.astimezone(datetime.timezone.utc),
                                                      usegmt=True)
            parts.append(f"Expires={expires}")
        if max_age is not None:
            if isinstance(max_age, datetime.timedelta):
                max_age = int(max_age.total_seconds())
            parts.append(f"Max-Age={int(max_age)}")
        if domain:
            parts.append(f"Domain={domain}")
        if path:
            parts.append(f"Path={path}")
        if secure:
            parts.append("Secure")
        if httponly:
            parts.append("HttpOnly")
        if samesite:
            if samesite.lower() not in ("lax", "strict", "none"):
                raise ValueError(f"samesite={samesite!r}: it must be 'Lax', 'Strict' or 'None'.")
            parts.append(f"SameSite={samesite.capitalize()}")
        self.cookies[key] = "; ".join(parts)

    def delete_cookie(self, key, path="/", domain=None, samesite=None):
        """Ask the browser to forget a cookie: an empty value that expired long ago."""
        self.set_cookie(key, "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT", path=path,
                        domain=domain, samesite=samesite)

    def header_lines(self):
        """Every header as (name, value), Set-Cookie included, Content-Length last.

        Content-Length is the size of the body in bytes, unless it was set by hand (as the
        answer to a HEAD request does: the size the GET body would have).
        """
        lines = [(name, value) for name, value in self.headers.items()
                 if name.lower() != "content-length"]
        lines += [("Set-Cookie", cookie) for cookie in self.cookies.values()]
        lines.append(("Content-Length", self.headers.get("Content-Length",
                                                         str(len(self._content)))))
        return lines

    def serialize(self):
        """The response as the bytes of an HTTP/1.1 message.

        >>> HttpResponse("Hi", content_type="text/plain").serialize()
        b'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 2\\r\\n\\r\\nHi'
        """
        head = [f"HTTP/1.1 {self.status_code} {self.reason_phrase}"]
        head += [f"{name}: {value}" for name, value in self.header_lines()]
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + self._content

    def __repr__(self):
        return (f"<{type(self).__name__} status_code={self.status_code}, "
                f"{self.headers.get('Content-Type')!r}>")


class StreamingHttpResponse(HttpResponse):
    """A response whose body is sent a piece at a time, while the view is still producing it.

        def countdown(request):
            def pieces():
                for number in [3, 2, 1]:
                    yield f"{number}\n"
            return StreamingHttpResponse(pieces(), content_type="text/plain")

    `streaming_content` is an iterator of bytes; a piece is sent the moment it is made, so the
    client can read the first before the last exists (server-sent events, `glassbox.sse`, are
    built on this). There is no `.content`: reading it would wait for the end, which may never
    come, so it raises AttributeError, as in Django. Middleware that rewrites bodies must check
    `response.streaming` first. There is no Content-Length either: on the wire the body is sent
    with `Transfer-Encoding: chunked`.

    Every piece that leaves goes into the request's trace as a "stream" event (op "chunk"); the
    end of the stream as op "end", and a client that hangs up early, `close()`, as op "closed":
    the view's generator is closed too, so its `finally:` blocks run and nothing is left open.
    As in Django, the view's code inside the generator runs only as the client reads, after
    the middleware and the "response" event: outside the transaction and the trace's SQL.

    >>> response = StreamingHttpResponse(iter(["a", "b"]))
    >>> b"".join(response.streaming_content)
    b'ab'
    """

    streaming = True

    def __init__(self, streaming_content=(), content_type=None, status=None, reason=None,
                 headers=None):
        if status is not None:
            self.status_code = int(status)
        self._reason_phrase = reason
        self.headers = Headers(headers)
        self.headers.setdefault("Content-Type", content_type or "text/html; charset=utf-8")
        self.cookies = {}
        self.trace = None  # the app sets it: where the pieces are written down as they leave
        self.chunks_sent = 0
        self.bytes_sent = 0
        self.closed = False
        self.streaming_content = streaming_content

    @property
    def content(self):
        raise AttributeError(
            f"This {type(self).__name__} instance has no `content` attribute. "
            "Use `streaming_content` instead.")

    @content.setter
    def content(self, value):
        raise AttributeError(
            f"This {type(self).__name__} instance has no `content` attribute to set. "
            "Give the pieces to `streaming_content` instead.")

    @property
    def streaming_content(self):
        """The body: an iterator of bytes, each piece written down in the trace as it leaves."""
        return self._pieces()

    @streaming_content.setter
    def streaming_content(self, value):
        self._source = iter(value)

    def _pieces(self):
        for piece in self._source:
            if self.closed:
                return
            if isinstance(piece, str):
                piece = piece.encode("utf-8")
            elif not isinstance(piece, (bytes, bytearray)):
                piece = str(piece).encode("utf-8")
            self.chunks_sent += 1
            self.bytes_sent += len(piece)
            self.record("chunk", bytes=len(piece), **self.describe(piece))
            yield bytes(piece)
        if not self.closed:
            self.closed = True
            self.record("end", chunks=self.chunks_sent, bytes=self.bytes_sent)

    def describe(self, piece):
        """Extra keys for a piece's trace event (server-sent events name their event)."""
        return {}

    def record(self, op, **data):
        if self.trace is not None:
            self.trace.record("stream", op=op, **data)

    def close(self):
        """The client hung up: stop, close the view's generator (its `finally:` runs)."""
        if self.closed:
            return
        self.closed = True
        closer = getattr(self._source, "close", None)
        if closer is not None:
            closer()
        self.record("closed", chunks=self.chunks_sent, bytes=self.bytes_sent,
                    message=f"the client closed the stream after {self.chunks_sent} pieces")

    def getvalue(self):
        """Read the whole stream into bytes (only for a stream that ends)."""
        return b"".join(self.streaming_content)

    @property
    def text(self):
        raise AttributeError("A streaming response has no `text`: read `streaming_content`.")

    def header_lines(self):
        lines = [(name, value) for name, value in self.headers.items()
                 if name.lower() != "content-length"]
        lines += [("Set-Cookie", cookie) for cookie in self.cookies.values()]
        lines.append(("Transfer-Encoding", "chunked"))
        return lines

    def serialize(self):
        """The whole message, the body in chunked encoding: each piece's size in hex, CRLF,
        the piece, CRLF; a zero-size chunk ends it. Reads the stream to its end."""
        head = [f"HTTP/1.1 {self.status_code} {self.reason_phrase}"]
        head += [f"{name}: {value}" for name, value in self.header_lines()]
        body = b"".join(f"{len(piece):x}\r\n".encode("latin-1") + piece + b"\r\n"
                        for piece in self.streaming_content if piece)
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body + b"0\r\n\r\n"


class JsonResponse(HttpResponse):
    """A response whose body is `data` as JSON.

    >>> JsonResponse({"votes": 3}).text
    '{"votes": 3}'
    """

    def __init__(self, data, safe=True, json_dumps_params=None, **kwargs):
        if safe and not isinstance(data, dict):
            raise TypeError(f"JsonResponse got a {type(data).__name__}; only dicts are allowed "
                            "by default (a bare JSON array could leak data to other sites in old "
                            "browsers). Pass safe=False to send it anyway.")
        kwargs.setdefault("content_type", "application/json")
        super().__init__(json.dumps(data, **(json_dumps_params or {})), **kwargs)


class HttpResponseRedirect(HttpResponse):
    """302 Found: "what you want is at `Location`". Browsers follow it with a GET."""

    status_code = 302

    def __init__(self, redirect_to, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self["Location"] = str(redirect_to)

    @property
    def url(self):
        return self["Location"]


class HttpResponsePermanentRedirect(HttpResponseRedirect):
    """301 Moved Permanently: browsers and search engines may remember it."""

    status_code = 301


class HttpResponseNotModified(HttpResponse):
    status_code = 304


class HttpResponseBadRequest(HttpResponse):
    status_code = 400


class HttpResponseForbidden(HttpResponse):
    status_code = 403


class HttpResponseNotFound(HttpResponse):
    status_code = 404


class HttpResponseNotAllowed(HttpResponse):
    """405 Method Not Allowed, with the `Allow` header listing the methods that are.

    >>> HttpResponseNotAllowed(["GET", "POST"])["Allow"]
    'GET, POST'
    """

    status_code = 405

    def __init__(self, permitted_methods, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self["Allow"] = ", ".join(method.upper() for method in permitted_methods)


class HttpResponseServerError(HttpResponse):
    status_code = 500


def redirect(to, permanent=False):
    """A redirect response to a URL: `return redirect("/polls/")`.

    (Django's `redirect` also accepts a URL name; here use `reverse()` from glassbox.urls.)
    """
    response_class = HttpResponsePermanentRedirect if permanent else HttpResponseRedirect
    return response_class(to)
