"""Database functions for expressions, where Django keeps them (django.db.models.functions).

    from glassbox.db.models.functions import Coalesce
    Question.objects.annotate(votes=Coalesce(Sum("choice__votes"), 0))

Each is a `Func` (expressions.py): its name, then its arguments in brackets. A string argument
names a field, as F() does; any other value is sent as a parameter.
"""

from glassbox.db.models.expressions import Coalesce, Func, Length, Lower, Upper  # noqa: F401
