"""Templates and the engine that holds them.

A `Template` is parsed once and rendered many times. The `Engine` keeps the sources by name
(a dict, since the browser has no file system), parses each template the first time it is
asked for, and holds the filters and the autoescape setting the templates share.
"""

import time

from glassbox.template.context import Context
from glassbox.template.exceptions import TemplateDoesNotExist
from glassbox.template.filters import FILTERS
from glassbox.template.lexer import tokenize
from glassbox.template.nodes import render_nodes
from glassbox.template.parser import Parser
from glassbox.template.safestring import mark_safe


class Template:
    """A parsed template, ready to render many times.

    >>> Template("{% for n in numbers %}{{ n }}{% if not forloop.last %}, {% endif %}"
    ...          "{% endfor %}").render({"numbers": [1, 2, 3]})
    '1, 2, 3'
    """

    def __init__(self, source, name=None, engine=None):
        self.source = source
        self.name = name
        self.engine = engine or Engine()
        parser = Parser(tokenize(source, name), self.engine, name)
        self.nodes, _ = parser.parse()
        self.blocks = parser.blocks
        self.extends = parser.extends

    def render(self, context=None):
        """Render with a dict (or Context) of names; returns a SafeString."""
        if not isinstance(context, Context):
            context = Context(context, autoescape=self.engine.autoescape)
        if self.extends is not None:
            return mark_safe(self.extends.render(context))
        return mark_safe(render_nodes(self.nodes, context))

    def __repr__(self):
        return f"<Template {self.name!r}>"


class Engine:
    """Holds the templates (name -> source), the filters, and the autoescape setting."""

    def __init__(self, templates=None, autoescape=True, filters=None, reverse=None):
        self.sources = dict(templates or {})
        self.autoescape = autoescape
        self.reverse = reverse  # the URL conf's reverse(), for {% url %}
        self.filters = dict(FILTERS)
        self.filters.update(filters or {})
        self._cache = {}

    def add_template(self, name, source):
        self.sources[name] = source
        self._cache.pop(name, None)

    def register_filter(self, name, function):
        """Add a filter: `engine.register_filter("shout", lambda value: value + "!")`."""
        self.filters[name] = function
        self._cache.clear()

    def get_template(self, name):
        """The parsed template called `name` (parsed once, then cached)."""
        if name not in self._cache:
            if name not in self.sources:
                known = ", ".join(sorted(self.sources)) or "(none)"
                raise TemplateDoesNotExist(f"No template is named {name!r}. Known templates: "
                                           f"{known}. Add it to the TEMPLATES setting.")
            self._cache[name] = Template(self.sources[name], name, self)
        return self._cache[name]

    def from_string(self, source):
        return Template(source, None, self)

    def render_to_string(self, name, context=None, request=None):
        """Render a template by name; with a request, record it in the request's trace."""
        stop = time.perf_counter()
        values = dict(context or {})
        if request is not None:
            values.setdefault("request", request)
        text = self.get_template(name).render(values)
        if request is not None:
            request.trace.record("template", name=name,
                                 duration_ms=round((time.perf_counter() - stop) * 1000, 3))
        return text
