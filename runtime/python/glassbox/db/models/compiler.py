"""The compiler: turns a `Query` into `(sql, params)`, the only thing SQLite understands.

    compiler = SQLCompiler(query)
    sql, params = compiler.as_sql()

It works in three steps, the way you would write the SQL by hand:

1. *names to columns*: `author__name` means "follow Book.author to the author table, take its
   name column", so it adds `INNER JOIN "author" ON ("book"."author_id" = "author"."id")` and
   answers `"author"."name"` (`resolve_column`);
2. *conditions to WHERE*: each `(name__lookup, value)` of the Q tree becomes a piece like
   `"author"."name" GLOB ?` with its parameter (see lookups.py); AND, OR and NOT join them;
3. *assembly*: SELECT columns FROM table JOINs WHERE GROUP BY ORDER BY LIMIT/OFFSET.

Every value, even a LIMIT, is a parameter: values never become part of the SQL text.
The same machinery builds UPDATE, DELETE, INSERT and COUNT statements.
"""

from glassbox.db.exceptions import FieldError
from glassbox.db.models.expressions import Q
from glassbox.db.models.fields import quote
from glassbox.db.models.lookups import LOOKUPS, MANY_VALUES, TEXT_VALUES

# Lookups that accept an expression (F(...)) on the right: column OPERATOR expression.
OPERATORS = {"exact": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


class SQLCompiler:
    """Compiles one Query; keeps the joins it had to add while doing so."""

    def __init__(self, query):
        self.query = query
        self.model = query.model
        self.table = quote(self.model._meta.db_table)
        self.joins = {}        # path of relation names -> (alias, JOIN clause)
        self.used_aliases = {self.model._meta.db_table}

    # -- 1. names to columns ------------------------------------------------------------------

    def join(self, path, source_alias, source_column, model, target_column, outer):
        """The alias of `model`'s table joined at `path`; adds the JOIN the first time."""
        if path in self.joins:
            return self.joins[path][0]
        table = model._meta.db_table
        alias = table
        if alias in self.used_aliases:
            alias = f"T{len(self.used_aliases) + 1}"
        self.used_aliases.add(alias)
        # A table joined a second time (a ForeignKey to "self") gets a short alias, T2.
        reference = quote(table) if alias == table else alias
        named = quote(table) if alias == table else f"{quote(table)} {alias}"
        kind = "LEFT OUTER JOIN" if outer else "INNER JOIN"
        clause = (f"{kind} {named} ON ({source_alias}.{quote(source_column)} = "
                  f"{reference}.{quote(target_column)})")
        self.joins[path] = (reference, clause)
        return reference

    def resolve_path(self, parts):
        """Follow relation names from the model; return (column SQL, field, parts left over).

        Stops at the first part that names no field (a lookup, like "startswith").
        """
        model, alias, field = self.model, self.table, None
        for index, part in enumerate(parts):
            if field is not None:
                # Only a ForeignKey leads further; after any other field comes a lookup.
                if not hasattr(field, "related_model") or part in LOOKUPS:
                    return f"{alias}.{quote(field.column)}", field, parts[index:]
                target = field.related_model
                if part in ("pk", target._meta.pk.name):  # author__id is our author_id column
                    return f"{alias}.{quote(field.column)}", field, parts[index + 1:]
                alias = self.join(tuple(parts[:index]), alias, field.column, target,
                                  target._meta.pk.column, outer=field.null)
                model = target
            meta = model._meta
            many = (None if part == "pk" or part in meta.field_names()
                    else meta.get_many_to_many(part))
            if many is not None:  # two joins: to the join table, then to the other model
                alias, model, done = self.join_many_to_many(parts, index, alias, *many)
                field = None
                if done:
                    return done
                continue
            reverse = (None if part == "pk" or part in meta.field_names()
                       else meta.get_reverse(part))
            if reverse is None:
                field = meta.get_field(part)  # FieldError naming the model and its fields
                continue
            alias = self.join(tuple(parts[:index + 1]), alias, meta.pk.column, reverse.model,
                              reverse.column, outer=True)
            model, field = reverse.model, None
            if index == len(parts) - 1 or parts[index + 1] in LOOKUPS:
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
                                  field.through, source.column, outer=True)
        rest = parts[index + 1:]
        if rest[:1] in ([], ["pk"], [other._meta.pk.name]) or rest[0] in LOOKUPS:
            skip = 0 if not rest or rest[0] in LOOKUPS else 1
            return through_alias, other, (f"{through_alias}.{quote(target.column)}", target,
                                          rest[skip:])
        other_alias = self.join(path, through_alias, target.column, other,
                                other._meta.pk.column, outer=True)
        return other_alias, other, None

    def resolve_column(self, name):
        """`"author__name"` -> ('"author"."name"', the field), adding the join if needed."""
        if name in self.query.annotations:
            return quote(name), None
        column, field, rest = self.resolve_path(name.split("__"))
        if rest:
            raise FieldError(f"Cannot resolve {name!r} on {self.model.__name__}: "
                             f"{'__'.join(rest)!r} is not a field.")
        return column, field

    # -- 2. conditions to WHERE ---------------------------------------------------------------

    def compile_q(self, condition, inside_not=False):
        """A Q tree as (sql, params); an empty Q gives ('', []).

        `inside_not` tells whether an odd number of NOTs surround this part (see null_guard).
        """
        pieces, params = [], []
        inside_not = inside_not != condition.negated
        for child in condition.children:
            if isinstance(child, Q):
                sql, child_params = self.compile_q(child, inside_not)
                if (sql and len(child.children) > 1 and not child.negated
                        and child.connector != condition.connector
                        and len(condition.children) > 1):
                    sql = f"({sql})"  # an OR inside an AND (or the reverse) needs brackets
            else:
                sql, child_params = self.compile_lookup(*child)
                if inside_not:
                    sql = self.null_guard(sql, *child)
            if sql:
                pieces.append(sql)
                params += child_params
        sql = f" {condition.connector} ".join(pieces)
        if condition.negated and sql:
            sql = f"NOT ({sql})"
        return sql, params

    def null_guard(self, sql, key, value):
        """`exclude(year__lt=1900)` must keep the rows whose year is NULL.

        In SQL, `NULL < 1900` is neither true nor false but NULL, and so is `NOT (NULL < 1900)`:
        a plain NOT would drop those rows. Adding `AND year IS NOT NULL` inside the NOT makes
        the condition false for them, so NOT makes it true.
        """
        if self.annotation_lookup(key) is not None:
            return sql
        column, field, rest = self.resolve_path(key.split("__"))
        if not field.null or value is None or rest[:1] == ["isnull"]:
            return sql
        return f"{sql} AND {column} IS NOT NULL"

    def annotation_lookup(self, key):
        """(aggregate SQL, the lookups after it) if `key` starts with an annotation, else None."""
        parts = key.split("__")
        for end in range(len(parts), 0, -1):
            alias = "__".join(parts[:end])
            if alias in self.query.annotations:
                sql, _params = self.query.annotations[alias].as_sql(self)
                return sql, parts[end:]
        return None

    def compile_lookup(self, key, value):
        """One keyword argument of filter(): `("author__name__startswith", "T")`."""
        annotation = self.annotation_lookup(key)
        if annotation is not None:  # filter(book__count__gte=2): goes into HAVING
            column, rest = annotation
            lookup = rest[0] if rest else "exact"
            if lookup not in LOOKUPS or len(rest) > 1:
                raise FieldError(f"Unsupported lookup {'__'.join(rest)!r} on the annotation "
                                 f"in {key!r}.")
            return LOOKUPS[lookup](column, value)
        column, field, rest = self.resolve_path(key.split("__"))
        lookup = rest[0] if rest else "exact"
        if lookup not in LOOKUPS or len(rest) > 1:
            raise FieldError(
                f"Unsupported lookup {'__'.join(rest)!r} for {type(field).__name__} "
                f"{field.name!r} on {field.model.__name__}. Lookups are: "
                f"{', '.join(LOOKUPS)}.")
        if hasattr(value, "as_sql"):  # F(...) or an expression
            if lookup not in OPERATORS:
                raise FieldError(f"The {lookup!r} lookup cannot compare with {value!r}.")
            sql, params = value.as_sql(self)
            return f"{column} {OPERATORS[lookup]} {sql}", params
        if hasattr(value, "query") and lookup == "in":  # a QuerySet: a subquery
            inner = value if value.query.values_fields else value.values("pk")
            sql, params = SQLCompiler(inner.query).as_sql()
            return f"{column} IN ({sql})", params
        return LOOKUPS[lookup](column, self.prepare(field, lookup, value))

    def prepare(self, field, lookup, value):
        """The value(s) as SQLite wants them: dates as text, booleans as 0/1, objects as ids."""
        if lookup == "isnull":
            return value
        if lookup in TEXT_VALUES:
            return str(value)
        if lookup in MANY_VALUES:
            return [field.get_db_prep_value(each) for each in value]
        return field.get_db_prep_value(value)

    # -- 3. assembly ----------------------------------------------------------------------------

    def select_columns(self):
        """The columns after SELECT, their parameters, and how to read each row back."""
        query = self.query
        columns, params = [], []
        if query.values_fields is not None:
            for name in query.values_fields:
                if name in query.annotations:
                    continue
                column, _field = self.resolve_column(name)
                columns.append(column)
        else:
            columns += [f"{self.table}.{quote(f.column)}" for f in self.model._meta.fields]
            columns += self.related_columns()
        for alias, aggregate in query.annotations.items():
            sql, aggregate_params = aggregate.as_sql(self)
            columns.append(f"{sql} AS {quote(alias)}")
            params += aggregate_params
        return columns, params

    def related_steps(self):
        """(path, parent path, ForeignKey) for each select_related step, each once, in order.

        select_related("book__author") on Review is two steps: "book", then "book__author".
        """
        steps = []
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
        pieces = []
        for name in self.query.ordering():
            if name == "?":
                pieces.append("RANDOM()")
                continue
            descending = name.startswith("-")
            column, _field = self.resolve_column(name.lstrip("-"))
            pieces.append(f"{column} {'DESC' if descending else 'ASC'}")
        return ", ".join(pieces)

    def where_sql(self):
        sql, params = self.compile_q(self.query.where)
        return (f" WHERE {sql}" if sql else ""), params

    def limit_sql(self):
        query = self.query
        if not query.is_sliced():
            return "", []
        limit = -1 if query.high is None else query.high - query.low
        return " LIMIT ? OFFSET ?", [limit, query.low]

    def group_by_sql(self, columns):
        """GROUP BY the plain columns when aggregates sit next to them (annotate)."""
        if not self.query.annotations:
            return ""
        plain = [column for column in columns if " AS " not in column]
        return f" GROUP BY {', '.join(plain)}" if plain else ""

    def having_sql(self):
        """Conditions on aggregates (filter after annotate) go after GROUP BY, in HAVING."""
        sql, params = self.compile_q(self.query.having)
        return (f" HAVING {sql}" if sql else ""), params

    def as_sql(self):
        """The SELECT statement: (sql, params)."""
        columns, params = self.select_columns()
        where, where_params = self.where_sql()  # before FROM: it may add joins
        having, having_params = self.having_sql()
        order = self.order_by_sql()
        limit, limit_params = self.limit_sql()
        distinct = "DISTINCT " if self.query.distinct else ""
        sql = (f"SELECT {distinct}{', '.join(columns)} FROM {self.table}{self.joins_sql()}"
               f"{where}{self.group_by_sql(columns)}{having}"
               f"{' ORDER BY ' + order if order else ''}{limit}")
        return sql, params + where_params + having_params + limit_params

    def joins_sql(self):
        return "".join(" " + clause for _alias, clause in self.joins.values())

    def as_count_sql(self):
        """SELECT COUNT(*): directly, or around the query when it is sliced or DISTINCT."""
        query = self.query
        if query.is_sliced() or query.distinct or query.annotations:
            inner, params = self.as_sql()
            return f'SELECT COUNT(*) AS "__count" FROM ({inner}) subquery', params
        where, params = self.where_sql()
        return f'SELECT COUNT(*) AS "__count" FROM {self.table}{self.joins_sql()}{where}', params

    def as_exists_sql(self):
        where, params = self.where_sql()
        limit, limit_params = self.limit_sql()
        if limit or self.query.annotations:
            inner, inner_params = self.as_sql()
            return f"SELECT 1 AS \"a\" FROM ({inner}) subquery LIMIT 1", inner_params
        return (f'SELECT 1 AS "a" FROM {self.table}{self.joins_sql()}{where} LIMIT 1', params)

    def as_aggregate_sql(self, aggregates):
        """SELECT SUM(...), AVG(...) over the rows of the query (aggregate())."""
        pieces = []
        for alias, aggregate in aggregates.items():
            sql, _params = aggregate.as_sql(self)
            pieces.append(f"{sql} AS {quote(alias)}")
        where, params = self.where_sql()
        if self.query.is_sliced() or self.query.distinct:
            raise FieldError("aggregate() after slicing or distinct() is not supported here.")
        return (f"SELECT {', '.join(pieces)} FROM {self.table}{self.joins_sql()}{where}", params)

    def narrowing_sql(self):
        """The WHERE for UPDATE and DELETE. With joins, select the ids in a subquery."""
        where, params = self.where_sql()
        if not self.joins and not self.query.is_sliced():
            return where, params
        pk = f"{self.table}.{quote(self.model._meta.pk.column)}"
        limit, limit_params = self.limit_sql()
        inner = f"SELECT {pk} FROM {self.table}{self.joins_sql()}{where}{limit}"
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
