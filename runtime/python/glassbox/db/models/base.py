"""Model: a class becomes a table, an instance becomes a row.

    class Book(Model):
        title = CharField(max_length=100)
        year = IntegerField(null=True)

        class Meta:
            ordering = ["title"]

The class statement runs `ModelBase`, the metaclass, which

1. collects the fields from the class body (and from abstract parents) into `Book._meta`, the
   model's description (`Options`), adding an `id = AutoField()` if no primary key is given;
2. reads `class Meta` (db_table, ordering, unique_together, abstract);
3. gives the model its own exceptions, `Book.DoesNotExist` and `Book.MultipleObjectsReturned`;
4. gives it a manager, `Book.objects`, where the queries start;
5. remembers the model in `registry`, so `ForeignKey("Book")` can find it by name and
   `Author.book_set` can be added on the other side.

An instance keeps each column's value in a plain attribute (`book.title`; for a ForeignKey
`book.author_id`). `save()` writes it with INSERT (new) or UPDATE (already saved), `delete()`
removes it (and whatever `on_delete` says must follow), `full_clean()` checks it. As in
Django, `save()` does not call `full_clean()`: a form or a view decides when to validate, and
the database still enforces NOT NULL, UNIQUE and REFERENCES on its own.
"""

from glassbox.db import exceptions
from glassbox.db.exceptions import FieldError, ValidationError
from glassbox.db.models import signals
from glassbox.db.models.fields import AutoField
from glassbox.db.models.manager import Manager

# Every concrete model, in the order the classes were created.
registry = []


def get_model(name):
    """The most recently defined model called `name` (as ForeignKey("Author") refers to it)."""
    for model in reversed(registry):
        if model.__name__ == name:
            return model
    known = ", ".join(sorted({model.__name__ for model in registry})) or "none yet"
    raise FieldError(f"There is no model called {name!r}. Models defined: {known}.")


class Options:
    """What the ORM knows about a model: its table, fields and Meta options (`Model._meta`)."""

    def __init__(self, model, meta):
        self.model = model
        self.object_name = model.__name__
        self.abstract = getattr(meta, "abstract", False)
        self.db_table = getattr(meta, "db_table", model.__name__.lower())
        self.ordering = list(getattr(meta, "ordering", []))
        self.get_latest_by = getattr(meta, "get_latest_by", None)
        self.auto_created = getattr(meta, "auto_created", False)  # a join table's model
        together = getattr(meta, "unique_together", [])
        if together and isinstance(together[0], str):  # a single group: ("author", "title")
            together = [together]
        self.unique_together = [tuple(names) for names in together]
        self.fields = []
        self.many_to_many = []   # ManyToManyFields: no column here, a join table of their own
        self.pk = None

    def add_field(self, field):
        self.fields.append(field)
        self.fields.sort(key=lambda each: each.creation_counter)
        if field.primary_key:
            self.pk = field

    def field_names(self):
        return [field.name for field in self.fields]

    def get_field(self, name):
        """The field called `name` (or its column name, like author_id); FieldError if none."""
        if name == "pk":
            return self.pk
        for field in self.fields:
            if name in (field.name, field.attname):
                return field
        raise FieldError(f"{self.object_name} has no field {name!r}. Choices are: "
                         f"{', '.join(self.field_names() + self.relation_names())}")

    def relation_names(self):
        """Relation names that are not columns: many-to-many ones, and reverse ones."""
        backwards = [field.related_query_name() for model in registry
                     for field in model._meta.many_to_many if field.remote_model() is self.model]
        return [field.name for field in self.many_to_many] + backwards + self.reverse_names()

    def related_objects(self):
        """The ForeignKeys of every model that point at this one (the reverse relations)."""
        return [field for model in registry for field in model._meta.fields
                if getattr(field, "remote_model", lambda: None)() is self.model]

    def reverse_names(self):
        """Names a query can follow backwards: Author.objects.filter(book__title=...)."""
        return [field.related_query_name() for field in self.related_objects()
                if not field.model._meta.auto_created]

    def get_many_to_many(self, name):
        """(ManyToManyField, reverse) for a many-to-many relation a query can follow by `name`:
        a field of this model (reverse=False) or one pointing at it (reverse=True); else None."""
        for field in self.many_to_many:
            if field.name == name:
                return field, False
        for model in registry:
            for field in model._meta.many_to_many:
                if field.remote_model() is self.model and field.related_query_name() == name:
                    return field, True
        return None

    def get_reverse(self, name):
        """The ForeignKey on another model reached backwards by `name`, or None."""
        for field in self.related_objects():
            if name == field.related_query_name() and not field.model._meta.auto_created:
                return field
        return None

    def __repr__(self):
        return f"<Options for {self.object_name}>"


