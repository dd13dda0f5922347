"""Migrations: a table's history as a list of steps, each one applied and undone in the open.

A model says what a table looks like *now*. The database on a live site was made from an older
version of that model, and it is full of rows nobody may lose. A migration is how the table gets
from then to now: a named list of operations, each one a small change with the SQL that makes
it, applied in order on every database (your laptop, the tests, production) and recorded there,
so each change runs exactly once. Undoing a migration runs its operations backwards.

    from glassbox.db import models
    from glassbox.db.migrations import AddField, CreateModel, Migration, Migrator, RenameField

    history = [
        Migration("0001_initial", [
            CreateModel("Question", [
                ("question_text", models.CharField(max_length=200)),
            ]),
        ]),
        Migration("0002_pub_date", [
            AddField("Question", "pub_date", models.DateTimeField(null=True)),
            RenameField("Question", "question_text", "text"),
        ]),
    ]
    migrator = Migrator()                          # the default connection
    migrator.migrate(history)                      # applies 0001 and 0002
    migrator.migrate(history, to="0001_initial")   # undoes 0002
    print(migrator.sql(history, "0002_pub_date"))  # its SQL, without running it

What each operation sends to SQLite, and how it is undone:

    CreateModel  CREATE TABLE, CREATE INDEX                       undo: DROP TABLE
    AddField     ALTER TABLE ... ADD COLUMN (and its index) for   undo: as RemoveField
                 a column that may be NULL and has no default;
                 anything else (NOT NULL, a default, UNIQUE)
                 rebuilds the table
    RemoveField  ALTER TABLE ... DROP COLUMN for a plain column;  undo: the column comes back,
                 a UNIQUE, indexed or foreign key column          empty or with its default
                 rebuilds the table                               (the values are gone)
    RenameField  ALTER TABLE ... RENAME COLUMN                    undo: the rename back
    AlterField   rebuilds the table (ALTER TABLE cannot change    undo: rebuilds it back
                 a column's type, NULL or UNIQUE)
    RunPython    your function, given the models as they were     undo: reverse_code, or
                 at that point of the history (a data migration)  IrreversibleError
    RunSQL       your SQL                                         undo: reverse_sql

The rebuild is SQLite's own recipe for the changes ALTER TABLE cannot make
(https://www.sqlite.org/lang_altertable.html#otheralter):

    CREATE TABLE "new__question" (... the new definition ...)
    INSERT INTO "new__question" (id, text, ...) SELECT id, text, ... FROM "question"
    DROP TABLE "question"
    ALTER TABLE "new__question" RENAME TO "question"
    CREATE INDEX ...                        (DROP TABLE took the old indexes with it)

Every row is copied. On a table of a few rows that is nothing; on a table of fifty million rows
it takes minutes, and the table is locked for writing the whole time: the site's requests that
write to it wait, and time out. That is why a live schema is changed in small steps (expand and
contract): add the new column as nullable (a cheap ALTER), backfill it in batches (RunPython),
make the code write both, and only then constrain it and drop the old one.

Foreign keys and transactions. Each migration runs in one transaction (BEGIN ... COMMIT): if
any step fails, the whole migration is rolled back and not recorded. DROP TABLE on a table other
rows point at would, with foreign key checks on, delete or refuse them, so the migrator turns
the checks off around the transaction (`PRAGMA foreign_keys = OFF`: SQLite ignores that
statement inside a transaction, so it cannot run inside `atomic()`), then asks SQLite to check
every reference before committing (`PRAGMA foreign_key_check`).

Applied migrations are recorded in the table `glassbox_migrations` (name, applied); `migrate`
applies what is missing, in order, and undoes (newest first) what comes after `to`.
`to="zero"` undoes everything.

In the trace. Each operation records a "migration" event before its SQL: `migration` (the
name), `operation` (its description, e.g. "Add field pub_date to Question"), `direction`
("apply" or "unapply") and `sql` (the statements it is about to run). The statements then
appear as "sql" events like any other query. Give the migrator a trace (`Migrator(trace=...)`),
or run it while the connection is tracing a request.

Compared with Django's migrations (django/db/migrations/ and the SQLite schema editor,
django/db/backends/sqlite3/schema.py):

- Django writes the operations for you: `makemigrations` replays the existing migrations into
  a "project state", compares it with your models (the autodetector) and writes the difference
  as a file, `0002_question_pub_date.py`, holding a `Migration` class with `dependencies` and
  `operations`. Here you write the list yourself: it is what that file would contain.
- Django's migrations form a graph (each names the migrations it depends on, across apps); here
  they are one list, applied in order.
- The operations are the same idea: each knows how it changes the state (`state_forwards`) and
  which SQL makes the database follow, forwards and backwards. Django has more of them
  (AlterUniqueTogether, AddIndex, AddConstraint, RenameModel, SeparateDatabaseAndState...).
- Django's SQLite editor rebuilds a table in `_remake_table` exactly as above (its temporary
  table is also called "new__<table>"), and for the same cases: adding a NOT NULL, UNIQUE or
  defaulted column, removing a UNIQUE, indexed or foreign key column, altering a column. Its
  `__enter__` turns foreign key checks off for the whole edit and `__exit__` checks them.
- A default is computed once: adding `UUIDField(default=uuid.uuid4, unique=True)` to a table
  with rows gives every row the same value, and the UNIQUE fails, in Django as here. Django's
  documented answer is three migrations: add it nullable, fill it row by row (RunPython), then
  make it unique. That is expand and contract again.
- Django's RunPython gets `(apps, schema_editor)` and `apps.get_model("polls", "Question")`
  returns the model as it was at that point of the history, not the one in models.py (which
  may already have fields the table does not). Here too (`apps.get_model("Question")`, an
  app label is accepted and ignored), with one simplification: in a historical model a
  ForeignKey is its plain id column (`question_id`), without the related object.
- Django records applied migrations in `django_migrations` (app, name, applied); here in
  `glassbox_migrations` (name, applied). Django's `migrate --fake`, squashing and
  `makemigrations` have no counterpart here; `Migrator.sql()` is its `sqlmigrate`.
- tests/parity/migrations/ applies and undoes the same scenarios with Django's migrations and
  with these: whether the table is rebuilt, its columns and its rows come out the same.
- Django also runs each migration in a transaction on SQLite (`Migration.atomic`, True
  unless a migration says otherwise).
"""

