"""ManyToManyField: a book has several authors, an author writes several books.

    class Book(Model):
        title = CharField(max_length=100)
        authors = ManyToManyField(Author, related_name="books")

No column of "book" can hold a list of authors, so the relation lives in a table of its own,
the *join table* (Django says "through" table), made for you:

    CREATE TABLE "book_authors" (
        "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "book_id" integer NOT NULL REFERENCES "book" ("id"),
        "author_id" integer NOT NULL REFERENCES "author" ("id"),
        UNIQUE ("book_id", "author_id")
    )

One row per (book, author) pair. The field builds that table as a real model, `Book.authors
.through` (a class called `Book_authors` with two ForeignKeys), so everything the ORM knows
about ForeignKeys works for it: `create_tables` makes its table, deleting a book deletes its
rows (on_delete=CASCADE), queries join through it.

From each side, a manager of the other side's objects:

- `book.authors.all()`: SELECT the authors JOINed to the join table, WHERE its book_id is ours;
- `book.authors.add(ada, bob)`: INSERT the pairs that are missing, in one statement. It asks
  first which exist (a SELECT; both inside BEGIN ... COMMIT), where Django sends `INSERT OR
  IGNORE` and lets the UNIQUE constraint skip the pairs already there: one query fewer, but the
  SELECT shows in the trace what "missing" means;
- `book.authors.set([ada, cy])`: remove the pairs not listed, add the missing ones;
- `book.authors.remove(bob)`: DELETE those pairs, one statement; `clear()` deletes them all;
- `ada.books.all()` (or `ada.book_set` without related_name): the same, the other way round;
- `Book.objects.prefetch_related("authors")`: every book's authors in two queries, not one
  per book (see prefetch.py).

And in queries, the field's name crosses the join table in two JOINs:
`Book.objects.filter(authors__name="Ada")`, `Author.objects.filter(books__title="Dune")`.
"""

from glassbox.db.models.manager import Manager
from glassbox.db.models.related import PointsToModel


class ManyToManyField(PointsToModel):
    """A many-to-many relation, kept in an automatically made join table (see the docstring).

    It is not a column of its model's table, so it lives in `_meta.many_to_many`, not in
    `_meta.fields`.
    """

    def __init__(self, to, related_name=None, db_table=None):
        self.to = to
        self.related_name = related_name
        self.db_table = db_table
        self.through = None          # the join table's model, made once `to` exists
        self.reverse_installed = False

    def contribute_to_class(self, model, name):
        self.model, self.name = model, name
        model._meta.many_to_many.append(self)
        setattr(model, name, ManyToManyDescriptor(self, reverse=False))

    def install_reverse_accessor(self):
        """Once the other model exists: make the join table's model, and the way back."""
        target = self.remote_model()
        if target is None or self.reverse_installed:
            return
        self.reverse_installed = True  # first: making the join model comes back here
        self.through = self.make_through_model(target)
        setattr(target, self.accessor_name(), ManyToManyDescriptor(self, reverse=True))

    def make_through_model(self, target):
        """The join table as a model: two ForeignKeys, one row per pair, each pair once."""
        from glassbox.db.models.base import ModelBase, Model
        from glassbox.db.models.deletion import CASCADE
        from glassbox.db.models.related import ForeignKey

        source_name, target_name = self.model.__name__.lower(), target.__name__.lower()
        if source_name == target_name:  # a model related to itself: from_person, to_person
            source_name, target_name = f"from_{source_name}", f"to_{target_name}"
        meta = type("Meta", (), {
            "db_table": self.db_table or f"{self.model._meta.db_table}_{self.name}",
            "unique_together": [(source_name, target_name)],
            "auto_created": True,  # made by the field: no way back from the two models to it
        })
        name = f"{self.model.__name__}_{self.name}"
        return ModelBase(name, (Model,), {
            "__module__": self.model.__module__,
            "__qualname__": name,
            "Meta": meta,
            source_name: ForeignKey(self.model, on_delete=CASCADE),
            target_name: ForeignKey(target, on_delete=CASCADE),
        })

    def through_fields(self, reverse=False):
        """(ForeignKey to this side, ForeignKey to the other side) of the join table.

        Seen from the model that declares the field (reverse=False) or from the other one.
        """
        source, target = self.through._meta.fields[1:3]
        return (target, source) if reverse else (source, target)

    def __repr__(self):
        model = getattr(self, "model", None)
        return f"<ManyToManyField {model.__name__ if model else '?'}.{getattr(self, 'name', '?')}>"


class ManyToManyDescriptor:
    """`book.authors` (reverse=False) or `author.books` (reverse=True): a related manager."""

    def __init__(self, field, reverse):
        self.field, self.reverse = field, reverse

    @property
    def through(self):
        """The join table's model: `Book.authors.through`."""
        return self.field.through

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return ManyRelatedManager(self.field, instance, self.reverse)

    def __set__(self, instance, value):
        name = self.field.accessor_name() if self.reverse else self.field.name
        raise TypeError(f"Direct assignment to a many-to-many relation is not allowed: use "
                        f"{name}.add(...) and {name}.remove(...).")


