"""Q, F and the aggregates: pieces of a query that are more than a plain value.

`Q` holds conditions, so they can be combined before they reach `filter()`:

    >>> condition = Q(title__startswith="D") | ~Q(year__lt=1900)
    >>> condition
    <Q: (OR: ('title__startswith', 'D'), (NOT (AND: ('year__lt', 1900))))>

`F("name")` means "the value in this column", not a value from Python:
`Book.objects.filter(pages__gt=F("year"))` compares two columns, and
`update(stock=F("stock") - 1)` lets the database do the sum, with no race between reading and
writing.

`Count`, `Sum`, `Avg`, `Min`, `Max` are aggregates, for `aggregate()` and `annotate()`;
`Count("choice", filter=Q(choice__votes__gt=0))` counts only some rows (SQL's FILTER clause).

The rest are pieces of SQL you can put in `annotate()`, `filter()`, `order_by()` or `update()`:

- `Coalesce(a, b, ...)`: the first that is not NULL (`Coalesce(Sum("votes"), 0)`);
- `Case(When(votes__gt=5, then=Value("hot")), default=Value("cold"))`: SQL's CASE WHEN;
- `Subquery(queryset)`: a query inside the query, one value per row; inside it,
  `OuterRef("pk")` means "the column of the *outer* query's row", which makes the subquery
  *correlated* (run once per outer row, in principle);
- `Exists(queryset)`: true when the subquery finds at least one row; `~Exists(...)` when none.

Every expression compiles itself with `as_sql(compiler)`, which answers `(sql, params)`; the
compiler (compiler.py) lends it `resolve_column` to turn a name into a column.
"""


class Q:
    """A tree of conditions joined by AND or OR, possibly negated (see the module docstring)."""

    AND, OR = "AND", "OR"

    def __init__(self, *children, connector=AND, negated=False, **lookups):
        self.children = list(children) + sorted(lookups.items())
        self.connector = connector
        self.negated = negated

    def combine(self, other, connector):
        if getattr(other, "conditional", False):  # Q(...) & Exists(...)
            other = Q(other)
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

    contains_aggregate = False
    # The field whose kind of value this expression gives (a DateTimeField for
    # Max("pub_date")), found while compiling; it turns the database's value back into Python.
    output_field = None

    def combine(self, other, operator, reverse=False):
        other = other if hasattr(other, "as_sql") else Value(other)
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

    def __rtruediv__(self, other):
        return self.combine(other, "/", reverse=True)

    def convert(self, value):
        """The value read back from the database, as Python wants it: '2024-05-01 09:30:00'
        becomes a datetime when the expression gives the values of a DateTimeField."""
        if value is None or self.output_field is None:
            return value
        return self.output_field.from_db_value(value)

    def asc(self, nulls_first=None, nulls_last=None):
        """For order_by(): F("votes").asc()."""
        return OrderBy(self, descending=False, nulls_first=nulls_first, nulls_last=nulls_last)

    def desc(self, nulls_first=None, nulls_last=None):
        """For order_by(): F("votes").desc(), highest first."""
        return OrderBy(self, descending=True, nulls_first=nulls_first, nulls_last=nulls_last)


class OrderBy:
    """One part of ORDER BY: an expression, ASC or DESC, and where the NULLs go."""

    contains_aggregate = False

    def __init__(self, expression, descending=False, nulls_first=None, nulls_last=None):
        self.expression = expression
        self.descending = descending
        self.nulls_first, self.nulls_last = nulls_first, nulls_last

    def reversed(self):
        return OrderBy(self.expression, not self.descending, nulls_first=self.nulls_last,
                       nulls_last=self.nulls_first)

    def as_sql(self, compiler):
        sql, params = self.expression.as_sql(compiler)
        sql = f"{sql} {'DESC' if self.descending else 'ASC'}"
        if self.nulls_first:
            sql += " NULLS FIRST"
        elif self.nulls_last:
            sql += " NULLS LAST"
        return sql, params

    def __repr__(self):
        return f"OrderBy({self.expression!r}, descending={self.descending})"


