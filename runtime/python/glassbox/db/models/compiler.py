"""The compiler: turns a `Query` into `(sql, params)`, the only thing SQLite understands.

    compiler = SQLCompiler(query)
    sql, params = compiler.as_sql()

It works in three steps, the way you would write the SQL by hand:

1. *names to columns*: `author__name` means "follow Book.author to the author table, take its
   name column", so it adds `INNER JOIN "author" ON ("book"."author_id" = "author"."id")` and
   answers `"author"."name"` (`resolve_column`);
2. *conditions to WHERE*: each `(name__lookup, value)` of the Q tree becomes a piece like
   `"author"."name" GLOB ?` with its parameter (see lookups.py); AND, OR and NOT join them;
3. *assembly*: SELECT columns FROM table JOINs WHERE GROUP BY HAVING ORDER BY LIMIT/OFFSET.

Every value, even a LIMIT, is a parameter: values never become part of the SQL text.
The same machinery builds UPDATE, DELETE, INSERT and COUNT statements.

Three places where the obvious SQL gives a wrong answer, and what the compiler writes instead
(the answers Django gives):

- *a relation with many rows*: `Question.objects.filter(choice__votes__gt=4)` joins "choice",
  and a question appears once per matching choice. Which join each part of the query uses is
  explained in SQLCompiler's docstring; `exclude()` over such a relation becomes a subquery
  (`exclude_subquery`);
- *annotate() with an aggregate* makes a GROUP BY: one group per object (its primary key), or
  one per value after values("a") (`group_by_sql`);
- *aggregate() after annotate()* (or slicing, or distinct()) summarises the query's own rows,
  so the query goes inside a subquery: `SELECT MAX("n") FROM (SELECT ... GROUP BY ...)
  subquery` (`as_aggregate_sql`).

A condition that can match nothing (`id__in=[]`) raises EmptyResultSet instead of making SQL;
the QuerySet then answers without asking the database.
"""

import contextlib

from glassbox.db.exceptions import EmptyResultSet, FieldError
from glassbox.db.models.expressions import Q
from glassbox.db.models.fields import DateField, DateTimeField, IntegerField, quote
from glassbox.db.models.lookups import (LOOKUPS, MANY_VALUES, TEXT_VALUES, TRANSFORMS,
                                        year_lookup)

# Lookups that accept an expression (F(...)) on the right: column OPERATOR expression.
OPERATORS = {"exact": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}

# What a transform gives, to convert its values both ways (pub_date__year is a number).
TRANSFORM_FIELDS = {"integer": IntegerField(), "date": DateField()}

# How many ForeignKeys deep select_related() with no names goes, as in Django.
SELECT_RELATED_DEPTH = 5


class Column:
    """A column of another query, already written as SQL (the outer row, in a subquery)."""

    contains_aggregate = False

    def __init__(self, sql):
        self.sql = sql

    def as_sql(self, compiler):
        return self.sql, []


