"""The conditions of `{% if %}`: `or`, `and`, `not`, comparisons and `in`.

A small recursive-descent parser: `_or()` reads `_and()`s joined by "or", `_and()` reads
`_not()`s joined by "and", and so on down to a single value. That order gives `not` the
tightest grip and `or` the loosest, as in Python.
"""

from glassbox.template.exceptions import TemplateSyntaxError
from glassbox.template.expressions import FilterExpression


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