class F(Combinable):
    """A reference to a column of the row, resolved when the query is compiled."""

    def __init__(self, name):
        self.name = name

    def as_sql(self, compiler):
        sql, params = compiler.column_sql(self.name)
        self.output_field = compiler.field_of(self.name)
        return sql, params

    def __repr__(self):
        return f"F({self.name})"


class OuterRef(F):
    """Inside a Subquery or Exists: a column of the outer query's current row."""

    def as_sql(self, compiler):
        if compiler.outer is None:
            if getattr(compiler, "checking", False):  # filter() checking names: later
                return "?", [None]
            raise ValueError(f"{self!r} only makes sense inside Subquery(...) or Exists(...): "
                             "it names a column of the query around it.")
        self.output_field = compiler.outer.field_of(self.name)
        return compiler.outer.column_sql(self.name)

    def __repr__(self):
        return f"OuterRef({self.name})"


class Value(Combinable):
    """A plain value inside an expression: always sent as a parameter."""

    def __init__(self, value):
        self.value = value
        if isinstance(value, bool):
            from glassbox.db.models.fields import BooleanField

            self.output_field = BooleanField()

    def as_sql(self, compiler):
        if self.output_field is not None:
            return "?", [self.output_field.get_db_prep_value(self.value)]
        return "?", [self.value]

    def __repr__(self):
        return f"Value({self.value!r})"


class Arithmetic(Combinable):
    """Two expressions and an operator: F("votes") + 1 (Django calls it CombinedExpression)."""

    def __init__(self, left, operator, right):
        self.left, self.operator, self.right = left, operator, right
        self.contains_aggregate = left.contains_aggregate or right.contains_aggregate

    def as_sql(self, compiler):
        left_sql, left_params = self.left.as_sql(compiler)
        right_sql, right_params = self.right.as_sql(compiler)
        return f"({left_sql} {self.operator} {right_sql})", left_params + right_params

    def __repr__(self):
        return f"<CombinedExpression: {self.left!r} {self.operator} {self.right!r}>"


class Aggregate(Combinable):
    """A summary of many rows: COUNT(...), SUM(...), ... Used by aggregate() and annotate().

    `filter=Q(...)` summarises only the rows that match: `COUNT(...) FILTER (WHERE ...)`.
    """

    function = None
    contains_aggregate = True

    def __init__(self, name, distinct=False, filter=None):
        self.name = name
        self.distinct = distinct
        self.filter = filter

    def default_alias(self):
        if not isinstance(self.name, str):  # Sum(F("votes") * 2): name it yourself
            raise TypeError("Complex aggregates require an alias")
        return f"{self.name}__{self.function.lower()}"

    def as_sql(self, compiler):
        params = []
        if self.name == "*":
            inner = "*"
        elif isinstance(self.name, str):
            inner, params = compiler.column_sql(self.name)
            self.output_field = compiler.field_of(self.name)
        else:
            inner, params = self.name.as_sql(compiler)
            self.output_field = self.name.output_field
        distinct = "DISTINCT " if self.distinct else ""
        sql = f"{self.function}({distinct}{inner})"
        if self.filter is not None:
            condition, condition_params = compiler.compile_q(self.filter)
            if condition:
                sql += f" FILTER (WHERE {condition})"
                params = params + condition_params
        return sql, params

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

    def convert(self, value):
        return value  # a number, whatever the field


class Min(Aggregate):
    function = "MIN"


class Max(Aggregate):
    function = "MAX"


def as_expression(value):
    """A field name becomes F(name), a plain value Value(value); expressions stay."""
    if hasattr(value, "as_sql"):
        return value
    return F(value) if isinstance(value, str) else Value(value)


