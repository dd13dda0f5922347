"""Fields: a column of the table on one side, an attribute of the object on the other.

A field knows three things about its column:

- its SQL type for CREATE TABLE (`db_type()`): `CharField(max_length=100)` is `varchar(100)`;
- how to turn a Python value into a value SQLite stores (`get_db_prep_value`) and back
  (`from_db_value`): a `date` is stored as the text '2024-05-01' and comes back as a `date`;
- what a good value is (`clean()`, used by `Model.full_clean()`): not empty unless `blank`,
  not None unless `null`, no longer than `max_length`, one of the `choices`.

    >>> title = CharField(max_length=5)
    >>> title.name = "title"
    >>> title.db_type()
    'varchar(5)'
    >>> try:
    ...     title.clean("Dune!?")
    ... except ValidationError as error:
    ...     print(error.message_dict)
    {'title': ['Ensure this value has at most 5 characters (it has 6).']}

`ForeignKey`, the field that points at a row of another table, is in `related.py`.
"""

import copy
import datetime
import decimal

from glassbox import clock
from glassbox.db.exceptions import ValidationError


class NotProvided:
    """The marker for "no default given" (None is a real default)."""

    def __repr__(self):
        return "NOT_PROVIDED"


NOT_PROVIDED = NotProvided()


class Field:
    """The base of every field. Subclasses set `sql_type` and convert values."""

    sql_type = None
    empty_values = (None, "", [], (), {})

    # Each field gets a number when created, so a model's fields keep the order they were
    # written in (class bodies are dicts, but fields from parent classes come first).
    creation_counter = 0

    def __init__(self, verbose_name=None, *, primary_key=False, null=False, blank=False,
                 default=NOT_PROVIDED, unique=False, db_index=False, choices=None,
                 db_column=None):
        self.verbose_name = verbose_name
        self.primary_key = primary_key
        self.null = null
        self.blank = blank
        self.default = default
        self.unique = unique or primary_key
        self.db_index = db_index
        self.choices = list(choices) if choices is not None else None
        self.db_column = db_column
        self.name = self.attname = self.column = self.model = None
        self.creation_counter = Field.creation_counter
        Field.creation_counter += 1

    def contribute_to_class(self, model, name):
        """Attach the field to its model under `name` (called by the model's metaclass)."""
        self.name = name
        self.attname = name
        self.column = self.db_column or name
        self.model = model
        if self.verbose_name is None:
            self.verbose_name = name.replace("_", " ")
        model._meta.add_field(self)
        if self.choices is not None:  # book.get_genre_display() gives the human-readable label
            setattr(model, f"get_{name}_display", lambda instance: self.display(
                getattr(instance, self.attname)))

    def display(self, value):
        """The label of `value` among the choices (the value itself if it has none)."""
        for choice in self.choices or []:
            if isinstance(choice, (list, tuple)) and choice[0] == value:
                return choice[1]
        return value

    def clone(self):
        """An unattached copy (a model inherits its abstract parent's fields as copies)."""
        field = copy.copy(self)
        field.model = None
        return field

    # -- the column -----------------------------------------------------------------------------

    def db_type(self):
        """The column's type in CREATE TABLE."""
        return self.sql_type

    def column_sql(self):
        """The column's definition: name, type and constraints, as CREATE TABLE needs it."""
        parts = [quote(self.column), self.db_type()]
        parts.append("NULL" if self.null else "NOT NULL")
        if self.primary_key:
            parts.append("PRIMARY KEY")
        elif self.unique:
            parts.append("UNIQUE")
        return " ".join(parts)

    # -- values ---------------------------------------------------------------------------------

    def has_default(self):
        return self.default is not NOT_PROVIDED

    def get_default(self):
        """The default value; a callable default (like `list` or `date.today`) is called."""
        if not self.has_default():
            return None
        return self.default() if callable(self.default) else self.default

    def to_python(self, value):
        """Turn `value` into this field's Python type, or raise ValidationError."""
        return value

    def get_db_prep_value(self, value):
        """The value as SQLite stores it (after to_python)."""
        return None if value is None else self.to_python(value)

    def from_db_value(self, value):
        """A value read from SQLite, as Python code wants it."""
        return value

    def pre_save(self, instance, adding):
        """The value to save; auto_now fields use this moment to set the time."""
        return getattr(instance, self.attname)

    # -- validation -----------------------------------------------------------------------------

    def clean(self, value, instance=None):
        """Convert and check one value; return it or raise ValidationError for this field."""
        value = self.to_python(value)
        problems = self.problems(value)
        if problems:
            raise ValidationError({self.name: problems})
        return value

    def problems(self, value):
        """What is wrong with a converted value, as a list of messages (empty when fine)."""
        if value is None:
            return [] if self.null else ["This field cannot be null."]
        if value in self.empty_values and not self.blank:
            return ["This field cannot be blank."]
        if self.choices is not None and value not in self.empty_values:
            allowed = [choice[0] if isinstance(choice, (list, tuple)) else choice
                       for choice in self.choices]
            if value not in allowed:
                return [f"Value {value!r} is not a valid choice (choose from "
                        f"{', '.join(repr(choice) for choice in allowed)})."]
        return []

    def invalid(self, value, kind):
        return ValidationError({self.name: [f"{value!r} is not a valid {kind}."]})

    def __repr__(self):
        where = f"{self.model.__name__}.{self.name}" if self.model else "unattached"
        return f"<{type(self).__name__}: {where}>"


def quote(name):
    """A table or column name in double quotes, so any name (even `order`) is allowed."""
    return '"' + name.replace('"', '""') + '"'


