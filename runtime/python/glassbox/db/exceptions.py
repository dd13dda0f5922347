"""The errors the ORM raises, each naming the model and the field it is about.

    >>> raise FieldError("Book has no field 'titel'. Choices are: id, title, author")
    Traceback (most recent call last):
      ...
    glassbox.db.exceptions.FieldError: Book has no field 'titel'. Choices are: id, title, author
"""


class FieldError(Exception):
    """A query or a model names a field (or a lookup) that does not exist."""


class ObjectDoesNotExist(Exception):
    """A query expected one object and found none. Each model has its own `Model.DoesNotExist`."""


class MultipleObjectsReturned(Exception):
    """A query expected one object and found several (`Model.MultipleObjectsReturned`)."""


class ValidationError(Exception):
    """`full_clean()` found bad values: `message_dict` maps each field name to its problems."""

    def __init__(self, message_dict):
        self.message_dict = message_dict
        problems = "; ".join(f"{name}: {' '.join(messages)}"
                             for name, messages in message_dict.items())
        super().__init__(problems)


class ProtectedError(Exception):
    """Deleting an object would break a ForeignKey declared with `on_delete=PROTECT`."""

    def __init__(self, message, protected_objects):
        self.protected_objects = protected_objects
        super().__init__(message)
