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
from glassbox.template.nodes import describe_tree, render_nodes
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
        self.tokens = tokenize(source, name)                # step 1: lexing
        parser = Parser(self.tokens, self.engine, name)     # step 2: parsing
        self.nodes, _ = parser.parse()
        self.blocks = parser.blocks
        self.extends = parser.extends

    def render(self, context=None):
        """Render with a dict (or Context) of names; returns a SafeString. (Step 3.)"""
        if not isinstance(context, Context):
            context = Context(context, autoescape=self.engine.autoescape)
        if self.extends is not None:
            return mark_safe(self.extends.render(context))
        return mark_safe(render_nodes(self.nodes, context))

    @property
    def parent_name(self):
        """The name in {% extends "..." %} when it is a literal; None if there is none."""
        if self.extends is None:
            return None
        variable = self.extends.parent_name.variable
        return variable.literal if variable.is_literal else variable.text

    def tree(self):
        """The tree of nodes the parser built, one node a line, children indented.

        >>> print(Template("Hi {{ name|upper }}{% if admin %}!{% endif %}").tree())
        TextNode 'Hi '
        VariableNode name|upper
        IfNode admin
          TextNode '!'
        """
        return "\n".join(describe_tree(self.nodes))

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

    def get_template(self, name, trace=None):
        """The parsed template called `name` (lexed and parsed once, then cached).

        With a trace, record a `template_load` event: whether it was parsed now or came from
        the cache, how many tokens and nodes it has, the template it extends, its blocks.
        """
        cached = name in self._cache
        if not cached:
            if name not in self.sources:
                known = ", ".join(sorted(self.sources)) or "(none)"
                raise TemplateDoesNotExist(f"No template is named {name!r}. Known templates: "
                                           f"{known}. Add it to the TEMPLATES setting.")
            self._cache[name] = Template(self.sources[name], name, self)
        template = self._cache[name]
        if trace is not None:
            trace.record("template_load", name=name, cached=cached, tokens=len(template.tokens),
                         nodes=len(describe_tree(template.nodes)),
                         extends=template.parent_name, blocks=list(template.blocks))
        return template

    def from_string(self, source):
        return Template(source, None, self)

    def render_to_string(self, name, context=None, request=None):
        """Render a template by name. With a request, the render is written in the request's
        trace: `template_load` for each template it needs (this one, the ones it extends or
        includes), `template_block` for each block and whose version of it was shown, and
        `template` at the end, with the time it all took."""
        stop = time.perf_counter()
        values = dict(context or {})
        trace = None
        if request is not None:
            values.setdefault("request", request)
            trace = request.trace
        context = Context(values, autoescape=self.autoescape)
        context.render_state["trace"] = trace
        text = self.get_template(name, trace).render(context)
        if trace is not None:
            trace.record("template", name=name,
                         duration_ms=round((time.perf_counter() - stop) * 1000, 3))
        return text
