"""Nodes, the result of parsing: a tree in which each node can render itself.

A `ForNode` holds the nodes of its body and renders them once per item; an `IfNode` holds the
nodes of each branch and renders the first whose condition is true. Rendering a template is
rendering its list of nodes and joining the text.
"""

from glassbox.template.exceptions import TemplateSyntaxError
from glassbox.template.safestring import escape, mark_safe


class Node:
    line = None

    def render(self, context):
        raise NotImplementedError


    def children(self):
        """The lists of nodes inside this one (a branch, a loop body), for `describe_tree`."""
        return []

    def describe(self):
        """One line about this node: its class and what it holds."""
        return type(self).__name__


def render_nodes(nodes, context):
    return "".join(node.render(context) for node in nodes)


def describe_tree(nodes, depth=0):
    """The lines of an outline of the tree: each node's `describe()`, children indented."""
    lines = []
    for node in nodes:
        lines.append("  " * depth + node.describe())
        for child_nodes in node.children():
            lines.extend(describe_tree(child_nodes, depth + 1))
    return lines


class TextNode(Node):
    def __init__(self, text):
        self.text = text

    def render(self, context):
        return self.text

    def describe(self):
        text = self.text if len(self.text) <= 30 else self.text[:27] + "..."
        return f"TextNode {text!r}"


class VariableNode(Node):
    """{{ expression }}: resolve, then escape unless autoescape is off or the value is safe."""

    def __init__(self, expression):
        self.expression = expression

    def describe(self):
        return f"VariableNode {self.expression.text}"

    def render(self, context):
        value = self.expression.resolve(context)
        if context.autoescape:
            return escape(value)
        return str(value)


class IfNode(Node):
    """{% if %} ... {% elif %} ... {% else %} ... {% endif %}: the first true branch renders."""

    def __init__(self, branches):
        self.branches = branches  # [(condition or None for else, nodes)]

    def children(self):
        return [nodes for _, nodes in self.branches]

    def describe(self):
        return "IfNode " + " / ".join(" ".join(condition.words) if condition else "else"
                                      for condition, _ in self.branches)

    def render(self, context):
        for condition, nodes in self.branches:
            if condition is None or condition.evaluate(context):
                return render_nodes(nodes, context)
        return ""


class ForNode(Node):
    """{% for item in items %} ... {% empty %} ... {% endfor %}, with `forloop` inside."""

    def __init__(self, names, sequence, body, empty, reverse=False):
        self.names = names
        self.sequence = sequence
        self.body = body
        self.empty = empty
        self.reverse = reverse

    def children(self):
        return [self.body, self.empty] if self.empty else [self.body]

    def describe(self):
        return f"ForNode {', '.join(self.names)} in {self.sequence.text}"

    def render(self, context):
        items = self.sequence.resolve(context)
        items = list(items) if items not in ("", None) else []
        if self.reverse:
            items.reverse()
        if not items:
            return render_nodes(self.empty, context)
        parts = []
        parent = context.get("forloop")  # the loop around this one, if any
        scope = context.push()
        for index, item in enumerate(items):
            scope["forloop"] = {
                "counter": index + 1, "counter0": index, "revcounter": len(items) - index,
                "revcounter0": len(items) - index - 1, "first": index == 0,
                "last": index == len(items) - 1, "length": len(items), "parentloop": parent,
            }
            if len(self.names) == 1:
                scope[self.names[0]] = item
            else:
                values = list(item)
                if len(values) != len(self.names):
                    raise ValueError(f"{{% for {', '.join(self.names)} in ... %}} at line "
                                     f"{self.line} needs items of {len(self.names)} values; "
                                     f"got {item!r}.")
                scope.update(zip(self.names, values))
            parts.append(render_nodes(self.body, context))
        context.pop()
        return "".join(parts)