class AutoField(Field):
    """The automatic primary key: an integer SQLite chooses (AUTOINCREMENT) on INSERT."""

    sql_type = "integer"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def column_sql(self):
        return f"{quote(self.column)} integer NOT NULL PRIMARY KEY AUTOINCREMENT"

    def to_python(self, value):
        return IntegerField.to_python(self, value)

    def problems(self, value):
        return []  # None until saved, and SQLite picks it


class IntegerField(Field):
    sql_type = "integer"

    def to_python(self, value):
        if value is None or isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            raise self.invalid(value, "integer") from None


class FloatField(Field):
    sql_type = "real"

    def to_python(self, value):
        if value is None:
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise self.invalid(value, "number") from None


class DecimalField(Field):
    """Exact decimal numbers (money). Stored in a `decimal` column, returned as `Decimal`."""

    def __init__(self, *args, max_digits=10, decimal_places=2, **kwargs):
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        super().__init__(*args, **kwargs)

    def db_type(self):
        return f"decimal({self.max_digits}, {self.decimal_places})"

    def to_python(self, value):
        if value is None:
            return None
        try:
            number = decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            raise self.invalid(value, "decimal number") from None
        return number.quantize(decimal.Decimal(1).scaleb(-self.decimal_places))

    def get_db_prep_value(self, value):
        return None if value is None else str(self.to_python(value))

    def from_db_value(self, value):
        return self.to_python(value)

    def problems(self, value):
        problems = super().problems(value)
        if value is not None and len(value.as_tuple().digits) > self.max_digits:
            problems.append(f"Ensure that there are no more than {self.max_digits} digits.")
        return problems


class CharField(Field):
    """Short text with a maximum length: `CharField(max_length=100)`."""

    def __init__(self, *args, max_length=None, **kwargs):
        if max_length is None:
            raise TypeError("CharField needs max_length, e.g. CharField(max_length=100).")
        self.max_length = max_length
        super().__init__(*args, **kwargs)

    def db_type(self):
        return f"varchar({self.max_length})"

    def to_python(self, value):
        return value if value is None or isinstance(value, str) else str(value)

    def problems(self, value):
        problems = super().problems(value)
        if value is not None and len(value) > self.max_length:
            problems.append(f"Ensure this value has at most {self.max_length} characters "
                            f"(it has {len(value)}).")
        return problems


class TextField(Field):
    """Text of any length."""

    sql_type = "text"

    def to_python(self, value):
        return value if value is None or isinstance(value, str) else str(value)


class BooleanField(Field):
    """True or False, stored as 1 or 0 (SQLite has no boolean type)."""

    sql_type = "bool"
    empty_values = (None,)

    def to_python(self, value):
        if value in (True, False, None):
            return None if value is None else bool(value)
        if value in ("t", "True", "true", "1"):
            return True
        if value in ("f", "False", "false", "0"):
            return False
        raise self.invalid(value, "boolean")

    def get_db_prep_value(self, value):
        return None if value is None else int(self.to_python(value))

    def from_db_value(self, value):
        return None if value is None else bool(value)


class DateField(Field):
    """A `datetime.date`, stored as ISO text ('2024-05-01') so that it sorts correctly."""

    sql_type = "date"

    def __init__(self, *args, auto_now=False, auto_now_add=False, **kwargs):
        self.auto_now, self.auto_now_add = auto_now, auto_now_add
        if auto_now or auto_now_add:
            kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def now(self):
        return clock.today()

    def to_python(self, value):
        if value is None or type(value) is datetime.date:
            return value
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise self.invalid(value, "date (YYYY-MM-DD)") from None

    def get_db_prep_value(self, value):
        return None if value is None else self.to_python(value).isoformat()

    def from_db_value(self, value):
        return self.to_python(value)

    def problems(self, value):
        if value is None and (self.auto_now or self.auto_now_add):
            return []  # save() will fill it in
        return super().problems(value)

    def pre_save(self, instance, adding):
        if self.auto_now or (self.auto_now_add and adding):
            setattr(instance, self.attname, self.now())
        return getattr(instance, self.attname)


class UUIDField(Field):
    """A `uuid.UUID`, stored as its 32 hexadecimal digits (as Django does on SQLite).

    As a primary key, `id = UUIDField(primary_key=True, default=uuid.uuid4)`, it says nothing
    about how many rows there are or in which order they came, where /orders/1318/ tells a
    competitor your sales.
    """

    sql_type = "char(32)"
    empty_values = (None, "")

    def to_python(self, value):
        import uuid

        if value is None or isinstance(value, uuid.UUID):
            return value
        try:
            return uuid.UUID(int=value) if isinstance(value, int) else uuid.UUID(str(value))
        except (TypeError, ValueError, AttributeError):
            raise self.invalid(value, "UUID") from None

    def get_db_prep_value(self, value):
        return None if value is None else self.to_python(value).hex

    def from_db_value(self, value):
        return self.to_python(value)


class DateTimeField(DateField):
    """A `datetime.datetime`, stored as ISO text ('2024-05-01 09:30:00')."""

    sql_type = "datetime"

    def now(self):
        # UTC from the virtual clock, so a lesson that advances time sees it here too.
        return clock.utcnow_naive()

    def to_python(self, value):
        if value is None or isinstance(value, datetime.datetime):
            return value
        if isinstance(value, datetime.date):
            return datetime.datetime(value.year, value.month, value.day)
        try:
            return datetime.datetime.fromisoformat(str(value))
        except ValueError:
            raise self.invalid(value, "date and time (YYYY-MM-DD HH:MM:SS)") from None

    def get_db_prep_value(self, value):
        return None if value is None else self.to_python(value).isoformat(" ")