class Func(Combinable):
    """An SQL function of some expressions: FUNCTION(a, b, ...). Field names become F()."""

    function = None

    def __init__(self, *expressions):
        self.expressions = [as_expression(each) for each in expressions]
        self.contains_aggregate = any(each.contains_aggregate for each in self.expressions)

    def as_sql(self, compiler):
        pieces, params = [], []
        for each in self.expressions:
            sql, each_params = each.as_sql(compiler)
            pieces.append(sql)
            params += each_params
        self.output_field = next((each.output_field for each in self.expressions
                                  if each.output_field is not None), None)
        return f"{self.function}({', '.join(pieces)})", params

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(repr(each) for each in self.expressions)})"


class Coalesce(Func):
    """The first of its expressions that is not NULL."""

    function = "COALESCE"

    def __init__(self, *expressions):
        if len(expressions) < 2:
            raise ValueError("Coalesce must take at least two expressions")
        super().__init__(*expressions)


class Lower(Func):
    function = "LOWER"

    def convert(self, value):
        return value


class Upper(Func):
    function = "UPPER"

    def convert(self, value):
        return value


class Length(Func):
    function = "LENGTH"

    def convert(self, value):
        return value


class When:
    """One branch of a Case: `When(votes__gt=5, then=Value("hot"))` (or a Q as condition)."""

    contains_aggregate = False

    def __init__(self, condition=None, then=None, **lookups):
        self.condition = Q(condition, **lookups) if condition is not None else Q(**lookups)
        self.then = as_expression(then)  # a string names a field, as in F(); Value("text")

    def as_sql(self, compiler):
        condition, params = compiler.compile_q(self.condition)
        result, result_params = self.then.as_sql(compiler)
        return f"WHEN {condition} THEN {result}", params + result_params


class Case(Combinable):
    """SQL's CASE: the `then` of the first When whose condition holds, else `default`."""

    def __init__(self, *cases, default=None):
        self.cases = list(cases)
        self.default = as_expression(default)

    def as_sql(self, compiler):
        pieces, params = [], []
        for case in self.cases:
            sql, case_params = case.as_sql(compiler)
            pieces.append(sql)
            params += case_params
        default, default_params = self.default.as_sql(compiler)
        results = [case.then for case in self.cases] + [self.default]
        self.output_field = next((each.output_field for each in results
                                  if each.output_field is not None), None)
        return f"CASE {' '.join(pieces)} ELSE {default} END", params + default_params


class Subquery(Combinable):
    """A QuerySet used as one value: `(SELECT ... LIMIT 1)`. It should select one column."""

    def __init__(self, queryset):
        self.queryset = queryset

    def inner_sql(self, compiler):
        from glassbox.db.models.compiler import SQLCompiler

        inner = SQLCompiler(self.queryset.query, outer=compiler)
        sql, params = inner.as_sql()
        names = self.queryset.query.values_fields or []
        self.output_field = inner.field_of(names[0]) if len(names) == 1 else None
        return sql, params

    def as_sql(self, compiler):
        sql, params = self.inner_sql(compiler)
        return f"({sql})", params

    def __repr__(self):
        return f"Subquery({self.queryset.query})"


class Exists(Subquery):
    """True when the subquery has a row: `EXISTS (SELECT 1 ... LIMIT 1)`."""

    conditional = True  # a condition on its own: filter(Exists(...)), Exists(...) & Q(...)

    def __init__(self, queryset, negated=False):
        super().__init__(queryset)
        self.negated = negated

    def __invert__(self):
        return Exists(self.queryset, negated=not self.negated)

    def __and__(self, other):
        return Q(self) & other

    def __or__(self, other):
        return Q(self) | other

    def as_sql(self, compiler):
        from glassbox.db.models.compiler import SQLCompiler

        sql, params = SQLCompiler(self.queryset.query, outer=compiler).as_exists_sql()
        return f"{'NOT ' if self.negated else ''}EXISTS ({sql})", params

    def convert(self, value):
        return None if value is None else bool(value)

    def __repr__(self):
        return f"{'~' if self.negated else ''}Exists({self.queryset.query})"
