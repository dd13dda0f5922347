"""Expressions: what goes inside `{{ }}`, and the values tags work with.

`question.choices.0|join:", "` is a *variable* (`question`, then the lookups `choices` and
`0`) followed by *filters*. Both are parsed once, when the template is parsed, and resolved
against the context at every render.
"""

import re

from glassbox.template.exceptions import TemplateSyntaxError, VariableDoesNotExist
from glassbox.template.safestring import mark_safe


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
LITERAL = re.compile(r"""^(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'"""
                     r"""|(?P<number>-?\d+(?:\.\d+)?))$""")
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
        self.text = text
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
