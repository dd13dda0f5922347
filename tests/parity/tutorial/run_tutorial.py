"""The Django tutorial (parts 2 and 4) on either framework: polls/models.py is the tutorial's
code as written for Django, session.txt its shell session as a doctest.

Under CPython with Django installed it runs on Django (proving the session is right); under
glassbox (`glassbox run tests/parity/tutorial/run_tutorial.py`) it runs on glassbox with only
the import lines swapped, listed in SWAPS. Prints "tutorial: N examples passed" or the failures,
and exits with status 1 on a failure.
"""

import contextlib
import io
import os
import re
import sys
import types

# glassbox run puts the file's folder first on sys.path, and sets no __file__.
HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else sys.path[0]

# The only changes made for glassbox: where the same names are imported from.
SWAPS = {
    "from django.db import models": "from glassbox.db import models",
    "from django.utils import timezone": "from glassbox import clock as timezone",
    "from django.db.models import F": "from glassbox.db.models import F",
}

try:
    import django
except ImportError:
    django = None


def read(name):
    with open(os.path.join(HERE, name)) as source:
        return source.read()


def swapped(text):
    for old, new in SWAPS.items():
        text = text.replace(old, new)
    return text


def set_up_django():
    from django.conf import settings

    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=["polls"], USE_TZ=True, TIME_ZONE="UTC",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField")
    django.setup()
    from django.db import connection
    from polls.models import Choice, Question

    with connection.schema_editor() as editor:
        editor.create_model(Question)
        editor.create_model(Choice)
    return read("session.txt")


def set_up_glassbox():
    from glassbox.db import connection
    from glassbox.db.schema import create_tables

    package = types.ModuleType("polls")
    package.__path__ = []
    module = types.ModuleType("polls.models")
    module.__file__ = os.path.join(HERE, "polls", "models.py")
    exec(compile(swapped(read("polls/models.py")), module.__file__, "exec"), module.__dict__)
    package.models = module
    sys.modules["polls"], sys.modules["polls.models"] = package, module
    connection.reset()
    create_tables(connection, [module.Question, module.Choice])
    return swapped(read("session.txt"))


def examples(text):
    """(source, expected output, line number) for each >>> example, as doctest reads them."""
    lines, found, number = text.splitlines(), [], 0
    while number < len(lines):
        line = lines[number].strip()
        if not line.startswith(">>>"):
            number += 1
            continue
        start, source = number + 1, [line[4:]]
        number += 1
        while number < len(lines) and lines[number].strip().startswith("..."):
            source.append(lines[number].strip()[4:])
            number += 1
        expected = []
        while number < len(lines) and lines[number].strip() and \
                not lines[number].strip().startswith(">>>"):
            expected.append(lines[number].strip())
            number += 1
        found.append(("\n".join(source), "\n".join(expected), start))
    return found


def matches(got, expected, source):
    """doctest's comparison, with its ELLIPSIS and IGNORE_EXCEPTION_DETAIL directives."""
    if "IGNORE_EXCEPTION_DETAIL" in source and expected.startswith("Traceback"):
        wanted = expected.splitlines()[-1].split(":")[0].split(".")[-1]
        return got.startswith("Traceback") and \
            got.splitlines()[-1].split(":")[0].split(".")[-1] == wanted
    if "ELLIPSIS" in source:
        pattern = ".*".join(re.escape(part) for part in expected.split("..."))
        return re.fullmatch(pattern, got, re.DOTALL) is not None
    return got == expected


def run_example(source, namespace):
    """What the interactive shell would show for `source`."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            try:
                code = compile(source, "<session>", "eval")
            except SyntaxError:
                exec(compile(source + "\n", "<session>", "single"), namespace)
            else:
                value = eval(code, namespace)
                if value is not None:
                    print(repr(value))
    except Exception as error:  # noqa: BLE001 - the session may expect it
        name = type(error).__qualname__
        return "Traceback (most recent call last):\n...\n" + f"{name}: {error}"
    return out.getvalue().rstrip("\n")


def main():
    sys.path.insert(0, HERE)
    framework = "Django" if django is not None else "glassbox"
    text = set_up_django() if django is not None else set_up_glassbox()
    namespace, failed, attempted = {"__name__": "__session__"}, 0, 0
    for source, expected, line in examples(text):
        attempted += 1
        got = run_example(source, namespace)
        if not matches(got, expected, source):
            failed += 1
            print(f"session.txt line {line}:\n>>> {source}\nexpected:\n{expected}\ngot:\n{got}\n")
    if failed:
        print(f"tutorial on {framework}: {failed} of {attempted} examples FAILED")
        sys.exit(1)
    print(f"tutorial on {framework}: {attempted} examples passed")


main()