class SQLCompiler:
    """Compiles one Query; keeps the joins it had to add while doing so.

    Which join does a name use? A ForeignKey followed forwards (choice__question) leads to one
    row, so every part of the query shares its join. A relation followed backwards
    (question__choice) or a many-to-many one leads to *several* rows, and then it matters who
    asks, as in Django:

    - each filter() call gets joins of its own: `filter(choice__votes__gt=4)
      .filter(choice__votes__lt=2)` asks for a question with a choice above 4 and a choice
      (maybe another one) below 2: two joins of "choice";
    - within one filter() call the join is shared: `filter(choice__votes__gt=4,
      choice__votes__lt=6)` wants one choice with both;
    - annotate(), order_by() and values() reuse the join of an earlier filter() (so
      `filter(choice__votes__gt=0).annotate(Count("choice"))` counts those choices only) but
      not of a later one;
    - exclude() asks a subquery instead of joining (see exclude_subquery).

    `outer` is the compiler of the query around this one, when this one is a subquery: it
    answers OuterRef(...) and keeps the table aliases of the two queries apart.
    """

    def __init__(self, query, outer=None):
        self.query = query
        self.model = query.model
        self.outer = outer
        self.used_aliases = set()
        table = self.model._meta.db_table
        if outer is not None and table in outer.all_aliases():  # the same table outside
            alias = self.fresh_alias("U")
            self.table, self.from_sql = alias, f"{quote(table)} {alias}"
        else:
            alias = table
            self.table = self.from_sql = quote(table)
        self.used_aliases.add(alias)
        self.joins = {}          # (path of relation names, owner) -> (alias, JOIN clause)
        self.selected = set()    # annotations in the SELECT list, which can be named by alias
        # Who is asking for joins: ("filter", n) for the n-th filter() call, or
        # ("reuse", n) for what may reuse the joins of filter() calls before the n-th (None: all).
        self.context = ("reuse", None)
        self.checking = False    # only checking names (filter() does): OuterRef has no outer
        self.nullable_path = False  # set by resolve_path

    def all_aliases(self):
        """The table names and aliases taken here and in the queries around this one."""
        outer = self.outer.all_aliases() if self.outer is not None else set()
        return self.used_aliases | outer

    def fresh_alias(self, prefix):
        taken = self.all_aliases()
        number = len(taken) + 1
        while f"{prefix}{number}" in taken:
            number += 1
        return f"{prefix}{number}"

    @contextlib.contextmanager
    def asking(self, context):
        """Compile what is inside the `with` on behalf of `context` (see the class docstring)."""
        previous, self.context = self.context, context
        try:
            yield
        finally:
            self.context = previous

    # -- 1. names to columns ------------------------------------------------------------------

    def join(self, path, source_alias, source_column, model, target_column, outer, multi=False):
        """The alias of `model`'s table joined at `path`; adds the JOIN the first time.

        `multi`: the path has crossed a relation with many rows, so whose join it is matters.
        """
        key = (path, self.join_owner(path) if multi else None)
        if key in self.joins:
            return self.joins[key][0]
        table = model._meta.db_table
        if table in self.all_aliases():
            # A table joined a second time (a ForeignKey to "self", a second filter() over
            # the same relation) gets a short alias, T2.
            alias = self.fresh_alias("T")
            reference, named = alias, f"{quote(table)} {alias}"
        else:
            alias = table
            reference = named = quote(table)
        self.used_aliases.add(alias)
        kind = "LEFT OUTER JOIN" if outer else "INNER JOIN"
        clause = (f"{kind} {named} ON ({source_alias}.{quote(source_column)} = "
                  f"{reference}.{quote(target_column)})")
        self.joins[key] = (reference, clause)
        return reference

    def join_owner(self, path):
        """Which join of a multi-valued `path` to use (see the class docstring)."""
        kind, number = self.context
        if kind == "filter":
            return number
        found = "shared"
        for each_path, owner in self.joins:
            if each_path == path and owner is not None and (
                    owner == "shared" or number is None or owner < number):
                found = owner
        return found

    def resolve_path(self, parts):
        """Follow relation names from the model; return (column SQL, field, parts left over).

        Stops at the first part that names no field (a lookup, like "startswith", or a
        transform, like "year").
        """
        model, alias, field, multi = self.model, self.table, None, False
        # Whether a join on the way may find no row (a NULL ForeignKey, a relation with many
        # rows): then the column may be NULL, whatever its field says (see null_guard).
        self.nullable_path = False
        for index, part in enumerate(parts):
            if field is not None:
                # Only a ForeignKey leads further; after any other field comes a lookup.
                if (not hasattr(field, "related_model") or part in LOOKUPS
                        or part in TRANSFORMS):
                    return f"{alias}.{quote(field.column)}", field, parts[index:]
                target = field.related_model
                if part in ("pk", target._meta.pk.name):  # author__id is our author_id column
                    return f"{alias}.{quote(field.column)}", field, parts[index + 1:]
                self.nullable_path = self.nullable_path or field.null
                alias = self.join(tuple(parts[:index]), alias, field.column, target,
                                  target._meta.pk.column, outer=field.null or multi,
                                  multi=multi)
                model = target
            meta = model._meta
            many = (None if part == "pk" or part in meta.field_names()
                    else meta.get_many_to_many(part))
            if many is not None:  # two joins: to the join table, then to the other model
                self.nullable_path = True
                alias, model, done = self.join_many_to_many(parts, index, alias, *many)
                field, multi = None, True
                if done:
                    return done
                continue
            reverse = (None if part == "pk" or part in meta.field_names()
                       else meta.get_reverse(part))
            if reverse is None:
                field = meta.get_field(part)  # FieldError naming the model and its fields
                continue
            multi = self.nullable_path = True
            alias = self.join(tuple(parts[:index + 1]), alias, meta.pk.column, reverse.model,
                              reverse.column, outer=True, multi=True)
            model, field = reverse.model, None
            if (index == len(parts) - 1 or parts[index + 1] in LOOKUPS
                    or parts[index + 1] in TRANSFORMS):
                pk = model._meta.pk
                return f"{alias}.{quote(pk.column)}", pk, parts[index + 1:]
        return f"{alias}.{quote(field.column)}", field, []

    def join_many_to_many(self, parts, index, alias, field, reverse):
        """Follow the many-to-many relation `parts[index]` from the table `alias`.

        First JOIN the join table on its column pointing at us. If the query wants only the
        other side's id (`authors=3`, `authors__in=[...]`, `authors__pk=3`), the join table's
        other column is that id: done, answered as (column, field, parts left). Otherwise JOIN
        the other model's table too and go on from there: (alias, model, None).
        """
        source, target = field.through_fields(reverse)
        other = target.related_model
        path = tuple(parts[:index + 1])
        through_alias = self.join(path + ("+",), alias, source.related_model._meta.pk.column,
                                  field.through, source.column, outer=True, multi=True)
        rest = parts[index + 1:]
        if rest[:1] in ([], ["pk"], [other._meta.pk.name]) or rest[0] in LOOKUPS:
            skip = 0 if not rest or rest[0] in LOOKUPS else 1
            return through_alias, other, (f"{through_alias}.{quote(target.column)}", target,
                                          rest[skip:])
        other_alias = self.join(path, through_alias, target.column, other,
                                other._meta.pk.column, outer=True, multi=True)
        return other_alias, other, None

    def multi_valued_step(self, parts):
        """(index, kind, relation) of the first relation in `parts` leading to many rows
        (kind "reverse": a ForeignKey followed backwards; "many": a many-to-many), or None."""
        model, field = self.model, None
        for index, part in enumerate(parts):
            if field is not None:
                if (not hasattr(field, "related_model") or part in LOOKUPS
                        or part in TRANSFORMS):
                    return None
                model = field.related_model
                if part in ("pk", model._meta.pk.name):
                    return None
            meta = model._meta
            if part == "pk" or part in meta.field_names():
                field = meta.get_field(part)
                continue
            many = meta.get_many_to_many(part)
            if many is not None:
                return index, "many", many
            reverse = meta.get_reverse(part)
            if reverse is not None:
                return index, "reverse", reverse
            return None  # not a name we know: resolve_path explains
        return None

    def apply_transforms(self, column, field, rest):
        """`pub_date__month`: wrap the column in the transforms at the start of `rest`."""
        while rest and rest[0] in TRANSFORMS:
            if not isinstance(field, DateField):
                raise FieldError(f"Unsupported lookup {rest[0]!r} for "
                                 f"{type(field).__name__} {field.name!r}: it is for dates.")
            transform, kind = TRANSFORMS[rest[0]]
            column, field, rest = transform(column), TRANSFORM_FIELDS[kind], rest[1:]
        return column, field, rest

    def resolve_column(self, name):
        """`"author__name"` -> ('"author"."name"', the field), adding the join if needed.

        An annotation's name gives its alias when it is in the SELECT list, else its SQL.
        """
        if name in self.query.annotations:
            if name in self.selected:
                return quote(name), None
            return self.annotation_sql(name)[0], None
        column, field, rest = self.resolve_path(name.split("__"))
        column, field, rest = self.apply_transforms(column, field, rest)
        if rest:
            raise FieldError(f"Cannot resolve {name!r} on {self.model.__name__}: "
                             f"{'__'.join(rest)!r} is not a field.")
        return column, field

    def column_sql(self, name):
        """(sql, params) for a name in an expression (F("votes"), Sum("double")): like
        resolve_column, and an annotation not in the SELECT list comes with its parameters."""
        if name in self.query.annotations and name not in self.selected:
            return self.annotation_sql(name)
        return self.resolve_column(name)[0], []

    def field_of(self, name):
        """The field whose kind of value `name` gives (for converting it back), or None."""
        if name in self.query.annotations:
            return self.query.annotations[name].output_field
        return self.resolve_column(name)[1]

    def annotation_sql(self, alias):
        """(sql, params) of the annotation `alias`, with the joins it may share."""
        limit = self.query.annotation_limits.get(alias)
        with self.asking(("reuse", limit)):
            return self.query.annotations[alias].as_sql(self)

    # -- 2. conditions to WHERE ---------------------------------------------------------------

    def compile_q(self, condition, inside_not=False, calls=False):
        """A Q tree as (sql, params); '' means "no condition" (every row matches).

        `inside_not` tells whether an odd number of NOTs surround this part (see null_guard).
        `calls`: the children are the filter() calls of the query (see the class docstring).
        A part that can match nothing (an empty `__in`) raises EmptyResultSet: an AND with
        such a part matches nothing, an OR drops it, a NOT around it matches everything.
        """
        if not condition.children:
            return "", []
        pieces, params, nothing, everything = [], [], 0, 0
        inside_not = inside_not != condition.negated
        previous = self.context
        for index, child in enumerate(condition.children):
            if calls:
                self.context = ("filter", index)
            try:
                sql, child_params = self.compile_child(child, condition, inside_not)
            except EmptyResultSet:
                nothing += 1
                continue
            finally:
                self.context = previous
            if not sql:
                everything += 1
                continue
            pieces.append(sql)
            params += child_params
        if condition.connector == Q.AND:
            matches_nothing, matches_all = nothing > 0, not nothing and not pieces
        else:
            matches_all, matches_nothing = everything > 0, not everything and not pieces
        if matches_nothing or matches_all:
            if matches_all != condition.negated:
                return "", []
            raise EmptyResultSet("This condition matches no row: no query is needed.")
        sql = f" {condition.connector} ".join(pieces)
        if condition.negated:
            sql = f"NOT ({sql})"
        return sql, params

    def compile_child(self, child, parent, inside_not):
        """One child of a Q: another Q, an expression (Exists(...)) or a (key, value) pair."""
        if isinstance(child, Q):
            sql, params = self.compile_q(child, inside_not)
            if (sql and len(child.children) > 1 and not child.negated
                    and child.connector != parent.connector and len(parent.children) > 1):
                sql = f"({sql})"  # an OR inside an AND (or the reverse) needs brackets
            return sql, params
        if hasattr(child, "as_sql"):
            return child.as_sql(self)
        return self.compile_lookup(*child, negated=inside_not)

    def null_guard(self, sql, column, field, rest, value, nullable=False):
        """`exclude(year__lt=1900)` must keep the rows whose year is NULL.

        In SQL, `NULL < 1900` is neither true nor false but NULL, and so is `NOT (NULL < 1900)`:
        a plain NOT would drop those rows. Adding `AND year IS NOT NULL` inside the NOT makes
        the condition false for them, so NOT makes it true. The same goes for a column reached
        through a join that may find nothing (`exclude(mentor__name="Ada")` keeps the people
        without a mentor): `nullable`.
        """
        if (field is None or not (field.null or nullable) or value is None
                or rest[-1:] == ["isnull"]):
            return sql
        return f"{sql} AND {column} IS NOT NULL"

    def annotation_lookup(self, key):
        """(annotation SQL, params, the lookups after it) if `key` starts with an annotation."""
        parts = key.split("__")
        for end in range(len(parts), 0, -1):
            alias = "__".join(parts[:end])
            if alias in self.query.annotations:
                sql, params = self.annotation_sql(alias)
                return sql, params, parts[end:]
        return None

    def compile_lookup(self, key, value, negated=False):
        """One keyword argument of filter(): `("author__name__startswith", "T")`.

        `negated`: inside an exclude() (or ~Q): a relation with many rows becomes a subquery.
        """
        annotation = self.annotation_lookup(key)
        if annotation is not None:  # filter(book__count__gte=2): goes into HAVING
            column, params, rest = annotation
            lookup = rest[0] if rest else "exact"
            if lookup not in LOOKUPS or len(rest) > 1:
                raise FieldError(f"Unsupported lookup {'__'.join(rest)!r} on the annotation "
                                 f"in {key!r}.")
            if hasattr(value, "as_sql") and lookup in OPERATORS:
                value_sql, value_params = value.as_sql(self)
                return f"{column} {OPERATORS[lookup]} {value_sql}", params + value_params
            sql, lookup_params = LOOKUPS[lookup](column, value)
            return sql, params + lookup_params
        parts = key.split("__")
        if negated:
            step = self.multi_valued_step(parts)
            if step is not None:
                return self.exclude_subquery(parts, value, *step)
        column, field, rest = self.resolve_path(parts)
        nullable = self.nullable_path
        sql, params = self.lookup_sql(key, column, field, rest, value)
        if negated:
            sql = self.null_guard(sql, column, field, rest, value, nullable)
        return sql, params

    def lookup_sql(self, key, column, field, rest, value):
        """The SQL of `column` (of `field`) compared by the lookup in `rest` with `value`."""
        year = rest[:1] == ["year"] and (rest[1:] or ["exact"])[0]
        if (year in ("exact", "gt", "gte", "lt", "lte") and len(rest) <= 2 and value is not None
                and not hasattr(value, "as_sql") and isinstance(field, DateField)):
            return year_lookup(column, year, value, isinstance(field, DateTimeField))
        column, field, rest = self.apply_transforms(column, field, rest)
        lookup = rest[0] if rest else "exact"
        if lookup not in LOOKUPS or len(rest) > 1:
            raise FieldError(
                f"Unsupported lookup {'__'.join(rest)!r} for {type(field).__name__} "
                f"{field.name!r} on {getattr(field.model, '__name__', '?')}. Lookups are: "
                f"{', '.join(LOOKUPS)}; before them, for dates: {', '.join(TRANSFORMS)}.")
        if hasattr(value, "query") and lookup in ("in", "exact"):  # a QuerySet: a subquery
            inner = value if value.query.values_fields else value.values("pk")
            sql, params = SQLCompiler(inner.query, outer=self).as_sql()
            return f"{column} {'IN' if lookup == 'in' else '='} ({sql})", params
        if hasattr(value, "as_sql") and lookup == "in":  # pk__in=Subquery(...)
            sql, params = value.as_sql(self)
            return f"{column} IN {sql}", params
        if hasattr(value, "as_sql"):  # F(...) or an expression
            if lookup not in OPERATORS:
                raise FieldError(f"The {lookup!r} lookup cannot compare with {value!r}.")
            sql, params = value.as_sql(self)
            return f"{column} {OPERATORS[lookup]} {sql}", params
        return LOOKUPS[lookup](column, self.prepare(field, lookup, value))

    def exclude_subquery(self, parts, value, index, kind, relation):
        """exclude(choice__votes=7) over a relation with many rows: a subquery, as Django.

        "Questions that do not have a choice with 7 votes" is not "the rows of question JOIN
        choice where votes is not 7": that join keeps a question once per *other* choice, and
        loses the questions without choices. So the condition is asked about the related rows
        in a subquery, correlated to the outer row, and negated as a whole:

            NOT (EXISTS (SELECT 1 AS "a" FROM "choice"
                         WHERE "choice"."votes" = ? AND "choice"."question_id" = "question"."id"
                         LIMIT 1))
        """
        from glassbox.db.models.query import QuerySet

        if index == 0:
            outer_column = f"{self.table}.{quote(self.model._meta.pk.column)}"
        else:
            outer_column = self.resolve_path(parts[:index] + ["pk"])[0]
        rest = parts[index + 1:]
        if kind == "reverse":
            inner_model, link, prefix = relation.model, relation.attname, []
            if not rest or rest[0] in LOOKUPS:
                rest = ["pk"] + rest
        else:
            field, reverse = relation
            source, target = field.through_fields(reverse)
            inner_model, link, prefix = field.through, source.attname, [target.name]
        inner = QuerySet(inner_model)
        if rest[-1:] == ["isnull"] and rest[:-1] in ([], ["pk"], ["id"]):
            # choice__isnull=True: "has no choice at all"
            sql, params = SQLCompiler(inner.filter(**{link: Column(outer_column)}).query,
                                      outer=self).as_exists_sql()
            return f"{'NOT ' if value else ''}EXISTS ({sql})", params
        inner = inner.filter(**{"__".join(prefix + rest): value})
        inner = inner.filter(**{link: Column(outer_column)})
        sql, params = SQLCompiler(inner.query, outer=self).as_exists_sql()
        return f"EXISTS ({sql})", params

    def prepare(self, field, lookup, value):
        """The value(s) as SQLite wants them: dates as text, booleans as 0/1, objects as ids."""
        if lookup == "isnull":
            return value
        if lookup in TEXT_VALUES:
            return str(value)
        if lookup in MANY_VALUES:
            return [field.get_db_prep_value(model_pk(each)) for each in value]
        return field.get_db_prep_value(model_pk(value))

    # -- 3. assembly ----------------------------------------------------------------------------

    def select_columns(self):
        """The columns after SELECT and their parameters."""
        query = self.query
        columns, params = [], []
        if query.values_fields is not None:
            names = query.values_fields
        else:
            columns += [f"{self.table}.{quote(f.column)}" for f in self.model._meta.fields]
            columns += self.related_columns()
            names = [name for name in query.annotations if name not in query.hidden_annotations]
        for name in names:
            if name in query.annotations:
                sql, annotation_params = self.annotation_sql(name)
                columns.append(f"{sql} AS {quote(name)}")
                params += annotation_params
                self.selected.add(name)
            else:
                columns.append(self.resolve_column(name)[0])
        return columns, params

    def related_steps(self):
        """(path, parent path, ForeignKey) for each select_related step, each once, in order.

        select_related("book__author") on Review is two steps: "book", then "book__author".
        select_related() with no names follows every ForeignKey that cannot be NULL, and
        theirs, SELECT_RELATED_DEPTH deep (as Django does).
        """
        steps = []
        if self.query.select_related is True:
            def follow(model, path, depth):
                for field in model._meta.fields:
                    if hasattr(field, "related_model") and not field.null and depth:
                        name = "__".join(path + [field.name])
                        steps.append((name, "__".join(path), field))
                        follow(field.related_model, path + [field.name], depth - 1)
            follow(self.model, [], SELECT_RELATED_DEPTH)
            return steps
        for path in self.query.select_related:
            parts, model = path.split("__"), self.model
            for index, part in enumerate(parts):
                field = model._meta.get_field(part)
                if not hasattr(field, "related_model"):
                    raise FieldError(f"select_related() takes ForeignKey names; {part!r} on "
                                     f"{model.__name__} is a {type(field).__name__}.")
                step = ("__".join(parts[:index + 1]), "__".join(parts[:index]), field)
                if step not in steps:
                    steps.append(step)
                model = field.related_model
        return steps

    def related_columns(self):
        """The columns of every model select_related() reaches, joined in (LEFT OUTER JOIN)."""
        columns, aliases = [], {"": self.table}
        for path, parent_path, field in self.related_steps():
            target = field.related_model
            alias = self.join(tuple(path.split("__")), aliases[parent_path], field.column,
                              target, target._meta.pk.column, outer=True)
            aliases[path] = alias
            columns += [f"{alias}.{quote(each.column)}" for each in target._meta.fields]
        return columns

    def order_by_sql(self):
        """ORDER BY's list, and its parameters: names ("-year"), or F("year").desc()."""
        pieces, params = [], []
        for name in self.query.ordering():
            if hasattr(name, "as_sql"):
                sql, order_params = name.as_sql(self)
                pieces.append(sql if hasattr(name, "descending") else f"{sql} ASC")
                params += order_params
                continue
            if name == "?":
                pieces.append("RANDOM()")
                continue
            descending = name.startswith("-")
            column, column_params = self.column_sql(name.lstrip("-"))
            pieces.append(f"{column} {'DESC' if descending else 'ASC'}")
            params += column_params
        return ", ".join(pieces), params

    def where_sql(self):
        sql, params = self.compile_q(self.query.where, calls=True)
        return (f" WHERE {sql}" if sql else ""), params

    def limit_sql(self):
        query = self.query
        if not query.is_sliced():
            return "", []
        limit = -1 if query.high is None else query.high - query.low
        return " LIMIT ? OFFSET ?", [limit, query.low]

    def group_by_sql(self):
        """GROUP BY, when annotate() put an aggregate next to the rows (see Query.group_by).

        Every object gets its own group: GROUP BY its primary key (SQLite lets the other
        columns of the row come along, since the key decides them). After values("a"), the
        groups are the values of "a" instead, and of what order_by() names, as in Django.
        """
        group = self.query.group_by
        if group is None:
            return ""
        if group is True:
            columns = [f"{self.table}.{quote(self.model._meta.pk.column)}"]
        else:
            columns = []
            names = list(group) + [name.lstrip("-") for name in self.query.order_by or []
                                   if isinstance(name, str)]
            for name in names:
                if name == "?" or name in self.query.annotations:
                    continue
                column = self.resolve_column(name)[0]
                if column not in columns:
                    columns.append(column)
        return f" GROUP BY {', '.join(columns)}" if columns else ""

    def having_sql(self):
        """Conditions on aggregates (filter after annotate) go after GROUP BY, in HAVING."""
        sql, params = self.compile_q(self.query.having)
        return (f" HAVING {sql}" if sql else ""), params

    def as_sql(self):
        """The SELECT statement: (sql, params). EmptyResultSet if it cannot match a row."""
        where, where_params = self.where_sql()  # first: the joins of each filter() call
        columns, params = self.select_columns()
        having, having_params = self.having_sql()
        order, order_params = self.order_by_sql()
        limit, limit_params = self.limit_sql()
        distinct = "DISTINCT " if self.query.distinct else ""
        sql = (f"SELECT {distinct}{', '.join(columns)} FROM {self.from_sql}{self.joins_sql()}"
               f"{where}{self.group_by_sql()}{having}"
               f"{' ORDER BY ' + order if order else ''}{limit}")
        return sql, params + where_params + having_params + order_params + limit_params

    def joins_sql(self):
        return "".join(" " + clause for _alias, clause in self.joins.values())

    def needs_subquery(self):
        """Is this query more than "rows of a table": grouped, sliced or DISTINCT?"""
        query = self.query
        return query.is_sliced() or query.distinct or query.group_by is not None

    def as_count_sql(self):
        """SELECT COUNT(*): directly, or around the query when it is grouped, sliced or
        DISTINCT (the rows to count are the query's rows, not the table's)."""
        if self.needs_subquery():
            inner, params = self.as_sql()
            return f'SELECT COUNT(*) AS "__count" FROM ({inner}) subquery', params
        where, params = self.where_sql()
        return (f'SELECT COUNT(*) AS "__count" FROM {self.from_sql}{self.joins_sql()}{where}',
                params)

    def as_exists_sql(self):
        if self.needs_subquery():
            inner, inner_params = self.as_sql()
            return f"SELECT 1 AS \"a\" FROM ({inner}) subquery LIMIT 1", inner_params
        where, params = self.where_sql()
        return (f'SELECT 1 AS "a" FROM {self.from_sql}{self.joins_sql()}{where} LIMIT 1',
                params)

    def as_aggregate_sql(self, aggregates):
        """SELECT SUM(...), AVG(...) over the rows of the query (aggregate()).

        After annotate() (a GROUP BY), slicing or distinct(), the rows to summarise are the
        query's own rows, so the query goes inside, as a subquery, and the aggregates outside:
        `annotate(n=Count("choice")).aggregate(Max("n"))` is
        `SELECT MAX("n") FROM (SELECT ..., COUNT(...) AS "n" ... GROUP BY ...) subquery`.
        """
        if self.needs_subquery():
            inner, params = self.as_sql()
            outside = SubqueryColumns(self)
            pieces = []
            for alias, aggregate in aggregates.items():
                sql, aggregate_params = aggregate.as_sql(outside)
                pieces.append(f"{sql} AS {quote(alias)}")
                params += aggregate_params
            return f"SELECT {', '.join(pieces)} FROM ({inner}) subquery", params
        where, where_params = self.where_sql()
        pieces, params = [], []
        for alias, aggregate in aggregates.items():
            sql, aggregate_params = aggregate.as_sql(self)
            pieces.append(f"{sql} AS {quote(alias)}")
            params += aggregate_params
        return (f"SELECT {', '.join(pieces)} FROM {self.from_sql}{self.joins_sql()}{where}",
                params + where_params)

    def narrowing_sql(self):
        """The WHERE for UPDATE and DELETE. With joins, select the ids in a subquery."""
        where, params = self.where_sql()
        if not self.joins and not self.query.is_sliced():
            return where, params
        pk = f"{self.table}.{quote(self.model._meta.pk.column)}"
        limit, limit_params = self.limit_sql()
        inner = f"SELECT {pk} FROM {self.from_sql}{self.joins_sql()}{where}{limit}"
        return f" WHERE {pk} IN ({inner})", params + limit_params

    def as_update_sql(self, values):
        """UPDATE with `values` ({field: value or expression})."""
        assignments, params = [], []
        for field, value in values.items():
            if hasattr(value, "as_sql"):
                sql, value_params = value.as_sql(self)
            else:
                sql, value_params = "?", [field.get_db_prep_value(value)]
            assignments.append(f"{quote(field.column)} = {sql}")
            params += value_params
        where, where_params = self.narrowing_sql()
        return f"UPDATE {self.table} SET {', '.join(assignments)}{where}", params + where_params

    def as_delete_sql(self):
        where, params = self.narrowing_sql()
        return f"DELETE FROM {self.table}{where}", params

    def as_insert_sql(self, values):
        """INSERT one row; `values` is {field: value ready for the database}."""
        if not values:
            return f"INSERT INTO {self.table} DEFAULT VALUES", []
        columns = ", ".join(quote(field.column) for field in values)
        marks = ", ".join("?" for _ in values)
        return f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", list(values.values())

    def as_bulk_insert_sql(self, fields, rows, returning=None, ignore_conflicts=False):
        """INSERT several rows in one statement: VALUES (?, ?), (?, ?), ...

        `returning`: a field whose values to send back (the new ids), with SQLite's RETURNING.
        `ignore_conflicts`: INSERT OR IGNORE, which skips a row breaking a UNIQUE constraint.
        """
        columns = ", ".join(quote(field.column) for field in fields)
        marks = ", ".join("(" + ", ".join("?" for _ in fields) + ")" for _ in rows)
        verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
        sql = f"{verb} INTO {self.table} ({columns}) VALUES {marks}"
        if returning is not None:
            sql += f" RETURNING {quote(returning.column)}"
        return sql, [value for row in rows for value in row]


class SubqueryColumns:
    """Stands in for the compiler outside `(...) subquery`: names are its columns."""

    def __init__(self, inner):
        self.inner = inner
        self.outer = None

    def resolve_column(self, name):
        query = self.inner.query
        if name in query.annotations:
            return quote(name), None
        field = query.model._meta.get_field(name)
        if query.values_fields is not None and name not in query.values_fields and (
                field.attname not in query.values_fields):
            raise FieldError(f"Cannot aggregate {name!r}: it is not among the values() of "
                             "the query.")
        return quote(field.column), field

    def column_sql(self, name):
        return self.resolve_column(name)[0], []

    def field_of(self, name):
        if name in self.inner.query.annotations:
            return self.inner.query.annotations[name].output_field
        return self.resolve_column(name)[1]

    def compile_q(self, condition):
        raise FieldError("An aggregate with filter= over an annotated, sliced or distinct "
                         "query is not supported: filter the query first.")


def model_pk(value):
    """An object's primary key (filter(question=q) compares ids); other values unchanged."""
    return value.pk if hasattr(value, "_meta") and hasattr(value, "_state") else value
