"""QuerySet: a query you can keep refining, run only when you look at the results.

    books = Book.objects.filter(author__name__startswith="T")   # no SQL yet
    books = books.exclude(year__lt=1950).order_by("-year")[:10]  # still none
    print(books.query)    # the SELECT it will send, with ? where the values go
    for book in books:    # now: one SELECT, and the rows become Book objects
        ...
    list(books)           # no new query: the results are cached on the QuerySet

Three ideas make it work:

- *lazy*: methods like `filter()` only record what you asked for in a `Query` (sql.py);
- *chainable*: each of them returns a new QuerySet, so `books` above is left untouched by
  `books.filter(...)` and can be reused;
- *cached*: the first time the rows are needed (a loop, `len()`, `list()`, `bool()`, an
  index), they are fetched and kept in `result_cache`.

Some methods go to the database at once, because their answer is not a list of objects:
`count()`, `exists()`, `get()`, `first()`, `latest()`, `aggregate()`, `update()`, `delete()`,
`create()`, `bulk_create()`, `get_or_create()`, `update_or_create()`.

A query that cannot match anything (`filter(id__in=[])`, `none()`) is not sent at all: the
compiler raises EmptyResultSet and the QuerySet answers "nothing" by itself.
"""

from glassbox import db
from glassbox.db.exceptions import EmptyResultSet, FieldError
from glassbox.db.models.compiler import SQLCompiler
from glassbox.db.models.expressions import Aggregate, Q
from glassbox.db.models.sql import Query

# How many rows get() fetches at most: enough to tell "one" from "several" without loading all.
MAX_GET_RESULTS = 21
# How many objects repr() shows.
REPR_OUTPUT_SIZE = 20


