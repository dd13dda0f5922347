"""Templates: HTML with holes, filled from a context.

    <h1>{{ question.text|upper }}</h1>
    {% for choice in choices %}<li>{{ choice.text }}</li>{% empty %}<li>No choices</li>{% endfor %}

Rendering happens in three steps, the way Django does it:

1. **Lexing** cuts the source into tokens: plain text, `{{ variable }}`, `{% tag %}` and
   `{# comment #}`, each remembering its line number for error messages.
2. **Parsing** turns the tokens into a tree of nodes: a `ForNode` holds the nodes of its body,
   an `IfNode` the nodes of each branch. Mistakes (an `{% if %}` never closed, an unknown
   filter) raise `TemplateSyntaxError` naming the template and the line.
3. **Rendering** walks the tree with a `Context` (a stack of dicts) and joins the text.

Values are escaped by default (`<` becomes `&lt;`), so text from users cannot inject HTML;
mark trusted HTML with the `safe` filter or `mark_safe()`. `{% extends %}` and `{% block %}`
let a page fill in the blocks of a base layout; `{% include %}` renders another template in
place; `{% url "polls:detail" 7 %}` builds a path with the application's `reverse()`.
Templates come from a dict of name -> source, since the browser has no file system:

    >>> engine = Engine({"hello.html": "Hello {{ name|default:'you' }}!"})
    >>> engine.render_to_string("hello.html", {"name": "<Ada>"})
    'Hello &lt;Ada&gt;!'
"""

import datetime
import html
import re
import time


class TemplateSyntaxError(Exception):
    """A template is written wrongly; the message names the template and line."""

    def __init__(self, message, template_name=None, line=None):
        self.template_name = template_name
        self.line = line
        self.bare_message = message
        where = f"In template {template_name!r}" if template_name else "In a template"
        if line:
            where += f", line {line}"
        super().__init__(f"{where}: {message}")


class TemplateDoesNotExist(Exception):
    """No template has the name asked for."""