class BlockReference:
    """What `{{ block }}` is inside a block: `{{ block.super }}` renders the parent's version."""

    def __init__(self, chain, level, context):
        self.chain, self.level, self.context = chain, level, context

    def super(self):
        if self.level + 1 >= len(self.chain):
            return ""
        return mark_safe(render_block(self.chain, self.level + 1, self.context))


def render_block(chain, level, context):
    context.push({"block": BlockReference(chain, level, context)})
    try:
        return render_nodes(chain[level].nodes, context)
    finally:
        context.pop()


class BlockNode(Node):
    """{% block name %}: a hole a child template may fill. Renders the most derived version."""

    def __init__(self, name, nodes, template_name=None):
        self.name = name
        self.nodes = nodes
        self.template_name = template_name  # the template this version of the block is in

    def children(self):
        return [self.nodes]

    def describe(self):
        return f"BlockNode {self.name}"

    def render(self, context):
        chain = context.render_state.get("blocks", {}).get(self.name, [self])
        trace = context.render_state.get("trace")
        if trace is not None:  # whose version is shown, and which it overrides
            trace.record("template_block", name=self.name, template=chain[0].template_name,
                         overrides=[block.template_name for block in chain[1:]])
        return render_block(chain, 0, context)


class ExtendsNode(Node):
    """{% extends "base.html" %}: render the parent, with this template's blocks in its holes."""

    def __init__(self, parent_name, blocks, engine):
        self.parent_name = parent_name
        self.blocks = blocks
        self.engine = engine

    def describe(self):
        return f"ExtendsNode {self.parent_name.text}"

    def render(self, context):
        blocks = context.render_state.setdefault("blocks", {})
        for name, block in self.blocks.items():
            blocks.setdefault(name, []).append(block)
        parent = self.engine.get_template(self.parent_name.resolve(context),
                                          context.render_state.get("trace"))
        if parent.extends is not None:  # the parent extends another: go up one more level
            return parent.extends.render(context)
        for name, block in parent.blocks.items():  # the root layout: its blocks come last
            blocks.setdefault(name, []).append(block)
        return render_nodes(parent.nodes, context)


class IncludeNode(Node):
    """{% include "name" %} or {% include "name" with key=value %}: render another template."""

    def __init__(self, template_name, extra, engine):
        self.template_name = template_name
        self.extra = extra
        self.engine = engine

    def describe(self):
        return f"IncludeNode {self.template_name.text}"

    def render(self, context):
        name = self.template_name.resolve(context)
        depth = context.render_state.get("include_depth", 0)
        if depth > 20:
            raise TemplateSyntaxError(f"{{% include {name!r} %}} nests more than 20 deep: a "
                                      "template probably includes itself.", name, self.line)
        template = self.engine.get_template(name, context.render_state.get("trace"))
        saved_blocks = context.render_state.pop("blocks", None)
        context.render_state["include_depth"] = depth + 1
        context.push({key: value.resolve(context) for key, value in self.extra.items()})
        try:
            return render_nodes(template.nodes, context)
        finally:
            context.pop()
            context.render_state["include_depth"] = depth
            if saved_blocks is not None:
                context.render_state["blocks"] = saved_blocks


class UrlNode(Node):
    """{% url "polls:detail" question.id %}: the path of a named URL pattern, from reverse()."""

    def __init__(self, viewname, args, kwargs, engine):
        self.viewname = viewname
        self.args = args
        self.kwargs = kwargs
        self.engine = engine

    def render(self, context):
        if self.engine.reverse is None:
            raise TemplateSyntaxError("{% url %} needs to know the URL patterns: render the "
                                      "template with the application's engine (app.templates, "
                                      "or render(request, ...)).", None, self.line)
        path = self.engine.reverse(self.viewname.resolve(context),
                                   args=[arg.resolve(context) for arg in self.args],
                                   kwargs={key: value.resolve(context)
                                           for key, value in self.kwargs.items()})
        return escape(path) if context.autoescape else path