class QuerySet:
    """The rows of `model` that a query describes (see the module docstring)."""

    def __init__(self, model, query=None, connection=None):
        self.model = model
        self.query = query if query is not None else Query(model)
        self.explicit_connection = connection
        self.result_cache = None
        self.iterable = ModelIterable
        self.prefetch_lookups = []
        self.flat = self.named = False

    @property
    def connection(self):
        """The database this QuerySet asks: the one from using(), or glassbox.db.connection."""
        return self.explicit_connection or db.connection

    def clone(self):
        other = QuerySet(self.model, self.query.clone(), self.explicit_connection)
        other.iterable, other.flat, other.named = self.iterable, self.flat, self.named
        other.prefetch_lookups = list(self.prefetch_lookups)
        return other

    # -- refining: each returns a new QuerySet -------------------------------------------------

    def all(self):
        return self.clone()

    def using(self, connection):
        """The same query, sent to another database."""
        other = self.clone()
        other.explicit_connection = connection
        return other

    def filter(self, *conditions, **lookups):
        """Keep the rows matching every condition: filter(year__gt=2000, Q(...))."""
        return self.add_condition(Q(*conditions, **lookups))

    def exclude(self, *conditions, **lookups):
        """Drop the rows matching all the conditions: the SQL gets NOT (...)."""
        return self.add_condition(~Q(*conditions, **lookups))

    def add_condition(self, condition):
        self.check_not_sliced("filter")
        other = self.clone()
        other.query.add_q(condition)
        compiler = SQLCompiler(other.query)
        compiler.checking = True  # OuterRef(...) has no outer query yet
        try:
            compiler.compile_q(condition)  # bad field names fail here, not later
        except EmptyResultSet:
            pass
        return other

    def none(self):
        """No rows, and no query to find that out."""
        return self.filter(pk__in=[])

    def order_by(self, *names):
        """Sort by these fields; "-year" sorts descending, "?" at random. No names: unsorted."""
        if self.query.is_sliced():
            raise TypeError("Cannot reorder a query once a slice has been taken.")
        other = self.clone()
        other.query.order_by = list(names)
        compiler = SQLCompiler(other.query)
        for name in names:
            if isinstance(name, str) and name != "?":
                compiler.resolve_column(name.lstrip("-"))
        return other

    def reverse(self):
        other = self.clone()
        other.query.order_by = [reversed_order(name) for name in self.query.ordering() or ["pk"]]
        return other

    def distinct(self):
        other = self.clone()
        other.query.distinct = True
        return other

    def values(self, *names):
        """Rows as dicts of these fields (all of them when none are named).

        Before annotate(), values("a") also says how to group: `values("a")
        .annotate(n=Count("b"))` gives one row per value of "a". After annotate(), the groups
        stay one per object, and values() only picks the columns to show.
        """
        other = self.clone()
        other.query.values_fields = list(names) or self.default_value_names()
        other.iterable = ValuesIterable
        compiler = SQLCompiler(other.query)
        compiler.checking = True
        try:
            compiler.as_sql()  # bad field names fail here, not later
        except EmptyResultSet:
            pass
        return other

    def values_list(self, *names, flat=False, named=False):
        """Rows as tuples; with one field and flat=True, just the values; with named=True,
        named tuples (row.title)."""
        if flat and named:
            raise TypeError("'flat' and 'named' can't be used together.")
        if flat and len(names) > 1:
            raise TypeError("'flat' is not valid when values_list is called with more than one "
                            "field.")
        other = self.values(*names)
        other.iterable, other.flat = ValuesListIterable, flat
        other.named = named
        return other

    def default_value_names(self):
        return [field.attname for field in self.model._meta.fields] + [
            name for name in self.query.annotations
            if name not in self.query.hidden_annotations]

    def select_related(self, *names):
        """Fetch these ForeignKeys in the same query, with a JOIN: no query per object later.

        With no names: every ForeignKey that cannot be NULL, and theirs (see the compiler).
        """
        other = self.clone()
        if not names:
            other.query.select_related = True
        elif other.query.select_related is not True:
            other.query.select_related += [name for name in names
                                           if name not in other.query.select_related]
        SQLCompiler(other.query).select_columns()  # check the names now
        return other

    def prefetch_related(self, *names):
        """Fetch these relations with one extra query each (WHERE ... IN the ids)."""
        other = self.clone()
        other.prefetch_lookups += names
        return other

    def annotate(self, *aggregates, **named):
        """Add a value per row: annotate(Count("book")) gives each author `book__count`;
        annotate(double=F("votes") * 2) a computed column.

        An aggregate makes the query a GROUP BY (see Query.group_by): one group per object,
        or, after values("a"), one per value of "a".
        """
        other = self.clone()
        query = other.query
        for aggregate in aggregates:
            if not isinstance(aggregate, Aggregate) or not isinstance(aggregate.name, str):
                raise TypeError("Complex annotations require an alias")
        named = {**{aggregate.default_alias(): aggregate for aggregate in aggregates}, **named}
        for alias, expression in named.items():
            if alias in self.model._meta.field_names():
                raise ValueError(f"The annotation {alias!r} conflicts with a field on the "
                                 "model.")
            if not hasattr(expression, "as_sql"):
                raise TypeError(f"annotate() takes expressions (Count, F, Value, ...), not "
                                f"{expression!r} (for {alias!r}).")
            query.annotations[alias] = expression
            query.annotation_limits[alias] = len(query.where.children)
            if query.values_fields is not None:
                query.values_fields.append(alias)
            if expression.contains_aggregate and query.group_by is None:
                query.group_by = True if query.values_fields is None else [
                    name for name in query.values_fields if name not in query.annotations]
        return other

    def alias(self, **named):
        """Like annotate(), but the value is not fetched: it is there to filter or order by."""
        other = self.annotate(**named)
        other.query.hidden_annotations |= set(named)
        if other.query.values_fields is not None:
            other.query.values_fields = [name for name in other.query.values_fields
                                         if name not in named]
        return other

    def select_for_update(self, nowait=False, skip_locked=False, of=()):
        """The same query: SQLite has no `SELECT ... FOR UPDATE`, as in Django on SQLite.

        On PostgreSQL, FOR UPDATE locks the rows read until the transaction ends, so a
        read-modify-write is safe. SQLite locks the whole database for the first write of a
        transaction instead; to add to a counter without a race, use update(n=F("n") + 1).
        """
        return self.clone()

    def __getitem__(self, index):
        """An object (qs[0]) or a smaller QuerySet (qs[10:20]: LIMIT 10 OFFSET 10)."""
        if isinstance(index, slice):
            if (index.start or 0) < 0 or (index.stop or 0) < 0 or index.step not in (None, 1):
                raise ValueError("QuerySets take slices with positive start and stop and no "
                                 "step, like qs[10:20].")
            if self.result_cache is not None:
                return self.result_cache[index]
            other = self.clone()
            other.query.set_limits(index.start, index.stop)
            return other
        if not isinstance(index, int):
            raise TypeError(f"QuerySet indices must be integers or slices, not "
                            f"{type(index).__name__}.")
        if index < 0:
            raise ValueError("Negative indexing is not supported: use .reverse()[0] or last().")
        if self.result_cache is not None:
            return self.result_cache[index]
        other = self.clone()
        other.query.set_limits(index, index + 1)
        results = list(other)
        if not results:
            raise IndexError("QuerySet index out of range")
        return results[0]

    def check_not_sliced(self, action):
        if self.query.is_sliced():
            raise TypeError(f"Cannot {action} a query once a slice has been taken.")

    # -- the SQL --------------------------------------------------------------------------------

    def sql_with_params(self):
        """(sql, params): exactly what will be sent to the database."""
        return SQLCompiler(self.query).as_sql()

    def explain(self):
        """SQLite's plan for this query (EXPLAIN QUERY PLAN), one step per line, indented."""
        sql, params = self.sql_with_params()
        rows = self.connection.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        depth = {0: -1}
        lines = []
        for step_id, parent, _unused, detail in rows:
            depth[step_id] = depth.get(parent, -1) + 1
            lines.append("  " * depth[step_id] + detail)
        return "\n".join(lines)

    # -- running it -----------------------------------------------------------------------------

    def fetch_all(self):
        if self.result_cache is None:
            self.result_cache = list(self.iterable(self))
            if self.prefetch_lookups and self.iterable is ModelIterable:
                from glassbox.db.models.prefetch import prefetch_related_objects

                prefetch_related_objects(self.result_cache, self.prefetch_lookups,
                                         self.connection)

    def __iter__(self):
        self.fetch_all()
        return iter(self.result_cache)

    def iterator(self, chunk_size=None):
        """The objects one by one, without keeping them in the QuerySet's cache."""
        return iter(self.iterable(self))

    def contains(self, instance):
        """Is this object among the rows? The cache if filled, else one small query."""
        if self.result_cache is not None:
            return instance in self.result_cache
        return self.filter(pk=instance.pk).exists()

    def __len__(self):
        self.fetch_all()
        return len(self.result_cache)

    def __bool__(self):
        self.fetch_all()
        return bool(self.result_cache)

    def __repr__(self):
        items = list(self[:REPR_OUTPUT_SIZE + 1])
        shown = [repr(item) for item in items[:REPR_OUTPUT_SIZE]]
        if len(items) > REPR_OUTPUT_SIZE:
            shown.append("...(remaining elements truncated)...")
        return f"<QuerySet [{', '.join(shown)}]>"

    def execute(self, sql, params):
        return self.connection.execute(sql, params)

    def count(self):
        """How many rows: SELECT COUNT(*) (or len() of the cache, if already fetched)."""
        if self.result_cache is not None:
            return len(self.result_cache)
        try:
            sql, params = SQLCompiler(self.query).as_count_sql()
        except EmptyResultSet:
            return 0
        return self.execute(sql, params).fetchone()[0]

    def exists(self):
        """Is there at least one row? Asks for one row only."""
        if self.result_cache is not None:
            return bool(self.result_cache)
        try:
            sql, params = SQLCompiler(self.query).as_exists_sql()
        except EmptyResultSet:
            return False
        return self.execute(sql, params).fetchone() is not None

    def get(self, *conditions, **lookups):
        """The one object matching; Model.DoesNotExist or MultipleObjectsReturned otherwise."""
        queryset = self.filter(*conditions, **lookups) if conditions or lookups else self
        if not queryset.query.is_sliced():
            queryset = queryset.order_by()[:MAX_GET_RESULTS]
        results = list(queryset)
        name = self.model.__name__
        if not results:
            described = ", ".join(f"{key}={value!r}" for key, value in lookups.items())
            raise self.model.DoesNotExist(
                f"{name} matching query does not exist"
                f"{' (' + described + ')' if described else ''}.")
        if len(results) > 1:
            more = "more than " if len(results) == MAX_GET_RESULTS else ""
            raise self.model.MultipleObjectsReturned(
                f"get() returned more than one {name} -- it returned {more}{len(results)}!")
        return results[0]

    def first(self):
        """The first object (by the ordering, or by pk), or None."""
        ordered = self if self.query.ordering() else self.order_by("pk")
        return next(iter(ordered[:1]), None)

    def last(self):
        """The last object (by the ordering, or by pk), or None."""
        return next(iter(self.reverse()[:1]), None)

    def latest(self, *names):
        """The object that comes last by these fields (or Meta.get_latest_by): one query,
        ORDER BY ... DESC LIMIT 1; Model.DoesNotExist if there is none."""
        return self.reverse_ordered(names, "latest", descending=True)

    def earliest(self, *names):
        """The object that comes first by these fields (or Meta.get_latest_by)."""
        return self.reverse_ordered(names, "earliest", descending=False)

    def reverse_ordered(self, names, method, descending):
        if self.query.is_sliced():
            raise TypeError("Cannot change a query once a slice has been taken.")
        names = names or self.model._meta.get_latest_by
        if not names:
            raise ValueError("earliest() and latest() require either fields as positional "
                             "arguments or 'get_latest_by' in the model's Meta.")
        if isinstance(names, str):
            names = [names]
        if descending:
            names = [name[1:] if name.startswith("-") else "-" + name for name in names]
        other = self.order_by(*names)
        other.query.set_limits(0, 1)
        return other.get()

    def in_bulk(self, ids=None, field_name="pk"):
        """{pk: object} for these primary keys (every row when `ids` is None), in one query."""
        rows = self if ids is None else self.filter(**{f"{field_name}__in": list(ids)})
        return {getattr(each, field_name): each for each in rows}

    def aggregate(self, *aggregates, **named):
        """A dict of summaries over all the rows: aggregate(Avg("price")) -> {"price__avg": ..}."""
        for aggregate in aggregates:
            if not isinstance(aggregate, Aggregate) or not isinstance(aggregate.name, str):
                raise TypeError("Complex aggregates require an alias")
        named = {**{aggregate.default_alias(): aggregate for aggregate in aggregates}, **named}
        for alias, aggregate in named.items():
            if not getattr(aggregate, "contains_aggregate", False):
                raise TypeError(f"{aggregate!r} is not an aggregate expression (for {alias!r}).")
        try:
            sql, params = SQLCompiler(self.query).as_aggregate_sql(named)
        except EmptyResultSet:  # no rows: COUNT is 0, the others NULL, and no query
            return {alias: aggregate.convert(None) for alias, aggregate in named.items()}
        row = self.execute(sql, params).fetchone()
        return {alias: aggregate.convert(value)
                for (alias, aggregate), value in zip(named.items(), row)}

    # -- changing rows --------------------------------------------------------------------------

    def create(self, **values):
        """Make an object, save it (INSERT, even with a primary key given), return it."""
        instance = self.model(**values)
        instance.save(connection=self.explicit_connection, force_insert=True)
        return instance

    def get_or_create(self, defaults=None, **lookups):
        """(object, created): the object matching `lookups`, made with `defaults` if missing."""
        from glassbox.db.exceptions import IntegrityError
        from glassbox.db.transaction import atomic

        try:
            return self.get(**lookups), False
        except self.model.DoesNotExist:
            pass
        values = {key: value for key, value in lookups.items() if "__" not in key}
        try:
            # In a block of its own: if another request created the row meanwhile, the
            # INSERT fails (a UNIQUE constraint) without spoiling an outer atomic() block...
            with atomic(self.explicit_connection):
                values.update(resolve_callables(defaults or {}))
                return self.create(**values), True
        except IntegrityError:
            try:  # ...and the row the other request made is the answer
                return self.get(**lookups), False
            except self.model.DoesNotExist:
                pass
            raise

    def update_or_create(self, defaults=None, create_defaults=None, **lookups):
        """(object, created): the object matching `lookups` with `defaults` written into it
        (an UPDATE of those columns only), or a new one made with `create_defaults` (or
        `defaults`). Inside atomic(), as Django does."""
        from glassbox.db.transaction import atomic

        defaults = defaults or {}
        with atomic(self.explicit_connection):
            instance, created = self.get_or_create(
                defaults if create_defaults is None else create_defaults, **lookups)
            if created:
                return instance, True
            for name, value in resolve_callables(defaults).items():
                setattr(instance, name, value)
            names = set(defaults)
            for field in self.model._meta.fields:  # auto_now fields change on every save
                if getattr(field, "auto_now", False):
                    names.add(field.name)
            instance.save(connection=self.explicit_connection, update_fields=names)
        return instance, False

    def bulk_create(self, objects, batch_size=None, ignore_conflicts=False):
        """INSERT many objects in one statement (or one per `batch_size`); return them.

        Unlike save(), no signals are sent and save() methods are not called. The new ids
        come back with RETURNING (SQLite 3.35 and later) and are set on the objects, except
        with ignore_conflicts=True, where a skipped row has no id to give.
        """
        from glassbox.db.transaction import atomic

        objects = list(objects)
        if not objects:
            return objects
        meta = self.model._meta
        with atomic(self.explicit_connection, savepoint=False):
            for start in range(0, len(objects), batch_size or len(objects)):
                batch = objects[start:start + (batch_size or len(objects))]
                with_pk = [each for each in batch if each.pk is not None]
                without_pk = [each for each in batch if each.pk is None]
                for group, fields in ((with_pk, meta.fields),
                                      (without_pk, [f for f in meta.fields if f is not meta.pk])):
                    if group:
                        self.insert_many(group, fields, ignore_conflicts)
        return objects

    def bulk_update(self, objects, fields, batch_size=None):
        """Write these fields of these objects in one UPDATE (per batch); the rows matched.

            UPDATE "choice" SET "votes" = CASE WHEN "choice"."id" = ? THEN ? WHEN ... END
            WHERE "choice"."id" IN (?, ?)
        """
        from glassbox.db.models.fields import quote
        from glassbox.db.transaction import atomic, mark_for_rollback_on_error

        objects = list(objects)
        meta = self.model._meta
        fields = [meta.get_field(name) for name in fields]
        if not fields:
            raise ValueError("Field names must be given to bulk_update().")
        if any(field.primary_key for field in fields):
            raise ValueError("bulk_update() cannot be used with primary key fields.")
        if any(each.pk is None for each in objects):
            raise ValueError("All bulk_update() objects must have a primary key set.")
        if not objects:
            return 0
        size = batch_size or len(objects)
        pk_column = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
        changed = 0
        with atomic(self.explicit_connection, savepoint=False):
            for start in range(0, len(objects), size):
                batch = objects[start:start + size]
                assignments, params = [], []
                for field in fields:
                    cases = []
                    for each in batch:
                        value = getattr(each, field.attname)
                        if hasattr(value, "as_sql"):
                            sql, value_params = value.as_sql(SQLCompiler(self.query))
                        else:
                            sql, value_params = "?", [field.get_db_prep_value(value)]
                        cases.append(f"WHEN {pk_column} = ? THEN {sql}")
                        params += [meta.pk.get_db_prep_value(each.pk)] + value_params
                    assignments.append(f"{quote(field.column)} = CASE {' '.join(cases)} END")
                marks = ", ".join("?" for _ in batch)
                params += [meta.pk.get_db_prep_value(each.pk) for each in batch]
                sql = (f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} "
                       f"WHERE {pk_column} IN ({marks})")
                with mark_for_rollback_on_error(self.connection):
                    changed += self.execute(sql, params).rowcount
        return changed

    def insert_many(self, objects, fields, ignore_conflicts, want_ids=True):
        """One INSERT of `objects` (their `fields`); the new ids set on them if `want_ids`."""
        from glassbox.db.transaction import mark_for_rollback_on_error

        rows = [[field.get_db_prep_value(field.pre_save(each, True)) for field in fields]
                for each in objects]
        pk = self.model._meta.pk
        returning = pk if pk not in fields and not ignore_conflicts and want_ids else None
        sql, params = SQLCompiler(self.query).as_bulk_insert_sql(fields, rows, returning,
                                                                 ignore_conflicts)
        with mark_for_rollback_on_error(self.connection):
            cursor = self.execute(sql, params)
        new_ids = [row[0] for row in cursor.fetchall()] if returning is not None else []
        for each, new_id in zip(objects, new_ids):
            each.pk = pk.from_db_value(new_id)
        for each in objects:
            if not ignore_conflicts or each.pk is not None:
                each._state.adding = False

    def update(self, **values):
        """UPDATE every matching row at once (no save(), no signals); return the row count."""
        self.check_not_sliced("update")
        fields = {}
        for name, value in values.items():
            field = self.model._meta.get_field(name)
            if field.primary_key:
                raise FieldError(f"Cannot update {self.model.__name__}.{name}: it is the "
                                 "primary key.")
            fields[field] = value
        return self.update_columns(fields)

    def update_columns(self, values):
        from glassbox.db.transaction import mark_for_rollback_on_error

        self.result_cache = None
        try:
            sql, params = SQLCompiler(self.query).as_update_sql(values)
        except EmptyResultSet:
            return 0
        with mark_for_rollback_on_error(self.connection):
            return self.execute(sql, params).rowcount

    def insert_row(self, values):
        """INSERT one row ({field: Python value}); return the new primary key."""
        from glassbox.db.transaction import mark_for_rollback_on_error

        prepared = {field: field.get_db_prep_value(value) for field, value in values.items()}
        sql, params = SQLCompiler(self.query).as_insert_sql(prepared)
        with mark_for_rollback_on_error(self.connection):
            return self.execute(sql, params).lastrowid

    def delete(self):
        """Delete the matching rows and what on_delete says must follow; (count, per model)."""
        from glassbox.db.models.deletion import Collector

        if self.query.is_sliced():
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        collector = Collector(self.explicit_connection)
        collector.collect(self.model, list(self.order_by()))
        self.result_cache = None
        return collector.delete()

    def delete_rows(self):
        """One DELETE statement for the matching rows, nothing else; return the row count."""
        from glassbox.db.transaction import mark_for_rollback_on_error

        try:
            sql, params = SQLCompiler(self.query).as_delete_sql()
        except EmptyResultSet:
            return 0
        with mark_for_rollback_on_error(self.connection):
            return self.execute(sql, params).rowcount