class VariableDoesNotExist(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Safe strings and escaping
# ---------------------------------------------------------------------------------------------


class SafeString(str):
    """A str known to be HTML already: autoescaping leaves it alone."""

    def __html__(self):
        return self


def mark_safe(text):
    """Promise that `text` is safe HTML. Only do this for text you wrote, never user input."""
    return text if isinstance(text, SafeString) else SafeString(text)


def escape(value):
    """Escape & < > " ' for HTML, unless the value is already safe.

    >>> escape("<b>Tom & Jerry</b>")
    '&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;'
    """
    if hasattr(value, "__html__"):
        return SafeString(value.__html__())
    return SafeString(html.escape(str(value), quote=True))


# ---------------------------------------------------------------------------------------------
# Filters: value|name:argument
# ---------------------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def format_date(value, format_string="N j, Y"):
    """Format a date with Django's letters: Y 2026, m 03, n 3, d 07, j 7, F March, N Mar.,
    M Mar, D Mon, l Monday, H 14, i 05, s 09, G 14; a backslash escapes a letter.

    >>> format_date(datetime.date(2026, 3, 7), "j F Y")
    '7 March 2026'
    """
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    hour = getattr(value, "hour", 0)
    parts = {
        "Y": f"{value.year:04d}", "y": f"{value.year % 100:02d}",
        "m": f"{value.month:02d}", "n": str(value.month),
        "d": f"{value.day:02d}", "j": str(value.day),
        "F": MONTHS[value.month - 1], "M": MONTHS[value.month - 1][:3],
        "N": MONTHS[value.month - 1][:3] + ("." if len(MONTHS[value.month - 1]) > 4 else ""),
        "D": DAYS[value.weekday()][:3], "l": DAYS[value.weekday()],
        "H": f"{hour:02d}", "G": str(hour),
        "i": f"{getattr(value, 'minute', 0):02d}", "s": f"{getattr(value, 'second', 0):02d}",
    }
    result, escaped = [], False
    for character in format_string:
        if escaped:
            result.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        else:
            result.append(parts.get(character, character))
    return "".join(result)


def filter_default(value, argument):
    """The argument when the value is false (empty, None, 0): {{ name|default:"guest" }}."""
    return value if value else argument


def filter_join(value, argument):
    """Join a list with the argument, escaping the items: {{ tags|join:", " }}."""
    return SafeString(escape(argument).join(escape(item) for item in value))


def filter_length(value):
    try:
        return len(value)
    except TypeError:
        return 0


FILTERS = {
    "escape": escape,
    "safe": mark_safe,
    "upper": lambda value: str(value).upper(),
    "lower": lambda value: str(value).lower(),
    "title": lambda value: str(value).title(),
    "default": filter_default,
    "length": filter_length,
    "date": lambda value, argument="N j, Y": format_date(value, argument),
    "join": filter_join,
    "add": lambda value, argument: value + argument,
    "pluralize": lambda value, argument="s": "" if value == 1 else argument,
}


# ---------------------------------------------------------------------------------------------
# Expressions: variables with lookups and filters
# ---------------------------------------------------------------------------------------------


def resolve_lookup(value, bits):
    """Follow `question.choices.0` one step at a time: dict key, then attribute, then index."""
    for bit in bits:
        if isinstance(value, dict) and bit in value:
            value = value[bit]
        elif not bit.startswith("_") and hasattr(value, bit):
            value = getattr(value, bit)
        else:
            try:
                value = value[int(bit)]
            except (ValueError, TypeError, IndexError, KeyError):
                raise VariableDoesNotExist(bit) from None
        if callable(value) and not isinstance(value, type):
            value = value()  # {{ question.was_published_recently }} calls the method
    return value


# A literal string, a number, or a dotted name.
LITERAL = re.compile(r"""^(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<number>-?\d+(?:\.\d+)?))$""")
NAME = re.compile(r"^[A-Za-z_][\w]*(?:\.\w+)*$")


class Variable:
    """A literal ("text", 42) or a name to look up in the context (question.text)."""

    def __init__(self, text, template_name=None, line=None):
        self.text = text
        self.literal = None
        self.is_literal = False
        literal = LITERAL.match(text)
        if literal:
            self.is_literal = True
            if literal.group("number") is not None:
                number = literal.group("number")
                self.literal = float(number) if "." in number else int(number)
            else:
                self.literal = mark_safe(literal.group("double") if literal.group("double")
                                         is not None else literal.group("single"))
        elif not NAME.match(text):
            raise TemplateSyntaxError(f"{text!r} is not a variable name or a literal.",
                                      template_name, line)
        else:
            self.bits = text.split(".")

    def resolve(self, context):
        if self.is_literal:
            return self.literal
        try:
            first = context[self.bits[0]]
        except KeyError:
            return ""  # a missing variable renders as nothing, as in Django
        try:
            return resolve_lookup(first, self.bits[1:])
        except VariableDoesNotExist:
            return ""


FILTER_PART = re.compile(r"""\|\s*(\w+)(?:\s*:\s*("[^"]*"|'[^']*'|[^\s|]+))?""")


class FilterExpression:
    """`value|filter:argument|filter`, parsed once and resolved per render."""

    def __init__(self, text, engine, template_name=None, line=None):
        text = text.strip()
        if not text:
            raise TemplateSyntaxError("an empty {{ }} has nothing to show.", template_name, line)
        head, pipe, rest = text.partition("|")
        self.variable = Variable(head.strip(), template_name, line)
        self.filters = []
        rest = pipe + rest
        position = 0
        while position < len(rest):
            match = FILTER_PART.match(rest, position)
            if not match:
                raise TemplateSyntaxError(f"could not read the filters in {text!r} from "
                                          f"{rest[position:]!r}.", template_name, line)
            name, argument = match.group(1), match.group(2)
            if name not in engine.filters:
                known = ", ".join(sorted(engine.filters))
                raise TemplateSyntaxError(f"unknown filter {name!r} in {{{{ {text} }}}}. "
                                          f"Known filters: {known}.", template_name, line)
            self.filters.append((name, engine.filters[name],
                                 None if argument is None else Variable(argument, template_name,
                                                                        line)))
            position = match.end()
            while position < len(rest) and rest[position].isspace():
                position += 1

    def resolve(self, context):
        value = self.variable.resolve(context)
        for _name, function, argument in self.filters:
            if argument is None:
                value = function(value)
            else:
                value = function(value, argument.resolve(context))
        return value


# ---------------------------------------------------------------------------------------------
# The context: a stack of dicts, so {% for %} can add names and take them away again
# ---------------------------------------------------------------------------------------------


class Context:
    """The names a template can see. Inner scopes (a loop body) are pushed on top."""

    def __init__(self, values=None, autoescape=True):
        self.stack = [dict(values or {})]
        self.autoescape = autoescape
        self.render_state = {}  # per-render bookkeeping: blocks of {% extends %}, include depth

    def __getitem__(self, name):
        for scope in reversed(self.stack):
            if name in scope:
                return scope[name]
        raise KeyError(name)

    def __contains__(self, name):
        return any(name in scope for scope in self.stack)

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def push(self, values=None):
        self.stack.append(dict(values or {}))
        return self.stack[-1]

    def pop(self):
        return self.stack.pop()

    def flatten(self):
        merged = {}
        for scope in self.stack:
            merged.update(scope)
        return merged


# ---------------------------------------------------------------------------------------------
# Step 1, lexing: the source becomes a list of tokens
# ---------------------------------------------------------------------------------------------

TEXT, VARIABLE, BLOCK, COMMENT = "text", "variable", "block", "comment"
TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})")