class ModelBase(type):
    """The metaclass: turns a class statement into a model (see the module docstring)."""

    def __new__(metaclass, name, bases, namespace):
        parents = [base for base in bases if isinstance(base, ModelBase)]
        if not parents:  # Model itself
            return super().__new__(metaclass, name, bases, namespace)
        meta = namespace.pop("Meta", None)
        contributable = {key: value for key, value in namespace.items()
                         if hasattr(value, "contribute_to_class")}
        for key in contributable:
            del namespace[key]
        model = super().__new__(metaclass, name, bases, namespace)
        model._meta = Options(model, meta)
        inherited = [field for parent in parents if hasattr(parent, "_meta")
                     for field in parent._meta.fields if parent._meta.abstract]
        for field in inherited:
            contributable.setdefault(field.name, field.clone())
        if model._meta.abstract:
            model._meta.fields = list(contributable.values())
            for field_name, field in contributable.items():
                field.name = field_name
            return model
        if not any(getattr(field, "primary_key", False) for field in contributable.values()):
            automatic = AutoField()
            automatic.creation_counter = -1  # the id column comes first
            model.add_to_class("id", automatic)
        for attribute, value in contributable.items():
            model.add_to_class(attribute, value)
        model.DoesNotExist = type("DoesNotExist", (exceptions.ObjectDoesNotExist,),
                                  {"__module__": model.__module__,
                                   "__qualname__": f"{name}.DoesNotExist"})
        model.MultipleObjectsReturned = type(
            "MultipleObjectsReturned", (exceptions.MultipleObjectsReturned,),
            {"__module__": model.__module__, "__qualname__": f"{name}.MultipleObjectsReturned"})
        if "objects" not in contributable:  # a custom manager (objects = MyManager()) stays
            model.add_to_class("objects", Manager())
        registry.append(model)
        install_reverse_accessors()
        return model

    def add_to_class(model, name, value):
        value.contribute_to_class(model, name)


def install_reverse_accessors():
    """Give each model pointed at by a ForeignKey or a ManyToManyField its way back
    (`author.book_set`); a ManyToManyField also makes its join table's model then."""
    for model in list(registry):
        for field in model._meta.fields + model._meta.many_to_many:
            if hasattr(field, "install_reverse_accessor"):
                field.install_reverse_accessor()


class ModelState:
    """Bookkeeping of one instance: is it saved yet, and related objects fetched for it."""

    def __init__(self):
        self.adding = True
        self.fields_cache = {}   # ForeignKey name -> the related object, once fetched
        self.prefetched = {}     # reverse accessor -> list of objects (prefetch_related)


