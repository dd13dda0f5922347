"""Caching decorators for views: cache one view's pages, or tell caches what they may do.

    @cache_page(60)                 # keep this view's pages for a minute (the "view cache")
    def results(request, question_id): ...

    @cache_control(max_age=3600, public=True)   # let browsers and CDNs keep it for an hour
    def about(request): ...

    @never_cache                    # nobody keeps it: a page with the user's balance
    def account(request): ...

    @vary_on_cookie                 # one copy per Cookie: the page depends on who asks
    def dashboard(request): ...

`cache_page` runs the site cache's machinery (`CacheMiddleware`) around a single view, so the
same rules apply: anonymous GETs only, 200 only, nothing private, no cookies. The others only
change headers, which the site cache, the browser cache and any CDN then obey. The decorators
that check ETags and dates before the view runs are in `glassbox.cache.conditional`.
"""

import functools

from glassbox.cache.headers import add_never_cache_headers, patch_cache_control, \
    patch_vary_headers
from glassbox.cache.middleware import CacheMiddleware


def cache_page(timeout, cache=None, key_prefix=None):
    """Cache the view's responses for `timeout` seconds (None: the cache's default, forever
    if that is None). `cache` names a cache in CACHES; `key_prefix` separates this view's keys.

    The view's own max-age does not matter: `timeout` wins. Calls with different URL captures
    are different URLs, so different entries.
    """
    if callable(timeout) and not isinstance(timeout, (int, float)):
        raise TypeError("cache_page needs a timeout: write @cache_page(60), not @cache_page.")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            middleware = CacheMiddleware(lambda request: view(request, *args, **kwargs),
                                         page_timeout=timeout, cache_alias=cache,
                                         key_prefix=key_prefix, layer="view cache")
            return middleware(request)

        return wrapper

    return decorator


def cache_control(**directives):
    """Add Cache-Control directives to the view's responses: `max_age=60` is `max-age=60`,
    `public=True` is `public`, `no_cache=True` is `no-cache`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, **directives)
            return response

        return wrapper

    return decorator


def never_cache(view):
    """Headers that forbid every cache to keep the response (no-store, private, max-age=0,
    and an Expires in the past for old HTTP/1.0 caches)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def vary_on_headers(*headers):
    """Add request header names to the response's Vary: `@vary_on_headers("Accept-Language")`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, headers)
            return response

        return wrapper

    return decorator


def vary_on_cookie(view):
    """`Vary: Cookie`: caches keep one copy per cookie, so each visitor gets their own."""
    return vary_on_headers("Cookie")(view)
