"""URL routing: how the path of a request finds its view.

A URL conf is a list of patterns:

    urlpatterns = [
        path("", views.index, name="index"),
        path("polls/<int:question_id>/", views.detail, name="detail"),
        path("blog/", include(blog_patterns, namespace="blog")),
    ]

`path()` compiles its route into a regular expression: `<int:question_id>` becomes
`(?P<question_id>[0-9]+)`, and the *converter* (`int`) also turns the captured text into a
Python value, so the view is called as `detail(request, question_id=7)`. Converters for `str`,
`int`, `slug`, `uuid` and `path` are built in; `register_converter()` adds your own.

Resolving tries the patterns in order and stops at the first match, recording every attempt in
the request's trace. `include()` nests a list under a prefix, and its `namespace` names the
group, so `reverse("blog:post", kwargs={"slug": "hello"})` builds `/blog/hello/` back from a
name. When nothing matches, `Resolver404` carries the patterns tried: the debug 404 page lists
them, which is usually enough to spot the typo.
"""

import importlib
import re
import uuid

from glassbox.exceptions import ImproperlyConfigured
from glassbox.http import Http404


# ---------------------------------------------------------------------------------------------
# Converters: a regular expression, and the functions from text to value and back
# ---------------------------------------------------------------------------------------------


class StringConverter:
    """Any text without a slash (the default when a route says just `<name>`)."""

    regex = "[^/]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class IntConverter(StringConverter):
    """Zero or a positive whole number, given to the view as an `int`."""

    regex = "[0-9]+"

    def to_python(self, value):
        return int(value)


class SlugConverter(StringConverter):
    """Letters, digits, hyphens and underscores: `my-first-post`."""

    regex = "[-a-zA-Z0-9_]+"


class UUIDConverter(StringConverter):
    """A UUID such as `075194d3-6885-417e-a8a8-6c931e272f00`, given as a `uuid.UUID`."""

    regex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

    def to_python(self, value):
        return uuid.UUID(value)


class PathConverter(StringConverter):
    """Any non-empty text, slashes included: for the rest of a path."""

    regex = ".+"


CONVERTERS = {
    "str": StringConverter(),
    "int": IntConverter(),
    "slug": SlugConverter(),
    "uuid": UUIDConverter(),
    "path": PathConverter(),
}


def register_converter(converter, type_name):
    """Make `<type_name:...>` usable in routes. `converter` is a class with `regex`,
    `to_python()` and `to_url()`.

    >>> class YearConverter:
    ...     regex = "[0-9]{4}"
    ...     def to_python(self, value): return int(value)
    ...     def to_url(self, value): return f"{value:04d}"
    >>> register_converter(YearConverter, "year")
    >>> path("archive/<year:year>/", print).pattern.regex.pattern
    '^archive/(?P<year>[0-9]{4})/\\\\Z'
    """
    CONVERTERS[type_name] = converter() if isinstance(converter, type) else converter


# Finds `<converter:name>` or `<name>` in a route.
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


class RoutePattern:
    """A route such as `polls/<int:question_id>/`, compiled to a regular expression."""

    def __init__(self, route, is_endpoint):
        self.route = route
        self.is_endpoint = is_endpoint  # the end of a path(), not the prefix of an include()
        self.converters = {}
        self.regex = re.compile(self._to_regex(route, is_endpoint))

    def _to_regex(self, route, is_endpoint):
        where = f"In the URL route {route!r}"
        if route.startswith("/"):
            raise ImproperlyConfigured(f"{where}: routes do not start with a slash (the path "
                                       f"'/' is stripped first); write {route.lstrip('/')!r}.")
        parts = ["^"]
        rest = route
        while True:
            match = PARAMETER.search(rest)
            if not match:
                break
            literal = rest[:match.start()]
            self._check_literal(literal, where)
            parts.append(re.escape(literal))
            name = match.group("parameter")
            converter_name = match.group("converter") or "str"
            if "<" in name or not name.isidentifier():
                raise ImproperlyConfigured(
                    f"{where}: {match.group(0)!r} is not a valid parameter. Write "
                    "<converter:name>, e.g. <int:question_id>, where name is a Python "
                    "identifier (it becomes a keyword argument of the view).")
            if converter_name not in CONVERTERS:
                known = ", ".join(sorted(CONVERTERS))
                raise ImproperlyConfigured(
                    f"{where}: the converter {converter_name!r} in {match.group(0)!r} is not "
                    f"known. Use one of: {known}, or add it with register_converter().")
            converter = CONVERTERS[converter_name]
            self.converters[name] = converter
            parts.append(f"(?P<{name}>{converter.regex})")
            rest = rest[match.end():]
        self._check_literal(rest, where)
        parts.append(re.escape(rest))
        if is_endpoint:
            parts.append(r"\Z")
        return "".join(parts)

    @staticmethod
    def _check_literal(text, where):
        if "<" in text:
            raise ImproperlyConfigured(f"{where}: a '<' is never closed; every parameter needs "
                                       "its '>', as in <int:id>.")
        if ">" in text:
            raise ImproperlyConfigured(f"{where}: a '>' has no matching '<'.")

    def match(self, path):
        """(the rest of the path, captured values) if the route matches the start of `path`."""
        found = self.regex.search(path)
        if not found:
            return None
        kwargs = {}
        for name, text in found.groupdict().items():
            try:
                kwargs[name] = self.converters[name].to_python(text)
            except ValueError:  # a converter may refuse what its regex let through
                return None
        return path[found.end():], kwargs

    def __str__(self):
        return self.route


