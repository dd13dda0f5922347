"""Schema: the SQL that makes tables for models, and changes them later (migrations).

`sql_create(Book)` is the CREATE TABLE statement for a model, like Django's `sqlmigrate`
shows it: one line per column, its type and constraints, a REFERENCES clause for each
ForeignKey, and a UNIQUE (...) constraint for each Meta.unique_together group. `sql_indexes`
gives the CREATE INDEX statements (for `db_index=True` and for every ForeignKey, since
looking up "the books of this author" is common).

`create_tables(connection, [Book, Author])` runs them for several models, ordering the models
so that a table is created after the tables it points at. The join table of each
ManyToManyField (a model of its own, `Book.authors.through`) comes along with its model.

A model that gains a field later needs its table changed: `add_field(connection, Book, "isbn")`
runs ALTER TABLE ... ADD COLUMN, which is the one step of a migration this module teaches.
"""

from glassbox.db.exceptions import FieldError
from glassbox.db.models.fields import quote


def sql_create(model):
    """The CREATE TABLE statement for `model`."""
    meta = model._meta
    lines = [field.column_sql() for field in meta.fields]
    for names in meta.unique_together:
        columns = ", ".join(quote(meta.get_field(name).column) for name in names)
        lines.append(f"UNIQUE ({columns})")
    body = ",\n    ".join(lines)
    return f"CREATE TABLE {quote(meta.db_table)} (\n    {body}\n)"


def sql_indexes(model):
    """CREATE INDEX statements for the model's indexed columns (db_index and ForeignKeys)."""
    meta = model._meta
    statements = []
    for field in meta.fields:
        if (field.db_index or hasattr(field, "related_model")) and not field.unique:
            name = f"{meta.db_table}_{field.column}"
            statements.append(f"CREATE INDEX {quote(name)} ON {quote(meta.db_table)} "
                              f"({quote(field.column)})")
    return statements


def dependency_order(models):
    """The models ordered so each comes after the models its ForeignKeys point at."""
    ordered, visiting = [], set()

    def visit(model):
        if model in ordered or model in visiting:
            return  # done already, or a cycle (a model pointing at itself)
        visiting.add(model)
        for field in model._meta.fields:
            target = field.remote_model() if hasattr(field, "remote_model") else None
            if target is not None and target in models:
                visit(target)
        visiting.discard(model)
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def with_join_tables(models):
    """The models, and the join table models of their ManyToManyFields."""
    models = list(models)
    for model in list(models):
        for field in model._meta.many_to_many:
            if field.through is not None and field.through not in models:
                models.append(field.through)
    return models


def create_tables(connection, models):
    """Create the tables (and indexes) of `models`, in dependency order; return the SQL run."""
    statements = []
    for model in dependency_order(with_join_tables(models)):
        statements.append(sql_create(model))
        statements += sql_indexes(model)
    for sql in statements:
        connection.execute(sql)
    return statements


def drop_tables(connection, models):
    """Drop the tables of `models`, dependants first."""
    for model in reversed(dependency_order(with_join_tables(models))):
        connection.execute(f"DROP TABLE IF EXISTS {quote(model._meta.db_table)}")


def sql_add_field(model, name):
    """ALTER TABLE ... ADD COLUMN for the field `name` of `model`.

    SQLite can only add a NOT NULL column if it has a default for the existing rows, so a
    field that is neither null=True nor has a default is refused with an explanation.
    """
    field = model._meta.get_field(name)
    definition = field.column_sql()
    if not field.null:
        if not field.has_default():
            raise FieldError(
                f"Cannot add {model.__name__}.{name} to a table that may have rows: the "
                "existing rows need a value. Give the field null=True or a default.")
        default = field.get_db_prep_value(field.get_default())
        definition += f" DEFAULT {sql_literal(default)}"
    return f"ALTER TABLE {quote(model._meta.db_table)} ADD COLUMN {definition}"


def sql_literal(value):
    """A constant for a DEFAULT clause (DDL cannot take ? parameters)."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def add_field(connection, model, name):
    """A migration step: add the column of the field `name` to the model's table."""
    sql = sql_add_field(model, name)
    connection.execute(sql)
    return sql
