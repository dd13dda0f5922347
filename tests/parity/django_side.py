"""The Django side: settings in code, the scenario's models in an app called "polls", an
in-memory SQLite, and every case run once. Imported by run.py (CPython, in the venv)."""

import datetime

import django
import django.db
from django.conf import settings

settings.configure(
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=["polls"],
    USE_TZ=False,
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()

from django.core.exceptions import FieldError, ObjectDoesNotExist  # noqa: E402
from django.db import IntegrityError, connection, models, transaction  # noqa: E402
from django.db.models import (Avg, Case, Count, Exists, F, Max, Min, OuterRef, Q,  # noqa: E402
                              Subquery, Sum, Value, When)
from django.db.models.functions import Coalesce  # noqa: E402
from django.db.transaction import TransactionManagementError  # noqa: E402

import common  # noqa: E402


class AppMeta:
    app_label = "polls"


FOUND = common.define_models(models, AppMeta)
THROUGH = FOUND["Question"].tags.through


class Side:
    def __init__(self):
        connection.ensure_connection()
        connection.force_debug_cursor = True
        with connection.schema_editor() as editor:
            for model in FOUND.values():
                editor.create_model(model)

    def reset(self):
        raw = connection.connection
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        common.load_fixture(raw.execute, FOUND, THROUGH)

    def queries(self):
        return [query["sql"] for query in connection.queries]

    def clear_queries(self):
        connection.queries_log.clear()


def build_namespace():
    values = dict(FOUND)
    values.update(
        models=models, Q=Q, F=F, Count=Count, Sum=Sum, Avg=Avg, Max=Max, Min=Min, Value=Value,
        Subquery=Subquery, OuterRef=OuterRef, Exists=Exists, Case=Case, When=When,
        Coalesce=Coalesce, transaction=transaction, IntegrityError=IntegrityError,
        TransactionManagementError=TransactionManagementError, FieldError=FieldError,
        ObjectDoesNotExist=ObjectDoesNotExist, connection=connection, db=django.db,
        dt=common.dt, date=datetime.date, datetime=datetime, framework="django")
    return common.namespace(values)


def run(cases):
    return common.run_cases(build_namespace(), cases, Side())
