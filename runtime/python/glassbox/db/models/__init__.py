"""glassbox.db.models: everything needed to declare models and query them.

    from glassbox.db import models

    class Author(models.Model):
        name = models.CharField(max_length=100, unique=True)

    class Book(models.Model):
        title = models.CharField(max_length=200)
        author = models.ForeignKey(Author, on_delete=models.CASCADE)

See `glassbox.db` for the order in which to read the modules.
"""

from glassbox.db.exceptions import (FieldError, MultipleObjectsReturned,  # noqa: F401
                                    ObjectDoesNotExist, ProtectedError, ValidationError)
from glassbox.db.models import signals  # noqa: F401
from glassbox.db.models.base import Model, registry  # noqa: F401
from glassbox.db.models.deletion import CASCADE, PROTECT, SET_NULL  # noqa: F401
from glassbox.db.models.expressions import (Avg, Case, Count, Exists, F, Func,  # noqa: F401
                                            Max, Min, OrderBy, OuterRef, Q, Subquery, Sum,
                                            Value, When)
from glassbox.db.models.fields import (AutoField, BooleanField, CharField,  # noqa: F401
                                       DateField, DateTimeField, DecimalField, Field,
                                       FloatField, IntegerField, TextField, UUIDField)
from glassbox.db.models.functions import Coalesce, Length, Lower, Upper  # noqa: F401
from glassbox.db.models.manager import Manager  # noqa: F401
from glassbox.db.models.many_to_many import ManyToManyField  # noqa: F401
from glassbox.db.models.query import QuerySet  # noqa: F401
from glassbox.db.models.related import ForeignKey  # noqa: F401
