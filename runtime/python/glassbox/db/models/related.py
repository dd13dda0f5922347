"""ForeignKey: a column holding the primary key of a row in another table.

    class Book(Model):
        author = ForeignKey(Author, on_delete=CASCADE, related_name="books")

gives Book a column `author_id` (`integer REFERENCES "author" ("id")`) and three ways in:

- `book.author_id`: the number stored in the column, no query needed;
- `book.author`: the Author object, fetched with one SELECT the first time and then cached on
  the book (this is where N+1 problems come from: see select_related);
- `author.books` (or `author.book_set` without related_name): a manager of the author's books,
  i.e. `Book.objects.filter(author=author)`.

`to` may be the model, its name as a string (for a model defined later) or "self".
`on_delete` says what deleting the author does to its books (see deletion.py).
"""

from glassbox.db.models.fields import Field, quote
from glassbox.db.models.manager import Manager


class PointsToModel:
    """What every relation field knows about the model at its other end (ForeignKey and
    ManyToManyField both use it): `to` may be a class, a class name, or "self"."""

    def remote_model(self):
        """The model pointed at, found by name if `to` was a string (None if not defined yet)."""
        from glassbox.db.models.base import Model, registry

        if isinstance(self.to, type) and issubclass(self.to, Model):
            return self.to
        name = self.model.__name__ if self.to == "self" else self.to
        return next((model for model in reversed(registry) if model.__name__ == name), None)

    @property
    def related_model(self):
        from glassbox.db.models.base import get_model

        return self.remote_model() or get_model(self.to)

    def related_query_name(self):
        """The name a query uses to come back: Author.objects.filter(book__title=...)."""
        return self.related_name or self.model.__name__.lower()

    def accessor_name(self):
        return self.related_name or f"{self.model.__name__.lower()}_set"


class ForeignKey(PointsToModel, Field):
    """A many-to-one relation (see the module docstring)."""

    def __init__(self, to, on_delete, related_name=None, **kwargs):
        if not callable(on_delete):
            raise TypeError("ForeignKey needs on_delete, e.g. on_delete=CASCADE.")
        self.to = to
        self.on_delete = on_delete
        self.related_name = related_name
        self.reverse_installed = False
        super().__init__(**kwargs)

    def contribute_to_class(self, model, name):
        super().contribute_to_class(model, name)
        self.attname = f"{name}_id"
        self.column = self.db_column or self.attname
        setattr(model, name, ForwardDescriptor(self))

    def install_reverse_accessor(self):
        target = self.remote_model()
        if target is not None and not self.reverse_installed:
            if not self.model._meta.auto_created:  # a join table's rows have no way back
                setattr(target, self.accessor_name(), ReverseDescriptor(self))
            self.reverse_installed = True

    def db_type(self):
        """The type of the key it points at: integer for an AutoField, char(32) for a UUID."""
        pk = self.related_model._meta.pk
        return "integer" if pk.db_type() is None else pk.db_type()

    def column_sql(self):
        target = self.related_model._meta
        return (f"{super().column_sql()} REFERENCES {quote(target.db_table)} "
                f"({quote(target.pk.column)})")

    def to_python(self, value):
        from glassbox.db.models.base import Model

        if isinstance(value, Model):
            return value.pk
        return self.related_model._meta.pk.to_python(value)

    def get_db_prep_value(self, value):
        return None if value is None else self.related_model._meta.pk.get_db_prep_value(
            self.to_python(value))

    def from_db_value(self, value):
        return self.related_model._meta.pk.from_db_value(value)