class Token:
    def __init__(self, kind, contents, line):
        self.kind = kind
        self.contents = contents
        self.line = line

    def split(self):
        """The words of a tag, keeping quoted strings whole: `include "a b.html"`."""
        return re.findall(r"""(?:[^\s"']|"[^"]*"|'[^']*')+""", self.contents)

    def __repr__(self):
        return f"<{self.kind} token {self.contents!r} line {self.line}>"


def tokenize(source, template_name=None):
    """Cut the source into text, {{ variable }}, {% block %} and {# comment #} tokens."""
    tokens = []
    line = 1
    for index, chunk in enumerate(TAG.split(source)):
        if index % 2 == 0:  # text between tags
            for opener, closer in (("{{", "}}"), ("{%", "%}")):
                if opener in chunk:
                    at = line + chunk[:chunk.index(opener)].count("\n")
                    raise TemplateSyntaxError(f"{opener!r} is never closed with {closer!r} "
                                              "on the same line.", template_name, at)
            if chunk:
                tokens.append(Token(TEXT, chunk, line))
        else:
            kind = {"{{": VARIABLE, "{%": BLOCK, "{#": COMMENT}[chunk[:2]]
            tokens.append(Token(kind, chunk[2:-2].strip(), line))
        line += chunk.count("\n")
    return tokens


# ---------------------------------------------------------------------------------------------
# Step 3 first, because the parser builds them: the nodes, each able to render itself
# ---------------------------------------------------------------------------------------------


class Node:
    line = None

    def render(self, context):
        raise NotImplementedError


def render_nodes(nodes, context):
    return "".join(node.render(context) for node in nodes)


class TextNode(Node):
    def __init__(self, text):
        self.text = text

    def render(self, context):
        return self.text


class VariableNode(Node):
    """{{ expression }}: resolve, then escape unless autoescape is off or the value is safe."""

    def __init__(self, expression):
        self.expression = expression

    def render(self, context):
        value = self.expression.resolve(context)
        if context.autoescape:
            return escape(value)
        return str(value)


class IfNode(Node):
    """{% if %} ... {% elif %} ... {% else %} ... {% endif %}: the first true branch renders."""

    def __init__(self, branches):
        self.branches = branches  # [(condition or None for else, nodes)]

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

    def __init__(self, name, nodes):
        self.name = name
        self.nodes = nodes

    def render(self, context):
        chain = context.render_state.get("blocks", {}).get(self.name, [self])
        return render_block(chain, 0, context)


class ExtendsNode(Node):
    """{% extends "base.html" %}: render the parent, with this template's blocks in its holes."""

    def __init__(self, parent_name, blocks, engine):
        self.parent_name = parent_name
        self.blocks = blocks
        self.engine = engine

    def render(self, context):
        blocks = context.render_state.setdefault("blocks", {})
        for name, block in self.blocks.items():
            blocks.setdefault(name, []).append(block)
        parent = self.engine.get_template(self.parent_name.resolve(context))
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

    def render(self, context):
        name = self.template_name.resolve(context)
        depth = context.render_state.get("include_depth", 0)
        if depth > 20:
            raise TemplateSyntaxError(f"{{% include {name!r} %}} nests more than 20 deep: a "
                                      "template probably includes itself.", name, self.line)
        template = self.engine.get_template(name)
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


# ---------------------------------------------------------------------------------------------
# Conditions of {% if %}: or, and, not, comparisons, in
# ---------------------------------------------------------------------------------------------

COMPARISONS = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b, ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
}