# ---------------------------------------------------------------------------------------------
# Patterns and resolvers
# ---------------------------------------------------------------------------------------------


class ResolverMatch:
    """What resolving a path found: the view, its arguments, and the names along the way."""

    def __init__(self, func, kwargs, url_name=None, namespaces=(), route=""):
        self.func = func
        self.args = ()
        self.kwargs = kwargs
        self.url_name = url_name
        self.namespaces = list(namespaces)
        self.namespace = ":".join(self.namespaces)
        self.route = route

    @property
    def view_name(self):
        """The name reverse() knows this view by: `polls:detail`."""
        return ":".join(self.namespaces + [self.url_name or view_name(self.func)])

    def __repr__(self):
        return (f"ResolverMatch(func={view_name(self.func)}, kwargs={self.kwargs!r}, "
                f"url_name={self.url_name!r}, route={self.route!r})")


class Resolver404(Http404):
    """No pattern matched. `tried` lists the full routes compared, in order."""

    def __init__(self, path, tried):
        self.path = path
        self.tried = tried
        super().__init__(f"No URL pattern matches the path {path!r}. Tried, in order: "
                         + (", ".join(repr(route) for route in tried) or "(no patterns)"))


def view_name(view):
    """A readable name for a view function or class-based view: `detail`, `QuestionView`.

    A function defined inside another is named without the `outer.<locals>.` prefix.
    """
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return view_class.__name__
    name = getattr(view, "__qualname__", None) or getattr(view, "__name__", None)
    return name.split("<locals>.")[-1] if name else repr(view)


class URLPattern:
    """One route that ends at a view: made by `path()`."""

    def __init__(self, pattern, callback, kwargs=None, name=None):
        self.pattern = pattern
        self.callback = callback
        self.default_kwargs = kwargs or {}
        self.name = name

    def resolve(self, path, trace=None, prefix=""):
        matched = self.pattern.match(path)
        if trace is not None:
            trace.record("url_tried", pattern=prefix + str(self.pattern), matched=bool(matched))
        if matched:
            _, kwargs = matched
            return ResolverMatch(self.callback, {**kwargs, **self.default_kwargs}, self.name,
                                 route=prefix + str(self.pattern))
        return None

    def __repr__(self):
        return f"<URLPattern {str(self.pattern)!r} -> {view_name(self.callback)}>"


class URLResolver:
    """A list of patterns under a prefix: made by `include()`, and the root of every URL conf."""

    def __init__(self, pattern, url_patterns, namespace=None):
        self.pattern = pattern
        self.url_patterns = list(url_patterns)
        self.namespace = namespace
        for entry in self.url_patterns:
            if not isinstance(entry, (URLPattern, URLResolver)):
                raise ImproperlyConfigured(
                    f"The URL conf contains {entry!r}, which is not a pattern. Each entry must "
                    "come from path() or include(); did you put a view in the list directly?")

    def resolve(self, path, trace=None, prefix=""):
        """A ResolverMatch for `path`, or raise Resolver404 listing what was tried."""
        matched = self.pattern.match(path)
        if not matched:
            if trace is not None and self.pattern.route:
                trace.record("url_tried", pattern=prefix + self.pattern.route, matched=False)
            raise Resolver404(path, [route for _, route, _ in self.all_patterns(prefix)])
        rest, captured = matched
        here = prefix + self.pattern.route
        tried = []
        for entry in self.url_patterns:
            try:
                match = entry.resolve(rest, trace, here)
            except Resolver404 as error:
                tried.extend(error.tried)
                continue
            if match is None:
                tried.append(here + str(entry.pattern))
                continue
            match.kwargs = {**captured, **match.kwargs}
            if self.namespace:
                match.namespaces.insert(0, self.namespace)
                match.namespace = ":".join(match.namespaces)
            return match
        raise Resolver404(path, tried)

    def all_patterns(self, prefix="", namespaces=()):
        """Yield (namespaced name, full route, URLPattern) for every pattern, nested included."""
        here = prefix + self.pattern.route
        names = list(namespaces) + ([self.namespace] if self.namespace else [])
        for entry in self.url_patterns:
            if isinstance(entry, URLResolver):
                yield from entry.all_patterns(here, names)
            else:
                yield ":".join(names + [entry.name or ""]), here + entry.pattern.route, entry

    def reverse(self, viewname, args=None, kwargs=None):
        """The path for a named pattern, filled with `args` or `kwargs`."""
        args, kwargs = list(args or []), dict(kwargs or {})
        candidates = [(route, entry) for full_name, route, entry in self.all_patterns()
                      if full_name == viewname]
        for route, entry in candidates:
            built = build_path(route, args, kwargs)
            if built is not None:
                return "/" + built
        if not candidates:
            known = ", ".join(sorted(name for name, _, e in self.all_patterns() if e.name))
            raise NoReverseMatch(f"No URL pattern is named {viewname!r}. Named patterns: "
                                 f"{known or '(none)'}. Give a pattern a name with "
                                 "path(..., name=...), and prefix its include's namespace.")
        raise NoReverseMatch(
            f"The pattern {viewname!r} exists ({', '.join(repr(r) for r, _ in candidates)}) but "
            f"not for args={args!r}, kwargs={kwargs!r}: check the names and types of the values.")


