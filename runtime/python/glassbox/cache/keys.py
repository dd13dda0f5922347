"""The site cache's keys: the URL, the method, and the values of the headers named in Vary.

A page cache cannot key on the URL alone. If `/account/` answers `Vary: Cookie`, Ada's page and
Grace's page are different entries, and serving one to the other is the classic caching leak.
So, as in Django, the cache keeps two kinds of entries per URL:

    page.headers:<url>                          which request headers the page varies on,
                                                learnt from the response's Vary, and a
                                                generation token
    page:<method>:<url>:<generation>:<digest>   the page itself, where <digest> is a hash of
                                                those headers' values in this request

To find a page, `get_cache_key()` reads the header list first, then hashes this request's values
of those headers: a request with another Cookie gets another digest, so another entry.

Invalidation (after a POST to the URL) deletes the `page.headers` entry. The next page stored
gets a new generation token, so every old variant, whichever Cookie it was for, is unreachable
at once, without the cache having to list them. They age out on their own timeouts.

    >>> from glassbox.http import HttpRequest
    >>> cache_url(HttpRequest("GET", "/polls/", "page=2", {"Host": "example.com"}))
    'http://example.com/polls/?page=2'
"""

import hashlib
import urllib.parse
import uuid


def cache_url(request):
    """The absolute URL of the request, percent-encoded (so the key has no spaces)."""
    path = urllib.parse.quote(request.path, safe="/:@!$&'()*+,;=-._~%")
    query = request.META.get("QUERY_STRING", "")
    return f"{request.scheme}://{request.get_host()}{path}{'?' + query if query else ''}"


# Longer URLs are hashed in keys, so a key stays within memcached's 250 characters.
LONGEST_URL_IN_KEY = 160


def key_url(url):
    if len(url) <= LONGEST_URL_IN_KEY:
        return url
    return "md5-" + hashlib.md5(url.encode("utf-8")).hexdigest()


def headers_key(url, key_prefix=""):
    return f"{key_prefix}page.headers:{key_url(url)}"


def page_key(method, url, generation, vary_digest, key_prefix=""):
    return f"{key_prefix}page:{method}:{key_url(url)}:{generation}:{vary_digest}"


def vary_digest(request, header_names):
    """A short hash of this request's values of the headers the page varies on."""
    values = "\n".join(f"{name.lower()}={request.headers.get(name, '')}"
                       for name in sorted(header_names, key=str.lower))
    return hashlib.md5(values.encode("utf-8")).hexdigest()[:12]


def learn_cache_key(request, response, cache, timeout, key_prefix=""):
    """Remember which headers the response varies on; return the key to store the page under.

    The header list keeps its generation token while it lives, so pages stored for other
    values of those headers stay reachable.
    """
    from glassbox.cache.headers import get_vary_headers

    url = cache_url(request)
    names = sorted(get_vary_headers(response), key=str.lower)
    known = cache.get(headers_key(url, key_prefix))
    generation = known["generation"] if known and known["vary"] == names \
        else uuid.uuid4().hex[:8]
    cache.set(headers_key(url, key_prefix), {"vary": names, "generation": generation}, timeout)
    method = "GET" if request.method == "HEAD" else request.method  # HEAD is answered from GET
    return page_key(method, url, generation, vary_digest(request, names), key_prefix)


def get_cache_key(request, cache, key_prefix="", method=None):
    """The key of this request's page if the URL was seen before, else None."""
    url = cache_url(request)
    known = cache.get(headers_key(url, key_prefix))
    if known is None:
        return None
    method = method or ("GET" if request.method == "HEAD" else request.method)
    return page_key(method, url, known["generation"], vary_digest(request, known["vary"]),
                    key_prefix)


def invalidate_url(url, cache, key_prefix=""):
    """Make every cached variant of the page at `url` unreachable; True if there were some."""
    return cache.delete(headers_key(url, key_prefix))