def reversed_order(name):
    """"-year" for "year" and the other way round; F("year").desc() for F("year")."""
    if isinstance(name, str):
        return name[1:] if name.startswith("-") else "-" + name
    return name.reversed() if hasattr(name, "reversed") else name.desc()


def resolve_callables(values):
    """{name: value}, with callable values called (defaults={"count": lambda: 0})."""
    return {name: value() if callable(value) else value for name, value in values.items()}


class ModelIterable:
    """Rows as model instances; select_related columns fill in the related objects."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __iter__(self):
        queryset = self.queryset
        model = queryset.model
        try:
            sql, params = queryset.sql_with_params()
        except EmptyResultSet:
            return
        rows = queryset.execute(sql, params).fetchall()
        related = SQLCompiler(queryset.query).related_steps()
        annotations = [(alias, expression)
                       for alias, expression in queryset.query.annotations.items()
                       if alias not in queryset.query.hidden_annotations]
        width = len(model._meta.fields)
        for row in rows:
            instance = model.from_db(row[:width])
            position, found = width, {"": instance}
            for path, parent_path, field in related:
                size = len(field.related_model._meta.fields)
                values = row[position:position + size]
                position += size
                parent = found[parent_path]
                child = None if values[0] is None else field.related_model.from_db(values)
                found[path] = child
                if parent is not None:
                    parent._state.fields_cache[field.name] = child
            for (alias, aggregate), value in zip(annotations, row[position:]):
                setattr(instance, alias, aggregate.convert(value))
            yield instance


class ValuesIterable:
    """Rows as dicts: {"title": "Dune", "year": 1965}."""

    def __init__(self, queryset):
        self.queryset = queryset

    def converted_rows(self):
        query = self.queryset.query
        compiler = SQLCompiler(query)
        converters = []
        for name in query.values_fields:
            if name in query.annotations:
                converters.append(query.annotations[name].convert)
            else:
                converters.append(compiler.resolve_column(name)[1].from_db_value)
        names = query.values_fields
        try:
            sql, params = self.queryset.sql_with_params()
        except EmptyResultSet:
            return
        for row in self.queryset.execute(sql, params).fetchall():
            yield names, [convert(value) for convert, value in zip(converters, row)]

    def __iter__(self):
        for names, values in self.converted_rows():
            yield dict(zip(names, values))


class ValuesListIterable(ValuesIterable):
    """Rows as tuples, or single values with flat=True."""

    def __iter__(self):
        row = None
        for names, values in self.converted_rows():
            if self.queryset.flat:
                yield values[0]
            elif self.queryset.named:
                if row is None:
                    import collections

                    row = collections.namedtuple("Row", names)
                yield row(*values)
            else:
                yield tuple(values)