class NoReverseMatch(Exception):
    """reverse() could not build a path from the name and arguments given."""


def build_path(route, args, kwargs):
    """Fill the parameters of `route` with values; None when they do not fit."""
    names = [match.group("parameter") for match in PARAMETER.finditer(route)]
    if args:
        if kwargs or len(args) != len(names):
            return None
        kwargs = dict(zip(names, args))
    if set(names) != set(kwargs):
        return None
    result = []
    position = 0
    for match in PARAMETER.finditer(route):
        converter = CONVERTERS[match.group("converter") or "str"]
        text = converter.to_url(kwargs[match.group("parameter")])
        if not re.fullmatch(converter.regex, text):
            return None
        result.append(route[position:match.start()])
        result.append(text)
        position = match.end()
    result.append(route[position:])
    return "".join(result)


def path(route, view, kwargs=None, name=None):
    """A URL pattern: `path("polls/<int:question_id>/", views.detail, name="detail")`.

    `view` is a function taking the request (or a class-based view's `as_view()`), or the
    result of `include()` to nest more patterns under `route`.
    """
    if isinstance(view, tuple) and len(view) == 2 and isinstance(view[0], list):
        url_patterns, namespace = view
        return URLResolver(RoutePattern(route, is_endpoint=False), url_patterns, namespace)
    if isinstance(view, type):
        raise ImproperlyConfigured(
            f"path({route!r}, {view.__name__}) was given a class. Pass "
            f"{view.__name__}.as_view() so each request gets a fresh view instance.")
    if not callable(view):
        raise ImproperlyConfigured(f"path({route!r}, ...) needs a view function or include(); "
                                   f"got {view!r}.")
    return URLPattern(RoutePattern(route, is_endpoint=True), view, kwargs, name)


def include(url_patterns, namespace=None):
    """Nest a list of patterns under the route of a `path()`; names inside become
    `namespace:name` for reverse().

    Accepts a list, a module (or object) with `urlpatterns`, a module's dotted name
    ("examples.polls.urls"), or (list, namespace). A module may set `app_name`, used as the
    namespace when none is given.
    """
    if isinstance(url_patterns, str):
        url_patterns = importlib.import_module(url_patterns)
    if isinstance(url_patterns, tuple):
        url_patterns, namespace = url_patterns[0], namespace or url_patterns[1]
    if not isinstance(url_patterns, list):
        module = url_patterns
        url_patterns = getattr(module, "urlpatterns", None)
        if url_patterns is None:
            raise ImproperlyConfigured(f"include({module!r}) found no `urlpatterns` list in it.")
        namespace = namespace or getattr(module, "app_name", None)
    return (list(url_patterns), namespace)


def get_resolver(urlconf):
    """The root resolver for a URL conf (a list of patterns or a module with `urlpatterns`)."""
    if isinstance(urlconf, URLResolver):
        return urlconf
    url_patterns, _ = include(urlconf)
    return URLResolver(RoutePattern("", is_endpoint=False), url_patterns)


def resolve(path, urlconf, trace=None):
    """Find the view for `path` (which starts with '/'), or raise Resolver404."""
    try:
        return get_resolver(urlconf).resolve(path[1:] if path.startswith("/") else path, trace)
    except Resolver404 as error:
        raise Resolver404(path, error.tried) from None


def reverse(viewname, urlconf, args=None, kwargs=None):
    """Build the path of a named pattern: the inverse of resolve().

    >>> urls = [path("polls/<int:question_id>/", print, name="detail")]
    >>> reverse("detail", urls, kwargs={"question_id": 7})
    '/polls/7/'
    """
    return get_resolver(urlconf).reverse(viewname, args, kwargs)