import datetime

from glassbox import db
from glassbox.db import transaction
from glassbox.db.exceptions import FieldError, IntegrityError
from glassbox.db.models.fields import AutoField, IntegerField, quote
from glassbox.db.models.related import ForeignKey

RECORD_TABLE = "glassbox_migrations"


class IrreversibleError(Exception):
    """An operation that cannot be undone was asked to be (RunPython without reverse_code)."""


class MigrationError(Exception):
    """A migration cannot run here: unknown name, or inside a transaction."""


# ---- the state: what the tables look like at one point of the history ------------------------

def bind(field, name):
    """Give a field its name and column, as a model's metaclass would."""
    field.name = name
    field.attname = field.column = field.db_column or name
    if isinstance(field, ForeignKey):  # the column holds the id: question -> question_id
        field.attname = field.column = field.db_column or f"{name}_id"
    if field.verbose_name is None:
        field.verbose_name = name.replace("_", " ")
    return field


class ModelState:
    """One model as the migrations so far describe it: a name, a table, fields in order."""

    def __init__(self, name, fields, db_table=None):
        self.name = name
        self.db_table = db_table or name.lower()
        self.fields = [(field_name, bind(field.clone(), field_name))
                       for field_name, field in fields]
        if not any(field.primary_key for _name, field in self.fields):
            self.fields.insert(0, ("id", bind(AutoField(), "id")))

    def clone(self):
        return ModelState(self.name, self.fields, self.db_table)

    def get_field(self, name):
        for field_name, field in self.fields:
            if field_name == name:
                return field
        names = ", ".join(field_name for field_name, _field in self.fields)
        raise FieldError(f"{self.name} has no field {name!r} at this point of the migrations. "
                         f"Fields: {names}.")

    def pk(self):
        return next(field for _name, field in self.fields if field.primary_key)

    def __repr__(self):
        return f"<ModelState {self.name}: {', '.join(name for name, _f in self.fields)}>"


