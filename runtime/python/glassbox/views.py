"""Views: the functions that turn a request into a response.

The simplest view is a function:

    def hello(request):
        return HttpResponse(f"Hello, {request.GET.get('name', 'world')}!")

URL captures arrive as keyword arguments: `path("polls/<int:question_id>/", detail)` calls
`detail(request, question_id=7)`.

A class-based view groups the handling of one URL by HTTP method: `get()`, `post()`, ... The
class is not the view; `as_view()` makes the view function, which creates a fresh instance
per request (so nothing leaks between requests) and calls `dispatch()`, which picks the method:

    class QuestionView(View):
        def get(self, request, question_id):
            ...
        def post(self, request, question_id):
            ...

    path("polls/<int:question_id>/", QuestionView.as_view())

A method the class does not define answers 405 Method Not Allowed, with an `Allow` header.
Two methods come for free, as in Django: `OPTIONS` answers 200 with that `Allow` header, and
`HEAD` runs `get()` when the class has no `head()` (the application then drops the body).
The decorators `require_GET`, `require_POST` and `require_http_methods` do the same for
function views.
"""

import functools

from glassbox.http import HttpResponse, HttpResponseNotAllowed


class View:
    """Dispatches a request to the method named after its HTTP method, in lower case."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)

    @classmethod
    def as_view(cls, **initkwargs):
        """The view function for this class; `initkwargs` become attributes of each instance.

        >>> class Hello(View):
        ...     greeting = "Hello"
        ...     def get(self, request):
        ...         return HttpResponse(self.greeting)
        >>> view = Hello.as_view(greeting="Hi")
        >>> view.view_class.__name__
        'Hello'
        """
        for key in initkwargs:
            if key in cls.http_method_names:
                raise TypeError(f"{cls.__name__}.as_view() got {key!r}, an HTTP method name. "
                                f"Define a method `def {key}(self, request)` instead.")
            if not hasattr(cls, key):
                raise TypeError(f"{cls.__name__}.as_view() got {key!r}, which is not an "
                                f"attribute of {cls.__name__}. Only existing attributes can be "
                                "set this way; add it to the class first.")

        def view(request, *args, **kwargs):
            self = cls(**initkwargs)
            self.setup(request, *args, **kwargs)
            return self.dispatch(request, *args, **kwargs)

        view.view_class = cls
        view.view_initkwargs = initkwargs
        view.__name__ = cls.__name__
        view.__qualname__ = cls.__qualname__
        view.__doc__ = cls.__doc__
        return view

    def setup(self, request, *args, **kwargs):
        """Keep the request and URL arguments on the instance: self.request, self.kwargs."""
        if hasattr(self, "get") and not hasattr(self, "head"):
            self.head = self.get  # HEAD is GET without the body
        self.request = request
        self.args = args
        self.kwargs = kwargs

    def dispatch(self, request, *args, **kwargs):
        """Call the method for request.method, or answer 405."""
        method = request.method.lower()
        if method in self.http_method_names:
            handler = getattr(self, method, self.http_method_not_allowed)
        else:
            handler = self.http_method_not_allowed
        return handler(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        request.trace.record("method_not_allowed", method=request.method,
                             allowed=self._allowed_methods())
        return HttpResponseNotAllowed(self._allowed_methods())

    def options(self, request, *args, **kwargs):
        """Answer OPTIONS with the methods this view accepts, in an `Allow` header, and no body
        (as Django's View does: the same empty HttpResponse, so the same Content-Type)."""
        response = HttpResponse()
        response["Allow"] = ", ".join(self._allowed_methods())
        response["Content-Length"] = "0"
        return response

    def _allowed_methods(self):
        return [name.upper() for name in self.http_method_names if hasattr(self, name)]


class TemplateView(View):
    """Renders `template_name` with `get_context_data()` on GET."""

    template_name = None

    def get_context_data(self, **kwargs):
        return dict(kwargs, view=self)

    def get(self, request, *args, **kwargs):
        from glassbox.shortcuts import render

        if self.template_name is None:
            raise TypeError(f"{type(self).__name__} needs a template_name: set it on the class "
                            "or pass it to as_view(template_name=...).")
        return render(request, self.template_name, self.get_context_data(**kwargs))


def require_http_methods(methods):
    """Decorator: the view only accepts these methods; others get 405.

    >>> @require_http_methods(["GET", "POST"])
    ... def vote(request):
    ...     return HttpResponse("ok")
    >>> vote.allowed_methods
    ['GET', 'POST']
    """
    if callable(methods):
        raise TypeError("require_http_methods needs a list of methods: write "
                        "@require_http_methods([\"GET\", \"POST\"]) above the view.")
    allowed = [method.upper() for method in methods]

    def decorator(view):
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            if request.method not in allowed:
                request.trace.record("method_not_allowed", method=request.method,
                                     allowed=allowed)
                return HttpResponseNotAllowed(allowed)
            return view(request, *args, **kwargs)

        inner.allowed_methods = allowed
        return inner

    return decorator


require_GET = require_http_methods(["GET", "HEAD"])
require_GET.__doc__ = "Decorator: only GET (and HEAD) reach the view."
require_POST = require_http_methods(["POST"])
require_POST.__doc__ = "Decorator: only POST reaches the view."
require_safe = require_http_methods(["GET", "HEAD"])