class Condition:
    """A parsed {% if %} condition: a small tree of ("or"|"and"|"not"|operator, parts)."""

    def __init__(self, words, engine, template_name, line):
        self.words = words
        self.position = 0
        self.engine, self.template_name, self.line = engine, template_name, line
        if not words:
            raise TemplateSyntaxError("{% if %} needs a condition.", template_name, line)
        self.tree = self._or()
        if self.position != len(words):
            raise self._error(f"did not expect {words[self.position]!r} here")

    def _error(self, message):
        condition = " ".join(self.words)
        return TemplateSyntaxError(f"in the condition {condition!r}: {message}.",
                                   self.template_name, self.line)

    def _peek(self):
        return self.words[self.position] if self.position < len(self.words) else None

    def _or(self):
        node = self._and()
        while self._peek() == "or":
            self.position += 1
            node = ("or", node, self._and())
        return node

    def _and(self):
        node = self._not()
        while self._peek() == "and":
            self.position += 1
            node = ("and", node, self._not())
        return node

    def _not(self):
        if self._peek() == "not":
            self.position += 1
            return ("not", self._not())
        return self._comparison()

    def _comparison(self):
        left = self._operand()
        operator = self._peek()
        if operator == "not" and self.position + 1 < len(self.words) \
                and self.words[self.position + 1] == "in":
            operator = "not in"
            self.position += 1
        if operator in COMPARISONS:
            self.position += 1
            return (operator, left, self._operand())
        return ("value", left)

    def _operand(self):
        word = self._peek()
        if word is None or word in ("and", "or") or word in COMPARISONS:
            raise self._error("a value is missing")
        self.position += 1
        return FilterExpression(word, self.engine, self.template_name, self.line)

    def evaluate(self, context, node=None):
        node = self.tree if node is None else node
        kind = node[0]
        if kind == "value":
            return bool(node[1].resolve(context))
        if kind == "not":
            return not self.evaluate(context, node[1])
        if kind == "and":
            return self.evaluate(context, node[1]) and self.evaluate(context, node[2])
        if kind == "or":
            return self.evaluate(context, node[1]) or self.evaluate(context, node[2])
        try:
            return COMPARISONS[kind](node[1].resolve(context), node[2].resolve(context))
        except TypeError:
            return False  # comparing "" with 3, say: false, as Django does


# ---------------------------------------------------------------------------------------------
# Step 2, parsing: tokens become a tree of nodes
# ---------------------------------------------------------------------------------------------