class State:
    """Every model at one point of the history (Django's ProjectState)."""

    def __init__(self, models=None):
        self.models = dict(models or {})

    def clone(self):
        return State({name: model.clone() for name, model in self.models.items()})

    def get_model(self, name):
        if name not in self.models:
            known = ", ".join(self.models) or "none yet"
            raise FieldError(f"No model {name!r} at this point of the migrations (models: "
                             f"{known}). Is a CreateModel missing, or in a later migration?")
        return self.models[name]


# ---- SQL from the state ------------------------------------------------------------------------

def target_name(field, model):
    """The name of the model a ForeignKey points at ("self" is the model itself)."""
    to = field.to
    if isinstance(to, str):
        return model.name if to == "self" else to.split(".")[-1]
    return to.__name__


def column_sql(field, model, state):
    """The column's definition, a foreign key's REFERENCES read from the state."""
    if isinstance(field, ForeignKey):  # its type is the type of the key it points at
        name = target_name(field, model)
        target = model if name == model.name else state.get_model(name)
        parts = [quote(field.column), target.pk().db_type() or "integer",
                 "NULL" if field.null else "NOT NULL"] + (["UNIQUE"] if field.unique else [])
        return (f"{' '.join(parts)} REFERENCES {quote(target.db_table)} "
                f"({quote(target.pk().column)})")
    return field.column_sql()


def create_table_sql(model, state, table=None):
    lines = ",\n    ".join(column_sql(field, model, state) for _name, field in model.fields)
    return f"CREATE TABLE {quote(table or model.db_table)} (\n    {lines}\n)"


def indexes_sql(model, only=None):
    """CREATE INDEX for indexed columns and foreign keys (not UNIQUE ones: they have one)."""
    statements = []
    for name, field in model.fields:
        if only is not None and name != only:
            continue
        if (field.db_index or isinstance(field, ForeignKey)) and not field.unique:
            index = quote(f"{model.db_table}_{field.column}")
            statements.append(f"CREATE INDEX {index} ON {quote(model.db_table)} "
                              f"({quote(field.column)})")
    return statements


def default_value(field, model):
    """The value existing rows get in a new NOT NULL column: its default, computed once."""
    if field.has_default():
        if isinstance(field, ForeignKey):  # an id (or an object) of the model it points at
            value = field.get_default()
            return getattr(value, "pk", value)
        return field.get_db_prep_value(field.get_default())
    if field.null:
        return None
    raise FieldError(
        f"Cannot add {model.name}.{field.name} to a table that may have rows: they need a "
        "value. Give the field null=True (then fill it with RunPython) or a default.")


def rebuild(before, after, state, copied):
    """SQLite's table rebuild, from `before` to `after` (two ModelStates of one table).

    `copied` maps each column of the new table to (SQL over the old table, params): where its
    values come from. Returns the statements as (sql, params) pairs."""
    temporary = f"new__{after.db_table}"
    columns = ", ".join(quote(column) for column in copied)
    sources = ", ".join(source for source, _params in copied.values())
    params = [param for _source, values in copied.values() for param in values]
    steps = [
        (create_table_sql(after, state, temporary), []),
        (f"INSERT INTO {quote(temporary)} ({columns}) SELECT {sources} "
         f"FROM {quote(before.db_table)}", params),
        (f"DROP TABLE {quote(before.db_table)}", []),
        (f"ALTER TABLE {quote(temporary)} RENAME TO {quote(after.db_table)}", []),
    ]
    return steps + [(sql, []) for sql in indexes_sql(after)]


