"""The query as data: what a QuerySet will ask for, before it becomes SQL.

Each QuerySet method (`filter`, `order_by`, slicing, ...) copies the QuerySet's `Query` and
changes one part of it. Nothing is sent to the database until the results are needed; then
`SQLCompiler` (in compiler.py) turns the `Query` into `(sql, params)`.

    >>> query = Query(model=None)
    >>> query.where.children, query.order_by, query.low, query.high
    ([], None, 0, None)
"""

import copy

from glassbox.db.models.expressions import Q


def lookup_names(condition):
    """The keyword names in a Q tree: Q(a=1) | Q(b__gt=2) gives ["a", "b__gt"]."""
    names = []
    for child in condition.children:
        if isinstance(child, Q):
            names += lookup_names(child)
        elif isinstance(child, tuple):
            names.append(child[0])
    return names


class Query:
    """The parts of a SELECT: conditions, ordering, limits, columns, joins to follow."""

    def __init__(self, model):
        self.model = model
        self.where = Q()              # every filter()/exclude() ANDed together
        self.having = Q()             # conditions on annotations (aggregates)
        self.order_by = None          # None: use Meta.ordering; [] : no ORDER BY
        self.low, self.high = 0, None  # slicing: rows [low:high]
        self.distinct = False
        self.values_fields = None     # values()/values_list(): only these columns
        self.annotations = {}         # alias -> expression (an aggregate...), from annotate()
        # alias -> how many filter() calls came before annotate(): the joins it may share
        self.annotation_limits = {}
        self.hidden_annotations = set()  # from alias(): usable in filters, not fetched
        # GROUP BY: None (no aggregate annotated), True (one group per object: its primary
        # key), or the names given to values() before annotate() (one group per value)
        self.group_by = None
        self.select_related = []      # ForeignKey paths to JOIN and fill in (True: all)

    def clone(self):
        other = copy.copy(self)
        other.where = copy.copy(self.where)
        other.where.children = list(self.where.children)
        other.having = copy.copy(self.having)
        other.having.children = list(self.having.children)
        other.annotations = dict(self.annotations)
        other.annotation_limits = dict(self.annotation_limits)
        other.hidden_annotations = set(self.hidden_annotations)
        if isinstance(self.group_by, list):
            other.group_by = list(self.group_by)
        if self.select_related is not True:
            other.select_related = list(self.select_related)
        if self.order_by is not None:
            other.order_by = list(self.order_by)
        if self.values_fields is not None:
            other.values_fields = list(self.values_fields)
        return other

    def add_q(self, condition):
        """AND a condition in: into WHERE, or into HAVING if it is about aggregates.

        `filter(n__gt=1, question_text="x")` after `annotate(n=Count(...))` is split, as in
        Django: `n > 1` goes into HAVING (after GROUP BY), the rest into WHERE. An OR (or a
        NOT) mixing both goes into HAVING whole.
        """
        def about_aggregates(part):
            return any(name == alias or name.startswith(alias + "__")
                       for name in lookup_names(Q(part))
                       for alias, expression in self.annotations.items()
                       if expression.contains_aggregate)

        if not about_aggregates(condition):
            self.where.children.append(condition)
        elif condition.connector == Q.OR or condition.negated:
            self.having.children.append(condition)
        else:
            self.where.children.append(
                Q(*[part for part in condition.children if not about_aggregates(part)]))
            self.having.children.append(
                Q(*[part for part in condition.children if about_aggregates(part)]))

    def set_limits(self, low=None, high=None):
        """Narrow the rows to [low:high] of the current window (slices of slices work)."""
        if high is not None:
            self.high = self.low + high if self.high is None else min(self.high, self.low + high)
        if low is not None:
            self.low = self.low + low if self.high is None else min(self.high, self.low + low)

    def is_sliced(self):
        return self.low != 0 or self.high is not None

    def sql_with_params(self):
        """(sql, params), from the compiler."""
        from glassbox.db.models.compiler import SQLCompiler

        return SQLCompiler(self).as_sql()

    def __str__(self):
        """The SQL, with a ? where each value goes (the values travel separately)."""
        return self.sql_with_params()[0]

    def ordering(self):
        """The ordering in force: order_by() if given, otherwise the model's Meta.ordering
        (but not in a GROUP BY query: since Django 3.1, Meta.ordering stays out of those)."""
        if self.order_by is not None:
            return self.order_by
        if self.model is None or self.group_by is not None:
            return []
        return list(self.model._meta.ordering)