class ForwardDescriptor:
    """`book.author`: the related object, fetched once and cached on the instance."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner):
        if instance is None:
            return self
        field = self.field
        cache = instance._state.fields_cache
        if field.name not in cache:
            pk = getattr(instance, field.attname)
            if pk is None:
                return None
            target = field.related_model
            try:
                cache[field.name] = target.objects.get(pk=pk)
            except target.DoesNotExist:
                raise target.DoesNotExist(
                    f"{type(instance).__name__} {instance.pk}'s {field.name} points at "
                    f"{target.__name__} {target._meta.pk.name}={pk!r}, which does not exist."
                ) from None
        return cache[field.name]

    def __set__(self, instance, value):
        field = self.field
        target = field.related_model
        if value is not None and not isinstance(value, target):
            raise TypeError(f"{type(instance).__name__}.{field.name} must be a "
                            f"{target.__name__} instance, not {value!r}. To set the id "
                            f"directly, use {field.attname}=.")
        if value is not None and value.pk is None:
            raise ValueError(f"Save the {target.__name__} before assigning it to "
                             f"{type(instance).__name__}.{field.name}: it has no id yet.")
        setattr(instance, field.attname, None if value is None else value.pk)
        instance._state.fields_cache[field.name] = value


class ReverseDescriptor:
    """`author.book_set`: a manager of the rows whose ForeignKey points at this author."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return RelatedManager(self.field, instance)


class RelatedManager(Manager):
    """The books of one author: a manager filtered on the ForeignKey."""

    def __init__(self, field, instance):
        super().__init__()
        self.field, self.instance, self.model = field, instance, field.model
        self.name = field.accessor_name()

    def get_queryset(self):
        from glassbox.db.models.query import QuerySet

        if self.instance.pk is None:
            raise ValueError(f"{type(self.instance).__name__} must be saved before its "
                             f"{self.name} can be used.")
        queryset = QuerySet(self.model).filter(**{self.field.name: self.instance.pk})
        prefetched = self.instance._state.prefetched.get(self.name)
        if prefetched is not None:  # prefetch_related already fetched these: no query
            queryset.result_cache = list(prefetched)
        return queryset

    def create(self, **values):
        values[self.field.name] = self.instance
        return self.model.objects.create(**values)

    def add(self, *objects, bulk=True):
        """Point these objects at our instance.

        bulk=True (the default): one `UPDATE ... SET question_id = ? WHERE id IN (...)`, with
        no save() and no signals; the objects must be saved already. bulk=False: save() each.
        """
        for each in objects:
            if not isinstance(each, self.model):
                raise TypeError(f"'{self.model.__name__}' instance expected, got {each!r}")
        if not bulk:
            for each in objects:
                setattr(each, self.field.name, self.instance)
                each.save()
            return
        if not objects:
            return
        for each in objects:
            if each._state.adding or each.pk is None:
                raise ValueError(f"{each!r} instance isn't saved. Use bulk=False or save the "
                                 "object first.")
            setattr(each, self.field.name, self.instance)
        self.model.objects.filter(pk__in=[each.pk for each in objects]).update(
            **{self.field.name: self.instance})

    def remove(self, *objects, bulk=True):
        """Unlink these objects: their ForeignKey becomes NULL (it must be null=True)."""
        self.check_nullable("remove")
        if not objects:
            return
        ids = [each.pk for each in objects]
        for each in objects:
            setattr(each, self.field.attname, None)
        self.get_queryset().filter(pk__in=ids).update(**{self.field.name: None})

    def clear(self, bulk=True):
        """Unlink every object (the ForeignKey must be null=True)."""
        self.check_nullable("clear")
        self.get_queryset().update(**{self.field.name: None})

    def set(self, objects, bulk=True, clear=False):
        """Make these the related objects: unlink the others (if the ForeignKey can be NULL),
        link the new ones."""
        objects = list(objects)
        if not self.field.null:
            self.add(*objects, bulk=bulk)
            return
        if clear:
            self.clear()
            self.add(*objects, bulk=bulk)
            return
        old = {each.pk: each for each in self.get_queryset()}
        new = [each for each in objects if old.pop(each.pk, None) is None]
        self.remove(*old.values())
        self.add(*new, bulk=bulk)

    def check_nullable(self, method):
        if not self.field.null:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute "
                                 f"'{method}': {self.field.model.__name__}.{self.field.name} "
                                 "cannot be NULL, so its objects cannot be unlinked.")
