"""Conditional requests: "send it only if it changed" (RFC 9110 §13), answered with a 304.

A browser that holds a copy of a page can ask whether its copy is still good instead of
downloading it again. It sends what it knows about its copy:

    If-None-Match: W/"v42"                       the copy's ETag (a version label for the page)
    If-Modified-Since: Wed, 01 Apr 2026 ...      the copy's Last-Modified date

If nothing changed, the server answers `304 Not Modified` with no body, and the browser uses
its copy. The 304 carries the headers a 200 would have carried (ETag, Cache-Control, Expires,
Vary, Date, Last-Modified), because caches refresh their copy's headers from it.

An ETag is *strong* (`"abc"`: the bytes are identical) or *weak* (`W/"abc"`: the content is
equivalent, e.g. the same data in a page whose markup changed slightly). If-None-Match uses the
weak comparison, so `W/"abc"` matches `"abc"`; If-Match, which guards writes, uses the strong one.
When a request has both If-None-Match and If-Modified-Since, the ETag decides and the date is
ignored: an ETag is exact, a date has one-second steps.

    >>> etags_match('W/"v1"', ['"v1"'], weak=True), etags_match('W/"v1"', ['"v1"'], weak=False)
    (True, False)

Two ways to use it:

- `ConditionalGetMiddleware` works on any page after it is made: it hashes the body into an
  ETag and turns a 200 into a 304 when the browser's copy matches. It saves bandwidth, not work.
- `@condition(etag_func=..., last_modified_func=...)` (and `@etag`, `@last_modified`) ask *before*
  the view runs: a cheap query ("when did this question last change?") can skip the expensive
  page entirely.
"""

import functools
import hashlib
import re

from glassbox import clock
from glassbox.cache.headers import http_date, parse_http_date
from glassbox.http import HttpResponse

ETAG_PATTERN = re.compile(r'((?:W/)?"[^"]*")')

# The headers a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5), as Django does.
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires",
                        "Last-Modified", "Vary")


def quote_etag(tag):
    """An ETag as it is written on the wire: in double quotes, W/ kept if it is weak.

    >>> quote_etag("v1"), quote_etag('W/"v1"')
    ('"v1"', 'W/"v1"')
    """
    if ETAG_PATTERN.fullmatch(tag):
        return tag
    return f'"{tag}"'


def parse_etags(header):
    """The ETags of an If-None-Match or If-Match header; ['*'] for "any".

    >>> parse_etags('"a", W/"b"')
    ['"a"', 'W/"b"']
    """
    if header.strip() == "*":
        return ["*"]
    return ETAG_PATTERN.findall(header)


def etags_match(etag, candidates, weak):
    """True if `etag` matches one of `candidates`: weak comparison ignores W/, strong
    comparison needs both to be strong and equal."""
    if etag is None:
        return False
    if "*" in candidates:
        return True
    if weak:
        opaque = etag.removeprefix("W/")
        return any(candidate.removeprefix("W/") == opaque for candidate in candidates)
    return not etag.startswith("W/") and etag in candidates


def content_etag(content):
    """A strong ETag from the bytes of a body (what ConditionalGetMiddleware gives a page)."""
    return f'"{hashlib.md5(content).hexdigest()}"'


def evaluate_preconditions(request, etag=None, last_modified=None):
    """Which status the conditions of `request` call for: 304, 412, or None ("go on").

    The order is RFC 9110 §13.2.2: If-Match, then If-Unmodified-Since (only without If-Match),
    then If-None-Match, then If-Modified-Since (only without If-None-Match, only for GET/HEAD).
    `last_modified` is in epoch seconds.
    """
    headers = request.headers
    safe = request.method in ("GET", "HEAD")
    if "If-Match" in headers:
        if not etags_match(etag, parse_etags(headers["If-Match"]), weak=False):
            return 412
    elif "If-Unmodified-Since" in headers and last_modified is not None:
        since = parse_http_date(headers["If-Unmodified-Since"])
        if since is not None and int(last_modified) > since:
            return 412
    if "If-None-Match" in headers:
        if etags_match(etag, parse_etags(headers["If-None-Match"]), weak=True):
            return 304 if safe else 412
    elif "If-Modified-Since" in headers and safe and last_modified is not None:
        since = parse_http_date(headers["If-Modified-Since"])
        if since is not None and int(last_modified) <= since:
            return 304
    return None


