"""Runs migrations/scenarios.py on one framework and prints the results as one JSON line:
Django under CPython when it is installed, else glassbox (`glassbox run` this file).

For each scenario, apply the initial migration, insert the rows, apply the scenario's
operations, and report; then (if that worked) undo them and report the table again."""

import json
import os
import sys

# glassbox run puts the file's folder first on sys.path, and sets no __file__.
HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else sys.path[0]
sys.path.insert(0, HERE)

import scenarios  # noqa: E402

try:
    import django
except ImportError:
    django = None


def describe_table(execute, table):
    """The table's columns (by name: the order a rebuild leaves them in is not compared) and
    its rows as {column: value}."""
    info = execute(f'PRAGMA table_info("{table}")')
    columns = sorted([name, kind.lower(), bool(notnull), bool(pk)]
                     for _cid, name, kind, notnull, _default, pk in info)
    names = [row[1] for row in info]
    rows = [dict(zip(names, row)) for row in execute(f'SELECT * FROM "{table}" ORDER BY "id"')]
    return {"columns": columns, "rows": rows}


def outcome(run, statements, describe):
    """Run `run()`, and say what it did: rebuilt or not, the table after, or the error."""
    before = len(statements())
    try:
        run()
    except Exception as error:  # noqa: BLE001 - an error is a result to compare
        return {"error": type(error).__name__}
    sql = statements()[before:]
    result = {"rebuilt": any("new__" in each for each in sql)}
    result.update(describe())
    return result


class Namespace:
    pass


def run_django():
    from django.conf import settings

    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=[], USE_TZ=False)
    django.setup()
    from django.db import connection, migrations, models
    from django.db.migrations.state import ProjectState

    m = Namespace()
    m.models = models
    for name in ("CreateModel", "AddField", "RemoveField", "RenameField", "AlterField",
                 "RunPython"):
        setattr(m, name, getattr(migrations, name))
    connection.ensure_connection()
    connection.force_debug_cursor = True

    def apply(operations, state, backwards=False):
        states = [state]
        for operation in operations:
            following = states[-1].clone()
            operation.state_forwards("mig", following)
            states.append(following)
        steps = list(zip(operations, states, states[1:]))
        for operation, before, after in (reversed(steps) if backwards else steps):
            with connection.schema_editor() as editor:
                if backwards:
                    operation.database_backwards("mig", editor, after, before)
                else:
                    operation.database_forwards("mig", editor, before, after)
        return states[0] if backwards else states[-1]

    def execute(sql):
        return connection.connection.execute(sql).fetchall()

    def statements():
        return [query["sql"] for query in connection.queries]

    results = {}
    for name, function in scenarios.SCENARIOS:
        for table in [row[0] for row in execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'mig_%'")]:
            execute(f'DROP TABLE "{table}"')
        start = apply(scenarios.initial(m), ProjectState())
        for person, age in scenarios.ROWS:
            connection.connection.execute('INSERT INTO "mig_person" (name, age) VALUES (?, ?)',
                                          [person, age])
        operations = function(m)
        holder = {}

        def forwards():
            holder["state"] = apply(operations, start)

        def backwards():
            apply(operations, start, backwards=True)

        forward = outcome(forwards, statements, lambda: describe_table(execute, "mig_person"))
        results[name] = {"apply": forward}
        if "error" not in forward:
            results[name]["unapply"] = outcome(
                backwards, statements, lambda: describe_table(execute, "mig_person"))
    return results


def run_glassbox():
    from glassbox.db import connection, migrations, models

    m = Namespace()
    m.models = models
    for name in ("CreateModel", "AddField", "RemoveField", "RenameField", "AlterField",
                 "RunPython"):
        setattr(m, name, getattr(migrations, name))

    def execute(sql):
        return connection.database.execute(sql).fetchall()

    def statements():
        return [query["sql"] for query in connection.queries]

    results = {}
    for name, function in scenarios.SCENARIOS:
        connection.reset()
        history = [migrations.Migration("0001", scenarios.initial(m)),
                   migrations.Migration("0002", function(m))]
        migrator = migrations.Migrator()
        migrator.migrate(history, to="0001")
        for person, age in scenarios.ROWS:
            connection.database.execute('INSERT INTO "person" (name, age) VALUES (?, ?)',
                                        [person, age])
        forward = outcome(lambda: migrator.migrate(history), statements,
                          lambda: describe_table(execute, "person"))
        results[name] = {"apply": forward}
        if "error" not in forward:
            results[name]["unapply"] = outcome(lambda: migrator.migrate(history, to="0001"),
                                               statements,
                                               lambda: describe_table(execute, "person"))
    return results


results = run_django() if django is not None else run_glassbox()
print("MIGRATION-RESULTS " + json.dumps(results))
