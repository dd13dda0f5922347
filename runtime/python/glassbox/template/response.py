"""TemplateResponse: a response that has not been rendered yet.

`render(request, "page.html", context)` renders at once and returns finished HTML. A
`TemplateResponse` keeps the template's name and the context instead, and renders *later*:

    def home(request):
        return TemplateResponse(request, "home.html", {"title": "Welcome"})

Between the view returning and the render, the application calls each middleware's
`process_template_response(request, response)` hook, which may still change
`response.template_name` or `response.context_data`: add a name every page shows, swap the
template for a mobile one. Then the application calls `response.render()`, before any
middleware sees the response on its way out (see `Glassbox.get_response`).

Reading `content` before the render is a mistake, and says so:

    >>> from glassbox.http import HttpRequest
    >>> response = TemplateResponse(HttpRequest(), "home.html", {"title": "Hi"})
    >>> response.is_rendered
    False
    >>> response.content
    Traceback (most recent call last):
      ...
    glassbox.template.response.ContentNotRenderedError: The content of this TemplateResponse ('home.html') is read before it was rendered; call response.render() first.
"""

from glassbox.http import HttpResponse


class ContentNotRenderedError(Exception):
    """The content of a TemplateResponse was read before it was rendered."""


class TemplateResponse(HttpResponse):
    """A response that renders `template_name` with `context_data` when `render()` is called."""

    def __init__(self, request, template, context=None, content_type=None, status=None,
                 headers=None):
        super().__init__(b"", content_type=content_type, status=status, headers=headers)
        self.request = request
        self.template_name = template
        self.context_data = dict(context or {})
        self.is_rendered = False

    @property
    def rendered_content(self):
        """The HTML the template gives with the context as it is now (nothing is stored)."""
        app = getattr(self.request, "app", None)
        if app is None:
            raise RuntimeError("A TemplateResponse renders with the templates of the "
                               "application handling the request (request.app); return it "
                               "from a view, and let the application render it.")
        return app.templates.render_to_string(self.template_name, self.context_data,
                                              self.request)

    def render(self):
        """Render once: later calls (and changes to context_data after it) change nothing.
        Returns the response, so `response = response.render()` reads naturally."""
        if not self.is_rendered:
            self.content = self.rendered_content
        return self

    @property
    def content(self):
        """The body: only there once the response has been rendered."""
        if not self.is_rendered:
            raise ContentNotRenderedError(
                f"The content of this TemplateResponse ({self.template_name!r}) is read before "
                "it was rendered; call response.render() first.")
        return self._content

    @content.setter
    def content(self, value):
        HttpResponse.content.fset(self, value)
        self.is_rendered = True
