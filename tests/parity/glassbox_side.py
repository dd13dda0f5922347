"""The glassbox side: the scenario's models declared with glassbox.db, every case run once in
glassbox's own interpreter, the results printed as one JSON line. run.py starts it with
`target/debug/glassbox run tests/parity/glassbox_side.py`."""

import datetime
import json

from glassbox import db
from glassbox.db import connection, models, transaction
from glassbox.db.schema import create_tables

import common
import scenarios


def find(name, *modules):
    """`name` from the first module that has it, or a Missing stand-in."""
    for module in modules:
        if hasattr(module, name):
            return getattr(module, name)
    return common.Missing(name)


def optional_module(name):
    try:
        return __import__(name, fromlist=["*"])
    except ImportError:
        return None


class Empty:
    pass


FOUND = common.define_models(models, Empty)
THROUGH = FOUND["Question"]._meta.many_to_many[0].through


class Side:
    def __init__(self):
        connection.reset()
        create_tables(connection, list(FOUND.values()))

    def reset(self):
        raw = connection.database
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        del connection.savepoint_ids[:]
        common.load_fixture(raw.execute, FOUND, THROUGH)

    def queries(self):
        return [query["sql"] for query in connection.queries]

    def clear_queries(self):
        connection.queries.clear()


def build_namespace():
    functions = optional_module("glassbox.db.models.functions")
    exceptions = optional_module("glassbox.db.exceptions")
    import sqlite3
    values = dict(FOUND)
    sources = [module for module in (models, functions, db, exceptions) if module is not None]
    for name in ("Q", "F", "Count", "Sum", "Avg", "Max", "Min", "Value", "Subquery", "OuterRef",
                 "Exists", "Case", "When", "Coalesce", "FieldError", "ObjectDoesNotExist"):
        values[name] = find(name, *sources)
    values["IntegrityError"] = find("IntegrityError", *sources, sqlite3)
    values["TransactionManagementError"] = find("TransactionManagementError", transaction,
                                                *sources)
    values.update(models=models, transaction=transaction, connection=connection, db=db,
                  dt=common.dt, date=datetime.date, datetime=datetime, framework="glassbox")
    return common.namespace(values)


results = common.run_cases(build_namespace(), scenarios.CASES, Side())
print("PARITY-RESULTS " + json.dumps(results))