class Parser:
    """Reads tokens in order; each tag's method reads its own body up to its end tag."""

    def __init__(self, tokens, engine, template_name):
        self.tokens = tokens
        self.position = 0
        self.engine = engine
        self.template_name = template_name
        self.blocks = {}      # every {% block %} in this template, by name
        self.extends = None   # the ExtendsNode, if the template extends another
        self.open_tags = []   # tokens of the tags being parsed, innermost last
        self.tags = {"if": self.parse_if, "for": self.parse_for, "block": self.parse_block,
                     "extends": self.parse_extends, "include": self.parse_include,
                     "comment": self.parse_comment, "url": self.parse_url}

    def error(self, message, token):
        return TemplateSyntaxError(message, self.template_name, token.line if token else None)

    def parse(self, until=()):
        """Nodes up to a {% tag %} named in `until`; returns (nodes, that token or None)."""
        nodes = []
        while self.position < len(self.tokens):
            token = self.tokens[self.position]
            self.position += 1
            if token.kind == TEXT:
                nodes.append(TextNode(token.contents))
            elif token.kind == VARIABLE:
                nodes.append(self._located(VariableNode(self.expression(token.contents, token)),
                                           token))
            elif token.kind == BLOCK:
                words = token.split()
                if not words:
                    raise self.error("an empty {% %} tag.", token)
                if words[0] in until:
                    return nodes, token
                handler = self.tags.get(words[0])
                if handler is None:
                    raise self.error(self._unknown_tag_message(words[0], until), token)
                if self.extends is not None and words[0] != "block" \
                        and not self._inside_block():
                    raise self.error(f"{{% {words[0]} %}} outside a {{% block %}} in a template "
                                     "that extends another is never shown; move it into a "
                                     "block.", token)
                self.open_tags.append(token)
                nodes.append(self._located(handler(words, token), token))
                self.open_tags.pop()
        if until:
            opened = self.open_tags[-1]
            raise self.error(f"{{% {opened.contents} %}} is never closed: add "
                             f"{{% {until[-1]} %}} where it should end.", opened)
        return nodes, None

    def _inside_block(self):
        return getattr(self, "_block_depth", 0) > 0

    @staticmethod
    def _located(node, token):
        node.line = token.line
        return node

    def _unknown_tag_message(self, name, until):
        if name.startswith("end") or name in ("else", "elif", "empty"):
            expected = f" (expected {' or '.join('{% ' + u + ' %}' for u in until)})" \
                if until else ""
            return f"{{% {name} %}} does not close anything open here{expected}."
        known = ", ".join(sorted(self.tags))
        return f"unknown tag {{% {name} %}}. Known tags: {known}."

    def expression(self, text, token):
        return FilterExpression(text, self.engine, self.template_name, token.line)

    def parse_if(self, words, token):
        branches = []
        condition = Condition(words[1:], self.engine, self.template_name, token.line)
        while True:
            nodes, end = self.parse(until=("elif", "else", "endif"))
            branches.append((condition, nodes))
            words = end.split()
            if words[0] == "elif":
                condition = Condition(words[1:], self.engine, self.template_name, end.line)
            elif words[0] == "else":
                nodes, end = self.parse(until=("endif",))
                branches.append((None, nodes))
                return IfNode(branches)
            else:
                return IfNode(branches)

    def parse_for(self, words, token):
        reverse = words[-1] == "reversed"
        if reverse:
            words = words[:-1]
        if len(words) < 4 or words[-2] != "in":
            raise self.error("{% for %} should look like {% for item in items %}.", token)
        names = [name.strip() for name in " ".join(words[1:-2]).split(",")]
        if not all(name.isidentifier() for name in names):
            raise self.error(f"{{% for %}} cannot assign to {' '.join(words[1:-2])!r}.", token)
        sequence = self.expression(words[-1], token)
        body, end = self.parse(until=("empty", "endfor"))
        empty = []
        if end.split()[0] == "empty":
            empty, _ = self.parse(until=("endfor",))
        return ForNode(names, sequence, body, empty, reverse)

    def parse_block(self, words, token):
        if len(words) != 2:
            raise self.error("{% block %} takes one name: {% block content %}.", token)
        name = words[1]
        if name in self.blocks:
            raise self.error(f"{{% block {name} %}} appears twice; block names must be "
                             "unique in a template.", token)
        self._block_depth = getattr(self, "_block_depth", 0) + 1
        nodes, end = self.parse(until=("endblock",))
        self._block_depth -= 1
        end_words = end.split()
        if len(end_words) > 1 and end_words[1] != name:
            raise self.error(f"{{% endblock {end_words[1]} %}} closes {{% block {name} %}}; "
                             "the names must agree.", end)
        block = BlockNode(name, nodes)
        self.blocks[name] = block
        return block

    def parse_extends(self, words, token):
        if len(words) != 2:
            raise self.error('{% extends %} takes one template name: {% extends "base.html" %}.',
                             token)
        earlier = [t for t in self.tokens[:self.position - 1]
                   if t.kind != COMMENT and not (t.kind == TEXT and not t.contents.strip())]
        if earlier or self.extends is not None:
            raise self.error("{% extends %} must be the first tag in the template.", token)
        self.extends = ExtendsNode(self.expression(words[1], token), self.blocks, self.engine)
        return self.extends

    def parse_include(self, words, token):
        if len(words) < 2:
            raise self.error('{% include %} needs a template name: {% include "menu.html" %}.',
                             token)
        extra = {}
        if len(words) > 2:
            if words[2] != "with" or len(words) == 3:
                raise self.error('write {% include "name.html" with key=value %}.', token)
            for pair in words[3:]:
                key, equals, value = pair.partition("=")
                if not equals or not key.isidentifier():
                    raise self.error(f"{pair!r} in {{% include %}} should be key=value.", token)
                extra[key] = self.expression(value, token)
        return IncludeNode(self.expression(words[1], token), extra, self.engine)

    def parse_url(self, words, token):
        if len(words) < 2:
            raise self.error('{% url %} needs a pattern name: {% url "polls:detail" 7 %}.',
                             token)
        args, kwargs = [], {}
        for word in words[2:]:
            key, equals, value = word.partition("=")
            if equals and key.isidentifier():
                kwargs[key] = self.expression(value, token)
            elif kwargs:
                raise self.error(f"in {{% {token.contents} %}}, {word!r} comes after key=value "
                                 "arguments; give either values or key=value pairs.", token)
            else:
                args.append(self.expression(word, token))
        return UrlNode(self.expression(words[1], token), args, kwargs, self.engine)

    def parse_comment(self, words, token):
        self.parse(until=("endcomment",))
        return TextNode("")


# ---------------------------------------------------------------------------------------------
# Templates and the engine that finds them
# ---------------------------------------------------------------------------------------------


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