class ManyRelatedManager(Manager):
    """The authors of one book (or the books of one author), through the join table."""

    def __init__(self, field, instance, reverse):
        super().__init__()
        self.field, self.instance, self.reverse = field, instance, reverse
        self.model = field.model if reverse else field.related_model
        self.name = field.accessor_name() if reverse else field.name
        # In the join table: the column pointing at `instance`, and the one at the others.
        self.source_field, self.target_field = field.through_fields(reverse)

    def instance_pk(self):
        if self.instance.pk is None:
            raise ValueError(f"{type(self.instance).__name__} must be saved before its "
                             f"{self.name} can be used (the join table stores its id).")
        return self.instance.pk

    def get_queryset(self):
        """The other side's rows joined to the join table rows that name our instance."""
        from glassbox.db.models.query import QuerySet

        # From the other side, the way back to us is the field's name (or its reverse name);
        # a lookup on it compares the join table's column, with no third table joined.
        way_back = self.field.name if self.reverse else self.field.related_query_name()
        queryset = QuerySet(self.model).filter(**{way_back: self.instance_pk()})
        prefetched = self.instance._state.prefetched.get(self.name)
        if prefetched is not None:  # prefetch_related already fetched these: no query
            queryset.result_cache = list(prefetched)
        return queryset

    def pairs(self):
        """The join table's rows for our instance."""
        return self.field.through.objects.filter(**{self.source_field.name: self.instance_pk()})

    def add(self, *objects):
        """Link these objects (or ids): INSERT the pairs not there yet, in one statement."""
        from glassbox.db.transaction import atomic

        if not objects:
            return
        with atomic(savepoint=False):  # the SELECT and the INSERT together
            self.add_missing(objects)

    def add_missing(self, objects):
        from glassbox.db.models.query import QuerySet

        ids = [self.target_id(each) for each in objects]
        existing = set(self.pairs().filter(**{f"{self.target_field.name}__in": ids})
                       .values_list(self.target_field.attname, flat=True))
        through = self.field.through
        missing = [through(**{self.source_field.attname: self.instance.pk,
                              self.target_field.attname: target_id})
                   for target_id in dict.fromkeys(ids)  # each once, in the order given
                   if target_id not in existing]
        if missing:
            added = {getattr(each, self.target_field.attname) for each in missing}
            self.send_changed("pre_add", added)
            fields = [field for field in through._meta.fields if not field.primary_key]
            QuerySet(through).insert_many(missing, fields, ignore_conflicts=False,
                                         want_ids=False)
            self.send_changed("post_add", added)

    def send_changed(self, action, pk_set):
        """The m2m_changed signal, with Django's arguments: `action` ("pre_add", "post_add",
        "pre_remove", "post_remove", "pre_clear", "post_clear"), `reverse` (True when changed
        from the other side), `model` (the other side's class) and `pk_set` (the ids changed;
        None for a clear). The sender is the join table's model."""
        from glassbox.db.models.signals import m2m_changed

        m2m_changed.send(self.field.through, instance=self.instance, action=action,
                         reverse=self.reverse, model=self.model, pk_set=pk_set)

    def remove(self, *objects):
        """Unlink these objects (or ids): one DELETE on the join table. The objects stay.

        One statement needs no transaction around it, so glassbox sends none; Django wraps
        it in BEGIN ... COMMIT for the receivers of its m2m_changed signal (which glassbox
        sends too, "pre_remove" and "post_remove", without that transaction).
        """
        if not objects:
            return
        ids = [self.target_id(each) for each in objects]
        self.send_changed("pre_remove", set(ids))
        self.pairs().filter(**{f"{self.target_field.name}__in": ids}).delete_rows()
        self.send_changed("post_remove", set(ids))

    def set(self, objects, clear=False):
        """Make `objects` the linked ones: remove the other pairs, add the missing ones."""
        from glassbox.db.transaction import atomic

        objects = list(objects)
        with atomic(savepoint=False):
            if clear:
                self.clear()
                self.add(*objects)
                return
            old = set(self.pairs().values_list(self.target_field.attname, flat=True))
            new = []
            for each in objects:
                target_id = self.target_id(each)
                if target_id in old:
                    old.remove(target_id)
                else:
                    new.append(each)
            self.remove(*old)
            self.add(*new)

    def clear(self):
        """Unlink every object: DELETE all of our instance's rows of the join table (one
        statement, without Django's BEGIN ... COMMIT: see remove())."""
        self.send_changed("pre_clear", None)
        self.pairs().delete_rows()
        self.send_changed("post_clear", None)

    def create(self, **values):
        """Create an object on the other side and link it."""
        created = self.model.objects.create(**values)
        self.add(created)
        return created

    def target_id(self, value):
        """The id of an object of the other side (or the id itself)."""
        from glassbox.db.models.base import Model

        if isinstance(value, Model):
            if not isinstance(value, self.model):
                raise TypeError(f"{self.name} takes {self.model.__name__} objects, not "
                                f"{value!r}.")
            if value.pk is None:
                raise ValueError(f"Save {value!r} before adding it to {self.name}.")
            return value.pk
        return self.model._meta.pk.to_python(value)

    def __repr__(self):
        return f"<ManyRelatedManager {self.name} of {self.instance!r}>"
