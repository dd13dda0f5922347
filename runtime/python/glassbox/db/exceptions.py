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


class EmptyResultSet(Exception):
    """A condition can match no row at all (`filter(pk__in=[])`), so there is nothing to ask.

    The compiler raises it instead of writing SQL; the QuerySet catches it and answers at once
    (no rows, a count of 0) without sending a query, as Django does.
    """


# The database's own errors, with the names of the Python DB-API (PEP 249) that Django uses
# too. The connection catches sqlite3's exception and raises the one of the same name from
# here (`raise ... from` keeps sqlite3's underneath), so code written for glassbox catches
# `glassbox.db.IntegrityError` without importing sqlite3, as Django code catches
# `django.db.IntegrityError`.

class Error(Exception):
    """Every database error."""


class InterfaceError(Error):
    """A problem with the connection itself rather than with the statement."""


class DatabaseError(Error):
    """The database refused or failed a statement."""


class DataError(DatabaseError):
    """A value that does not fit (a number out of range, say)."""


class OperationalError(DatabaseError):
    """The database could not run the statement: no such table, a locked database..."""


class IntegrityError(DatabaseError):
    """A constraint said no: UNIQUE, NOT NULL, FOREIGN KEY, CHECK."""


class InternalError(DatabaseError):
    """The database got into a state it should not be in."""


class ProgrammingError(DatabaseError):
    """The SQL is wrong: a syntax error, the wrong number of parameters."""


class NotSupportedError(DatabaseError):
    """The database cannot do what was asked."""


class TransactionManagementError(ProgrammingError):
    """A transaction was used wrongly: a query after an error inside `atomic()`, say."""


def database_error_like(error):
    """The glassbox.db exception with the same class name as a sqlite3 one (`error`)."""
    for kind in type(error).__mro__:
        found = globals().get(kind.__name__)
        if isinstance(found, type) and issubclass(found, Error):
            return found(*error.args)
    return None
