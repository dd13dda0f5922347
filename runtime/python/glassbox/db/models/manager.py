"""The manager: `Book.objects`, where every query on a model starts.

A manager makes QuerySets. `Book.objects.filter(...)` is `Book.objects.get_queryset()
.filter(...)`: every QuerySet method is also reachable on the manager. Managers work on the class
only: `book.objects` is an error, because a query is about the table, not one row.
"""


class Manager:
    """Hands out QuerySets of its model (see the module docstring)."""

    def __init__(self):
        self.model = None
        self.name = None

    def contribute_to_class(self, model, name):
        self.model, self.name = model, name
        setattr(model, name, ManagerDescriptor(self))

    def get_queryset(self):
        """A QuerySet of every row; subclasses override this to narrow it."""
        from glassbox.db.models.query import QuerySet

        return QuerySet(self.model)

    def all(self):
        return self.get_queryset()

    def __getattr__(self, name):
        # filter, exclude, get, create, count, ...: whatever the QuerySet offers.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.get_queryset(), name)

    def __repr__(self):
        return f"<Manager of {self.model.__name__ if self.model else 'no model'}>"


class ManagerDescriptor:
    """`Book.objects` gives the manager; `book.objects` explains why not."""

    def __init__(self, manager):
        self.manager = manager

    def __get__(self, instance, owner):
        if instance is not None:
            raise AttributeError(f"Manager isn't accessible via {owner.__name__} instances: "
                                 f"use {owner.__name__}.{self.manager.name}.")
        return self.manager