class Model(metaclass=ModelBase):
    """The base class of every model. See the module docstring."""

    def __init__(self, *args, **kwargs):
        self._state = ModelState()
        fields = self._meta.fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes at most {len(fields)} positional "
                            f"values ({', '.join(self._meta.field_names())}), got {len(args)}.")
        for field, value in zip(fields, args):
            kwargs[field.attname] = value
        for field in fields:
            if field.name in kwargs and field.name != field.attname:
                setattr(self, field.name, kwargs.pop(field.name))  # author=<Author>
            elif field.attname in kwargs:
                setattr(self, field.attname, kwargs.pop(field.attname))
            else:
                setattr(self, field.attname, field.get_default())
        for name, value in kwargs.items():
            if isinstance(getattr(type(self), name, None), property):
                setattr(self, name, value)
            else:
                raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument "
                                f"{name!r}. Its fields are: "
                                f"{', '.join(self._meta.field_names())}.")
        signals.post_init.send(type(self), instance=self)

    @classmethod
    def from_db(cls, values):
        """An instance made from a row (values in the order of `_meta.fields`)."""
        instance = cls.__new__(cls)
        instance._state = ModelState()
        instance._state.adding = False
        for field, value in zip(cls._meta.fields, values):
            setattr(instance, field.attname, field.from_db_value(value))
        return instance

    @property
    def pk(self):
        return getattr(self, self._meta.pk.attname)

    @pk.setter
    def pk(self, value):
        setattr(self, self._meta.pk.attname, value)

    # -- saving and deleting ----------------------------------------------------------------------

    def save(self, connection=None, update_fields=None, force_insert=False,
             force_update=False, using=None):
        """INSERT the row if it is new, otherwise UPDATE it. Returns nothing, like Django.

        - `update_fields=["votes"]`: UPDATE only these columns (and fail if no row changed);
          an empty list saves nothing;
        - an attribute holding an expression, `choice.votes = F("votes") + 1`, is computed by
          the database (`SET "votes" = ("votes" + ?)`): no lost update when two requests do
          it at once. The attribute still holds the expression afterwards: call
          refresh_from_db() to read the new number, as in Django.
        """
        from glassbox.db.exceptions import DatabaseError
        from glassbox.db.models.query import QuerySet

        connection = connection or using
        model = type(self)
        meta = self._meta
        if update_fields is not None:
            update_fields = set(update_fields)
            if not update_fields:
                return
            names = {name for field in meta.fields if not field.primary_key
                     for name in (field.name, field.attname)}
            unknown = sorted(update_fields - names)
            if unknown:
                raise ValueError("The following fields do not exist in this model, are m2m "
                                 "fields, primary keys, or are non-concrete fields: "
                                 f"{', '.join(unknown)}")
        # As Django: with a primary key set, try an UPDATE first and INSERT if it changed no
        # row; but a new object whose key comes from a default (a UUID) is INSERTed at once.
        insert_only = force_insert or (self._state.adding and meta.pk.has_default()
                                       and update_fields is None and not force_update)
        if self.pk is None and (force_update or update_fields is not None):
            raise ValueError("Cannot force an update in save() with no primary key.")
        try_update = self.pk is not None and not insert_only
        signals.pre_save.send(model, instance=self, created=not try_update)
        queryset = QuerySet(model, connection=connection)
        updated = False
        if try_update:
            values = {field: self.value_to_save(field, adding=False) for field in meta.fields
                      if not field.primary_key and (update_fields is None or {
                          field.name, field.attname} & update_fields)}
            if values:
                updated = queryset.filter(pk=self.pk).update_columns(values) > 0
            else:
                updated = queryset.filter(pk=self.pk).exists()
            if not updated and (update_fields is not None or force_update):
                raise DatabaseError("Save with update_fields did not affect any rows."
                                    if update_fields is not None else
                                    "Forced update did not affect any rows.")
        adding = not updated
        if adding:
            values = {field: self.value_to_save(field, adding=True) for field in meta.fields}
            for field, value in values.items():
                if hasattr(value, "as_sql"):
                    raise ValueError(f"Failed to insert expression {value!r} for {field.name!r}:"
                                     " F() expressions can only be used to update, not to "
                                     "insert.")
            if self.pk is None:  # the database picks the id
                del values[meta.pk]
                self.pk = meta.pk.from_db_value(queryset.insert_row(values))
            else:  # a key chosen in Python (a session key, a UUID) stays as it is
                queryset.insert_row(values)
        self._state.adding = False
        signals.post_save.send(model, instance=self, created=adding)

    def value_to_save(self, field, adding):
        """The field's value as the database stores it; an expression (F(...)) as it is."""
        value = field.pre_save(self, adding)
        return value if hasattr(value, "as_sql") else field.get_db_prep_value(value)

    def delete(self, connection=None):
        """Delete this row, and the rows that must go with it. Returns (count, per model)."""
        from glassbox.db.models.deletion import Collector

        if self.pk is None:
            raise ValueError(f"{type(self).__name__} object can't be deleted because its "
                             f"{self._meta.pk.name} attribute is None (it was never saved).")
        collector = Collector(connection)
        collector.collect(type(self), [self])
        result = collector.delete()
        self.pk = None
        self._state.adding = True
        return result

    def refresh_from_db(self, fields=None, connection=None):
        """Read the row again, replacing the values of this instance (or just `fields`)."""
        from glassbox.db.models.query import QuerySet

        queryset = QuerySet(type(self), connection=connection).order_by()
        fresh = queryset.get(pk=self.pk)
        for field in self._meta.fields:
            if fields is None or field.name in fields or field.attname in fields:
                setattr(self, field.attname, getattr(fresh, field.attname))
                self._state.fields_cache.pop(field.name, None)
        if fields is None:
            self._state.fields_cache.clear()

    # -- validation -------------------------------------------------------------------------------

    def full_clean(self, exclude=()):
        """Check every field and the uniqueness rules; raise ValidationError listing problems.

        Values are converted in place (the text "3" in an IntegerField becomes 3).
        """
        problems = {}
        for field in self._meta.fields:
            if field.name in exclude:
                continue
            try:
                setattr(self, field.attname, field.clean(getattr(self, field.attname), self))
            except ValidationError as error:
                problems.update(error.message_dict)
        if not problems:
            problems.update(self.unique_problems(exclude))
        if problems:
            raise ValidationError(problems)

    def unique_problems(self, exclude=()):
        """Messages for unique fields and unique_together groups already used by another row."""
        problems = {}
        model = type(self)
        groups = [(field.name,) for field in self._meta.fields
                  if field.unique and not field.primary_key]
        for names in groups + list(self._meta.unique_together):
            if any(name in exclude for name in names):
                continue
            lookup = {self._meta.get_field(name).attname: getattr(
                self, self._meta.get_field(name).attname) for name in names}
            if any(value is None for value in lookup.values()):
                continue
            others = model.objects.filter(**lookup)
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            if others.exists():
                key = names[0] if len(names) == 1 else "__all__"
                together = " and ".join(names)
                problems.setdefault(key, []).append(
                    f"{model.__name__} with this {together} already exists.")
        return problems

    # -- identity ---------------------------------------------------------------------------------

    def __eq__(self, other):
        if not isinstance(other, Model) or type(self) is not type(other):
            return NotImplemented
        return self.pk is not None and self.pk == other.pk

    def __hash__(self):
        if self.pk is None:
            raise TypeError("Model instances without a primary key value are unhashable.")
        return hash((type(self).__name__, self.pk))

    def __str__(self):
        return f"{type(self).__name__} object ({self.pk})"

    def __repr__(self):
        return f"<{type(self).__name__}: {self}>"
