"""Parsing, the second step: tokens become a tree of nodes.

The parser reads tokens in order. Text and `{{ }}` become nodes at once; a `{% tag %}` is
handed to the method for that tag, which reads its own body by calling `parse()` again up to its
end tag: `parse_if()` reads up to `{% elif %}`, `{% else %}` or `{% endif %}`. Mistakes are
found here, before anything renders, and reported with the template's name and line.
"""

from glassbox.template.conditions import Condition
from glassbox.template.exceptions import TemplateSyntaxError
from glassbox.template.expressions import FilterExpression
from glassbox.template.lexer import BLOCK, COMMENT, TEXT, VARIABLE
from glassbox.template.nodes import (BlockNode, ExtendsNode, ForNode, IfNode, IncludeNode,
                                     TextNode, UrlNode, VariableNode)


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
        self.block_depth = 0  # how many {% block %}s we are inside
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
                if self.extends is not None and words[0] not in ("block", "comment") \
                        and self.block_depth == 0:
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
        self.block_depth += 1
        nodes, end = self.parse(until=("endblock",))
        self.block_depth -= 1
        end_words = end.split()
        if len(end_words) > 1 and end_words[1] != name:
            raise self.error(f"{{% endblock {end_words[1]} %}} closes {{% block {name} %}}; "
                             "the names must agree.", end)
        block = BlockNode(name, nodes, self.template_name)
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
