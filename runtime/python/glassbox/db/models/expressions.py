"""Q, F and the aggregates: pieces of a query that are more than a plain value.

`Q` holds conditions, so they can be combined before they reach `filter()`:

    >>> condition = Q(title__startswith="D") | ~Q(year__lt=1900)
    >>> condition
    <Q: (OR: ('title__startswith', 'D'), (NOT (AND: ('year__lt', 1900))))>

`F("name")` means "the value in this column", not a value from Python:
`Book.objects.filter(pages__gt=F("year"))` compares two columns, and
`update(stock=F("stock") - 1)` lets the database do the sum, with no race between reading and
writing.

`Count`, `Sum`, `Avg`, `Min`, `Max` are aggregates, for `aggregate()` and `annotate()`.
"""


class Q:
    """A tree of conditions joined by AND or OR, possibly negated (see the module docstring)."""

    AND, OR = "AND", "OR"

    def __init__(self, *children, connector=AND, negated=False, **lookups):
        self.children = list(children) + sorted(lookups.items())
        self.connector = connector
        self.negated = negated

    def combine(self, other, connector):
        if not isinstance(other, Q):
            raise TypeError(f"Cannot combine a Q with {other!r}: use Q(...) on both sides.")
        return Q(self.simplified(), other.simplified(), connector=connector)

    def simplified(self):
        """A Q of a single condition is just that condition, inside another Q."""
        if len(self.children) == 1 and not self.negated:
            return self.children[0]
        return self

    def __or__(self, other):
        return self.combine(other, Q.OR)

    def __and__(self, other):
        return self.combine(other, Q.AND)

    def __invert__(self):
        return Q(*self.children, connector=self.connector, negated=not self.negated)

    def describe(self):
        inside = ", ".join(child.describe() if isinstance(child, Q) else repr(child)
                           for child in self.children)
        text = f"({self.connector}: {inside})"
        return f"(NOT {text})" if self.negated else text

    def __repr__(self):
        return f"<Q: {self.describe()}>"


class Combinable:
    """Arithmetic on expressions: F("stock") - 1 becomes ("stock" - ?) with 1 as a parameter."""

    def combine(self, other, operator, reverse=False):
        other = other if isinstance(other, Combinable) else Value(other)
        return Arithmetic(other, operator, self) if reverse else Arithmetic(self, operator, other)

    def __add__(self, other):
        return self.combine(other, "+")

    def __sub__(self, other):
        return self.combine(other, "-")

    def __mul__(self, other):
        return self.combine(other, "*")

    def __truediv__(self, other):
        return self.combine(other, "/")

    def __radd__(self, other):
        return self.combine(other, "+", reverse=True)

    def __rsub__(self, other):
        return self.combine(other, "-", reverse=True)

    def __rmul__(self, other):
        return self.combine(other, "*", reverse=True)


class F(Combinable):
    """A reference to a column of the row, resolved when the query is compiled."""

    def __init__(self, name):
        self.name = name

    def as_sql(self, compiler):
        column, _field = compiler.resolve_column(self.name)
        return column, []

    def __repr__(self):
        return f"F({self.name})"


class Value(Combinable):
    """A plain value inside an expression: always sent as a parameter."""

    def __init__(self, value):
        self.value = value

    def as_sql(self, compiler):
        return "?", [self.value]


class Arithmetic(Combinable):
    def __init__(self, left, operator, right):
        self.left, self.operator, self.right = left, operator, right

    def as_sql(self, compiler):
        left_sql, left_params = self.left.as_sql(compiler)
        right_sql, right_params = self.right.as_sql(compiler)
        return f"({left_sql} {self.operator} {right_sql})", left_params + right_params

    def __repr__(self):
        return f"{self.left!r} {self.operator} {self.right!r}"


class Aggregate(Combinable):
    """A summary of many rows: COUNT(...), SUM(...), ... Used by aggregate() and annotate()."""

    function = None

    def __init__(self, name, distinct=False):
        self.name = name
        self.distinct = distinct

    def default_alias(self):
        return f"{self.name.replace('__', '_')}__{self.function.lower()}"

    def as_sql(self, compiler):
        if self.name == "*":
            inner = "*"
        else:
            inner, _field = compiler.resolve_column(self.name)
        distinct = "DISTINCT " if self.distinct else ""
        return f"{self.function}({distinct}{inner})", []

    def convert(self, value):
        return value

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class Count(Aggregate):
    function = "COUNT"

    def convert(self, value):
        return value or 0


class Sum(Aggregate):
    function = "SUM"


class Avg(Aggregate):
    function = "AVG"


class Min(Aggregate):
    function = "MIN"


class Max(Aggregate):
    function = "MAX"