def not_modified(response=None, etag=None, last_modified=None):
    """A 304 that carries the validators and caching headers the 200 (`response`) has."""
    result = HttpResponse(status=304)
    del result["Content-Type"]  # there is no body to describe
    if response is not None:
        for name in NOT_MODIFIED_HEADERS:
            if name in response.headers:
                result[name] = response[name]
        result.cookies = dict(response.cookies)
        # Content-Length, if sent, must be the size of the body a 200 would have had (a streamed
        # body's size is not known until it has been sent).
        if not response.streaming:
            result["Content-Length"] = str(len(response.content))
    if etag is not None:
        result.headers.setdefault("ETag", etag)
    if last_modified is not None:
        result.headers.setdefault("Last-Modified", http_date(last_modified))
    result.headers.setdefault("Date", http_date())
    return result


def get_conditional_response(request, response=None, etag=None, last_modified=None):
    """The 304 or 412 the request's conditions call for, or `response` unchanged."""
    status = evaluate_preconditions(request, etag, last_modified)
    if status == 304:
        return not_modified(response, etag, last_modified)
    if status == 412:
        return HttpResponse(status=412, content="<h1>412 Precondition Failed</h1>")
    return response


def response_validators(response):
    """(ETag, Last-Modified in epoch seconds) of a response, each None if absent."""
    modified = response.headers.get("Last-Modified")
    return response.headers.get("ETag"), parse_http_date(modified) if modified else None


class ConditionalGetMiddleware:
    """Gives successful GET pages an ETag (a hash of the body) and a Date, and answers 304 when
    the browser's copy is still current. The view still runs: this saves the download."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.headers.setdefault("Date", http_date())
        # A streamed body is not known until it has been sent, so it cannot be hashed (Django's
        # set_response_etag skips streaming responses too).
        if "ETag" not in response.headers and not response_is_private_no_store(response) \
                and not response.streaming:
            response["ETag"] = content_etag(response.content)
        etag, last_modified = response_validators(response)
        conditional = get_conditional_response(request, response, etag, last_modified)
        if conditional is not response:
            request.trace.record("conditional", status=conditional.status_code, etag=etag,
                                 last_modified=response.headers.get("Last-Modified"))
        return conditional


def response_is_private_no_store(response):
    """no-store responses get no ETag: nobody may keep them, so nobody will ask about them."""
    return "no-store" in response.headers.get("Cache-Control", "").lower()


def condition(etag_func=None, last_modified_func=None):
    """A view decorator that checks the request's conditions *before* running the view.

    `etag_func(request, *args, **kwargs)` returns the ETag of the current version (a string,
    quoted or not) and `last_modified_func(...)` its last change (a datetime or epoch seconds);
    either may return None. When the browser's copy is current the view does not run at all:

        def question_version(request, question_id):
            return str(Question.objects.get(pk=question_id).updated)

        @condition(etag_func=question_version)
        def question(request, question_id): ...
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            etag = etag_func(request, *args, **kwargs) if etag_func else None
            etag = quote_etag(etag) if etag else None
            modified = last_modified_func(request, *args, **kwargs) if last_modified_func \
                else None
            modified = None if modified is None else int(clock.as_seconds(modified))
            early = get_conditional_response(request, None, etag, modified)
            if early is not None:
                request.trace.record("conditional", status=early.status_code, etag=etag,
                                     last_modified=modified and http_date(modified))
                return early
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD") and response.status_code == 200:
                if etag is not None:
                    response.headers.setdefault("ETag", etag)
                if modified is not None:
                    response.headers.setdefault("Last-Modified", http_date(modified))
            return response

        return wrapper

    return decorator


def etag(etag_func):
    """`@condition(etag_func=...)`."""
    return condition(etag_func=etag_func)


def last_modified(last_modified_func):
    """`@condition(last_modified_func=...)`."""
    return condition(last_modified_func=last_modified_func)