def same_columns(before, after):
    """Copy every column the new table shares with the old one."""
    old = {field.column for _name, field in before.fields}
    return {field.column: (quote(field.column), []) for _name, field in after.fields
            if field.column in old}


def simple_column(field):
    """A column ALTER TABLE can add or drop: no key, no UNIQUE, no index, no default."""
    return not (field.primary_key or field.unique or field.db_index or
                isinstance(field, ForeignKey))


def add_column_steps(before, after, name, state):
    field = after.get_field(name)
    if not (field.primary_key or field.unique) and field.null and not field.has_default():
        steps = [(f"ALTER TABLE {quote(after.db_table)} ADD COLUMN "
                  f"{column_sql(field, after, state)}", [])]
        return steps + [(sql, []) for sql in indexes_sql(after, only=name)]
    copied = same_columns(before, after)
    copied[field.column] = ("?", [default_value(field, after)])
    return rebuild(before, after, state, copied)


def remove_column_steps(before, after, name, state):
    field = before.get_field(name)
    if simple_column(field):
        return [(f"ALTER TABLE {quote(before.db_table)} DROP COLUMN {quote(field.column)}", [])]
    return rebuild(before, after, state, same_columns(before, after))


# ---- operations --------------------------------------------------------------------------------

class Operation:
    """One change: how it changes the state, and the steps that make the database follow.

    A step is (sql, params), or a Python function to call with (apps, connection)."""

    reversible = True

    def state_forwards(self, state):
        raise NotImplementedError

    def forwards(self, before, after):
        raise NotImplementedError

    def backwards(self, before, after):
        """The steps that take the database from `after` back to `before`."""
        raise NotImplementedError

    def describe(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{type(self).__name__}: {self.describe()}>"


class CreateModel(Operation):
    """A new table: `CreateModel("Question", [("text", CharField(max_length=200)), ...])`.
    An `id` AutoField comes first unless a field is the primary key."""

    def __init__(self, name, fields, db_table=None):
        self.name, self.fields, self.db_table = name, list(fields), db_table

    def state_forwards(self, state):
        state.models[self.name] = ModelState(self.name, self.fields, self.db_table)

    def forwards(self, before, after):
        model = after.get_model(self.name)
        return [(create_table_sql(model, after), [])] + \
            [(sql, []) for sql in indexes_sql(model)]

    def backwards(self, before, after):
        return [(f"DROP TABLE {quote(after.get_model(self.name).db_table)}", [])]

    def describe(self):
        return f"Create model {self.name}"


class AddField(Operation):
    """A new column: `AddField("Question", "pub_date", DateTimeField(null=True))`."""

    def __init__(self, model_name, name, field):
        self.model_name, self.name, self.field = model_name, name, field

    def state_forwards(self, state):
        model = state.get_model(self.model_name)
        model.fields.append((self.name, bind(self.field.clone(), self.name)))

    def forwards(self, before, after):
        return add_column_steps(before.get_model(self.model_name),
                                after.get_model(self.model_name), self.name, after)

    def backwards(self, before, after):
        return remove_column_steps(after.get_model(self.model_name),
                                   before.get_model(self.model_name), self.name, before)

    def describe(self):
        return f"Add field {self.name} to {self.model_name}"


class RemoveField(Operation):
    """Drop a column and its values: `RemoveField("Question", "legacy_code")`."""

    def __init__(self, model_name, name):
        self.model_name, self.name = model_name, name

    def state_forwards(self, state):
        model = state.get_model(self.model_name)
        model.get_field(self.name)
        model.fields = [(name, field) for name, field in model.fields if name != self.name]

    def forwards(self, before, after):
        return remove_column_steps(before.get_model(self.model_name),
                                   after.get_model(self.model_name), self.name, after)

    def backwards(self, before, after):
        return add_column_steps(after.get_model(self.model_name),
                                before.get_model(self.model_name), self.name, before)

    def describe(self):
        return f"Remove field {self.name} from {self.model_name}"


class RenameField(Operation):
    """A new name for a column, values kept: `RenameField("Question", "text", "question_text")`."""

    def __init__(self, model_name, old_name, new_name):
        self.model_name, self.old_name, self.new_name = model_name, old_name, new_name

    def state_forwards(self, state):
        model = state.get_model(self.model_name)
        field = model.get_field(self.old_name)  # a db_column given by hand stays the column
        model.fields = [(self.new_name, bind(field, self.new_name)) if name == self.old_name
                        else (name, each) for name, each in model.fields]

    def rename(self, model_before, model_after, old, new):
        old_column = model_before.get_field(old).column
        new_column = model_after.get_field(new).column
        if old_column == new_column:
            return []
        return [(f"ALTER TABLE {quote(model_after.db_table)} RENAME COLUMN "
                 f"{quote(old_column)} TO {quote(new_column)}", [])]

    def forwards(self, before, after):
        return self.rename(before.get_model(self.model_name), after.get_model(self.model_name),
                           self.old_name, self.new_name)

    def backwards(self, before, after):
        return self.rename(after.get_model(self.model_name), before.get_model(self.model_name),
                           self.new_name, self.old_name)

    def describe(self):
        return f"Rename field {self.old_name} on {self.model_name} to {self.new_name}"


class AlterField(Operation):
    """A new definition for a column (type, NULL, UNIQUE, default): always a table rebuild.

    Going from null=True to NOT NULL with a default fills the NULLs with it (COALESCE); without
    a default, a NULL left in the column makes the INSERT fail and the migration roll back:
    backfill first (RunPython), then constrain."""

    def __init__(self, model_name, name, field):
        self.model_name, self.name, self.field = model_name, name, field

    def state_forwards(self, state):
        model = state.get_model(self.model_name)
        model.get_field(self.name)
        model.fields = [(name, bind(self.field.clone(), name) if name == self.name else field)
                        for name, field in model.fields]

    def steps(self, model_before, model_after, state):
        copied = same_columns(model_before, model_after)
        old, new = model_before.get_field(self.name), model_after.get_field(self.name)
        if old.null and not new.null and new.has_default():
            copied[new.column] = (f"COALESCE({quote(old.column)}, ?)",
                                  [new.get_db_prep_value(new.get_default())])
        return rebuild(model_before, model_after, state, copied)

    def forwards(self, before, after):
        return self.steps(before.get_model(self.model_name), after.get_model(self.model_name),
                          after)

    def backwards(self, before, after):
        return self.steps(after.get_model(self.model_name), before.get_model(self.model_name),
                          before)

    def describe(self):
        return f"Alter field {self.name} on {self.model_name}"


class RunPython(Operation):
    """A data migration: `code(apps, connection)` runs inside the migration's transaction;
    `apps.get_model("Question")` is the model as it is at this point of the history.
    `reverse_code` undoes it (RunPython.noop when there is nothing to undo)."""

    def __init__(self, code, reverse_code=None):
        self.code, self.reverse_code = code, reverse_code

    @property
    def reversible(self):
        return self.reverse_code is not None

    @staticmethod
    def noop(apps, connection):
        return None

    def state_forwards(self, state):
        pass

    def forwards(self, before, after):
        return [self.code]

    def backwards(self, before, after):
        if self.reverse_code is None:
            raise IrreversibleError(f"{self.describe()} has no reverse_code: it cannot be "
                                    "undone (pass reverse_code=RunPython.noop if nothing needs "
                                    "undoing).")
        return [self.reverse_code]

    def describe(self):
        return f"Run Python {getattr(self.code, '__name__', 'code')}"


class RunSQL(Operation):
    """Hand-written SQL, one statement or a list; `reverse_sql` undoes it."""

    def __init__(self, sql, reverse_sql=None):
        self.sql, self.reverse_sql = sql, reverse_sql

    @property
    def reversible(self):
        return self.reverse_sql is not None

    def state_forwards(self, state):
        pass

    @staticmethod
    def statements(sql):
        return [(each, []) for each in ([sql] if isinstance(sql, str) else sql)]

    def forwards(self, before, after):
        return self.statements(self.sql)

    def backwards(self, before, after):
        if self.reverse_sql is None:
            raise IrreversibleError(f"{self.describe()} has no reverse_sql: it cannot be undone.")
        return self.statements(self.reverse_sql)

    def describe(self):
        return "Run SQL"


class Migration:
    """A named list of operations, applied (and undone) together in one transaction."""

    def __init__(self, name, operations):
        self.name, self.operations = name, list(operations)

    def __repr__(self):
        return f"<Migration {self.name}: {len(self.operations)} operations>"


# ---- the models of the past, for RunPython ----------------------------------------------------

class HistoricalApps:
    """What RunPython's `apps` is: models built from the state at that point of the history.

    They are real glassbox models, but kept out of the model registry, so that they neither
    shadow your models nor gain reverse relations; a ForeignKey is its id column."""

    def __init__(self, state):
        self.state, self.cache = state, {}

    def get_model(self, *names):
        name = names[-1].split(".")[-1]   # get_model("polls", "Question") works too
        if name not in self.cache:
            self.cache[name] = self.build(self.state.get_model(name))
        return self.cache[name]

    @staticmethod
    def build(model_state):
        from glassbox.db.models.base import Model, ModelBase, registry

        namespace = {"__module__": "glassbox.db.migrations.historical",
                     "__qualname__": model_state.name,
                     "Meta": type("Meta", (), {"db_table": model_state.db_table})}
        for position, (name, field) in enumerate(model_state.fields):
            if isinstance(field, ForeignKey):
                name, copy = field.column, IntegerField(null=field.null)
            else:
                copy = field.clone()
                copy.db_column = field.column if field.column != name else None
            copy.creation_counter = position  # the table's order, not the order of creation
            namespace[name] = copy
        model = ModelBase(model_state.name, (Model,), namespace)
        if model in registry:
            registry.remove(model)
        return model


# ---- running them ------------------------------------------------------------------------------

class Migrator:
    """Applies and undoes migrations on a connection, recording which are applied."""

    def __init__(self, connection=None, trace=None):
        self.explicit_connection = connection
        self.trace = trace

    @property
    def connection(self):
        return self.explicit_connection or db.connection

    # -- what is applied ------------------------------------------------------------------------

    def ensure_record_table(self):
        self.connection.execute(
            f'CREATE TABLE IF NOT EXISTS {quote(RECORD_TABLE)} ("id" integer NOT NULL PRIMARY '
            'KEY AUTOINCREMENT, "name" varchar(255) NOT NULL UNIQUE, "applied" datetime NOT '
            'NULL)')

    def applied(self):
        """The names of the applied migrations, in the order they were applied."""
        self.ensure_record_table()
        rows = self.connection.execute(f'SELECT "name" FROM {quote(RECORD_TABLE)} ORDER BY "id"')
        return [name for (name,) in rows.fetchall()]

    @staticmethod
    def states(migrations):
        """The state before each migration, and after the last: len(migrations) + 1 states."""
        states = [State()]
        for migration in migrations:
            state = states[-1].clone()
            for operation in migration.operations:
                operation.state_forwards(state)
            states.append(state)
        return states

    @staticmethod
    def index_of(migrations, name):
        names = [migration.name for migration in migrations]
        if name not in names:
            raise MigrationError(f"No migration called {name!r}. Migrations: {', '.join(names)}.")
        return names.index(name)

    # -- the plan, and the SQL ------------------------------------------------------------------

    @staticmethod
    def operation_steps(migration, before, backwards=False):
        """[(operation, state before it, state after it, steps)] for one migration, in the
        order they run (reversed when undoing)."""
        planned, state = [], before
        for operation in migration.operations:
            after = state.clone()
            operation.state_forwards(after)
            planned.append((operation, state, after))
            state = after
        if not backwards:
            return [(op, b, a, op.forwards(b, a)) for op, b, a in planned]
        return [(op, b, a, op.backwards(b, a)) for op, b, a in reversed(planned)]

    def sql(self, migrations, name, backwards=False):
        """The statements of migration `name`, as text (what Django's sqlmigrate prints)."""
        index = self.index_of(migrations, name)
        before = self.states(migrations)[index]
        lines = []
        for operation, _b, _a, steps in self.operation_steps(migrations[index], before,
                                                             backwards):
            lines.append(f"-- {operation.describe()}")
            for step in steps:
                if callable(step):
                    lines.append(f"-- (Python: {getattr(step, '__name__', 'code')})")
                else:
                    sql, params = step
                    lines.append(sql + (f";  -- params {params!r}" if params else ";"))
        return "\n".join(lines)

    # -- applying and undoing -------------------------------------------------------------------

    def migrate(self, migrations, to=None):
        """Apply the migrations not applied yet, up to `to` (all when None), and undo the
        applied ones after `to` (newest first; to="zero" undoes all). Returns what was done:
        a list of (name, "apply" or "unapply")."""
        names = [migration.name for migration in migrations]
        if to is None:
            last = len(migrations) - 1
        elif to == "zero":
            last = -1
        else:
            last = self.index_of(migrations, to)
        applied = set(self.applied())
        unknown = [name for name in applied if name not in names]
        if unknown:
            raise MigrationError(f"The database has migrations this list does not: "
                                 f"{', '.join(sorted(unknown))}.")
        states = self.states(migrations)
        done = []
        for index in range(last + 1):
            if names[index] not in applied:
                self.run(migrations[index], states[index], backwards=False)
                done.append((names[index], "apply"))
        for index in range(len(migrations) - 1, last, -1):
            if names[index] in applied:
                self.run(migrations[index], states[index], backwards=True)
                done.append((names[index], "unapply"))
        return done

    def run(self, migration, before, backwards):
        """One migration in one transaction, foreign key checks off around it."""
        connection = self.connection
        if connection.savepoint_ids:
            raise MigrationError(
                "Migrations cannot run inside atomic(): SQLite cannot turn foreign key checks "
                "off inside a transaction, and a table rebuild needs them off.")
        trace = self.trace if self.trace is not None else connection.trace
        direction = "unapply" if backwards else "apply"
        planned = self.operation_steps(migration, before, backwards)
        if trace is not None and trace is not connection.trace:
            with connection.tracing(trace):
                self.execute(migration, planned, direction, trace)
        else:
            self.execute(migration, planned, direction, trace)

    def execute(self, migration, planned, direction, trace):
        connection = self.connection
        self.ensure_record_table()
        connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with transaction.atomic(connection):
                for operation, _before, after, steps in planned:
                    if trace is not None:
                        trace.record("migration", migration=migration.name,
                                     operation=operation.describe(), direction=direction,
                                     sql=[step[0] for step in steps if not callable(step)])
                    for step in steps:
                        if callable(step):
                            state = _before if direction == "unapply" else after
                            step(HistoricalApps(state), connection)
                        else:
                            connection.execute(*step)
                broken = connection.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    table, rowid, parent, _key = broken[0]
                    raise IntegrityError(
                        f"{migration.name} would leave {len(broken)} broken foreign key(s): "
                        f"row {rowid} of {table} points at a missing row of {parent}.")
                if direction == "apply":
                    connection.execute(
                        f'INSERT INTO {quote(RECORD_TABLE)} ("name", "applied") VALUES (?, ?)',
                        [migration.name, datetime.datetime.now().isoformat(" ")])
                else:
                    connection.execute(f'DELETE FROM {quote(RECORD_TABLE)} WHERE "name" = ?',
                                       [migration.name])
        finally:
            connection.execute("PRAGMA foreign_keys = ON")
