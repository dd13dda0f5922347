"""The parity suite: the same cases (scenarios.py) run by CPython + Django and by glassbox in
its own interpreter; results and query counts compared case by case.

    python tests/parity/run.py [--glassbox target/debug/glassbox] [--only NAME ...] [--show]

Then the Django tutorial's session (tutorial/) runs on both, and the migration scenarios
(migrations/) are applied and undone by Django's migrations and by glassbox.db.migrations.
Run by `make test-parity` with the virtual environment's Python (Django installed there). Exit
status 1 when a case or a migration step differs without an entry in differences.py, an entry
is stale, or the tutorial fails.
"""

import argparse
import inspect
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import differences  # noqa: E402
import scenarios  # noqa: E402


def run_glassbox(binary):
    """Run glassbox_side.py in glassbox's interpreter; its results, parsed."""
    started = time.perf_counter()
    done = subprocess.run([binary, "run", os.path.join(HERE, "glassbox_side.py")],
                          capture_output=True, text=True, timeout=600)
    for line in done.stdout.splitlines():
        if line.startswith("PARITY-RESULTS "):
            return json.loads(line[len("PARITY-RESULTS "):]), time.perf_counter() - started
    sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
    raise SystemExit(f"glassbox_side.py printed no results (exit status {done.returncode})")


def same(name, django, glassbox):
    """Whether two outcomes agree: value or exception class (and message if the case says so),
    and the number of queries."""
    if django.get("queries") != glassbox.get("queries"):
        return False
    if "error" in django or "error" in glassbox:
        if django.get("error") != glassbox.get("error"):
            return False
        return name not in scenarios.COMPARE_MESSAGES or \
            django.get("message") == glassbox.get("message")
    return django["value"] == glassbox["value"]


def describe(outcome):
    if "error" in outcome:
        shown = f"raises {outcome['error']}: {outcome['message']}"
    else:
        shown = json.dumps(outcome["value"])
    lines = [f"{shown}", f"    {outcome['queries']} queries"]
    lines += [f"      {sql}" for sql in outcome.get("sql", [])]
    return "\n".join(lines)


def report(name, function, django, glassbox, heading):
    source = inspect.getsource(function).rstrip()
    print(f"\n--- {heading}: {name}")
    print("    " + source.replace("\n", "\n    "))
    print("  Django:   " + describe(django))
    print("  glassbox: " + describe(glassbox))


def short(outcome):
    if "error" in outcome:
        text = f"{outcome['error']}: {outcome['message']}"
    else:
        text = json.dumps(outcome["value"])
    text = text if len(text) <= 90 else text[:87] + "..."
    return f"`{text}` ({outcome['queries']} queries)"


# What Django does, for the cases whose answer alone does not say it (shown in FAILING.md).
HINTS = {
    "save_with_existing_pk_updates": "save() of an object with its primary key set that was "
    "not loaded: Django UPDATEs, and INSERTs only if no row changed (Model._save_table)",
    "pk_char_save_over_existing": "as save_with_existing_pk_updates",
    "pk_char_save_twice": "as save_with_existing_pk_updates (Django's first save is UPDATE, 0 "
    "rows, then INSERT)",
    "save_update_fields_unknown": "Django raises ValueError for a name that is not a field",
    "join_exclude_nullable_forward": "exclude() across a nullable ForeignKey keeps the rows "
    "whose key is NULL: NOT (T2.name = 'Ada' AND T2.name IS NOT NULL)",
    "agg_across_relation": "the default alias keeps the lookup's double underscores: "
    "choice__votes__sum",
    "f_order_by_expression": "F('votes').desc() and .asc() in order_by()",
    "related_prefetch_and_select": "prefetch_related('question__tags'): a lookup through a "
    "relation",
    "prefetch_unknown_refused": "Django raises AttributeError (glassbox's FieldError could "
    "subclass it, or be AttributeError, to keep its better message)",
    "integrity_unique_m2m_through_duplicate": "Question.tags.through is the join table's model "
    "(on the class, the descriptor has a through attribute)",
    "in_bulk_all": "in_bulk() without ids: every object, by pk",
    "sub_exists_and_q": "Exists(...) & Q(...) combine (conditional expressions, Django 3.0+)",
}


def write_failing(path, names, django_results, glassbox_results):
    """The cases that differ without an entry in differences.py, one line each."""
    lines = ["# Parity cases that fail now", "",
             "Written by `python tests/parity/run.py --write-failing tests/parity/FAILING.md` "
             "(the venv's Python, after a fresh `cargo test --workspace --no-run`). Each case is "
             "in scenarios.py; `run.py --only NAME` shows its source and both sides' SQL.", "",
             f"{len(names)} cases:", ""]
    for name in names:
        lines.append(f"- `{name}`: Django {short(django_results[name])}; "
                     f"glassbox {short(glassbox_results[name])}"
                     + (f". {HINTS[name]}" if name in HINTS else ""))
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")


def run_tutorial(binary):
    """The Django tutorial's session (tutorial/) on Django, then on glassbox: True if both pass."""
    script = os.path.join(HERE, "tutorial", "run_tutorial.py")
    passed = True
    for command in ([sys.executable, script], [binary, "run", script]):
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            passed = False
            print(done.stdout.rstrip())
            print(done.stderr.rstrip()[-2000:])
        else:
            print(done.stdout.strip().splitlines()[-1])
    return passed


def side_results(command, marker):
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    for line in done.stdout.splitlines():
        if line.startswith(marker + " "):
            return json.loads(line[len(marker) + 1:])
    sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
    raise SystemExit(f"{' '.join(command)} printed no results (exit status {done.returncode})")


def run_migrations(binary):
    """migrations/scenarios.py applied and undone by Django and by glassbox: True if they
    agree (or differ as differences.MIGRATIONS_INTENDED says)."""
    script = os.path.join(HERE, "migrations", "run_side.py")
    django = side_results([sys.executable, script], "MIGRATION-RESULTS")
    glassbox = side_results([binary, "run", script], "MIGRATION-RESULTS")
    counts = {"match": 0, "intended": 0, "unexplained": 0}
    for name in django:
        for direction in ("apply", "unapply"):
            key = f"{name}:{direction}"
            expected, got = django[name].get(direction), glassbox[name].get(direction)
            if expected is None and got is None:  # applying failed on both: nothing to undo
                continue
            if expected == got:
                counts["match"] += 1
                if key in differences.MIGRATIONS_INTENDED:
                    counts["unexplained"] += 1
                    print(f"--- STALE ENTRY in differences.MIGRATIONS_INTENDED: {key}")
            elif key in differences.MIGRATIONS_INTENDED:
                counts["intended"] += 1
            else:
                counts["unexplained"] += 1
                print(f"\n--- UNEXPLAINED MIGRATION DIFFERENCE: {key}\n  Django:   "
                      f"{json.dumps(expected)}\n  glassbox: {json.dumps(got)}")
    total = counts["match"] + counts["intended"] + counts["unexplained"]
    print(f"migrations beside Django's: {total} steps, {counts['match']} match, "
          f"{counts['intended']} intended difference, {counts['unexplained']} unexplained "
          "difference")
    return counts["unexplained"] == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glassbox", default="target/debug/glassbox")
    parser.add_argument("--only", nargs="*", help="show only these cases")
    parser.add_argument("--show", action="store_true", help="print every intended or known "
                        "difference in full, not only the unexplained ones")
    parser.add_argument("--json", help="write both sides' results to this file")
    parser.add_argument("--write-failing", metavar="FILE",
                        help="write the unexplained differences as a Markdown list (FAILING.md)")
    options = parser.parse_args()

    started = time.perf_counter()
    import django_side
    django_results = django_side.run(scenarios.CASES)
    django_seconds = time.perf_counter() - started
    glassbox_results, glassbox_seconds = run_glassbox(options.glassbox)
    if options.json:
        with open(options.json, "w") as out:
            json.dump({"django": django_results, "glassbox": glassbox_results}, out, indent=1)

    counts = {"match": 0, "intended": 0, "known": 0, "unexplained": 0, "stale": 0}
    known, unexplained = [], []
    for name, function in scenarios.CASES:
        if options.only and name not in options.only:
            continue
        django, glassbox = django_results[name], glassbox_results[name]
        agree = same(name, django, glassbox)
        if name in differences.INTENDED:
            entry = differences.INTENDED[name]
            if not agree and not entry.accepts(django, glassbox):
                counts["unexplained"] += 1
                unexplained.append(name)
                report(name, function, django, glassbox, "UNEXPLAINED DIFFERENCE (beyond "
                       f"what differences.INTENDED allows: {entry.reason})")
            elif agree:
                counts["stale"] += 1
                report(name, function, django, glassbox,
                       "STALE ENTRY in differences.INTENDED (the case now matches)")
            else:
                counts["intended"] += 1
                if options.show or options.only:
                    report(name, function, django, glassbox, "intended difference")
        elif agree:
            counts["match"] += 1
            if name in differences.KNOWN_FAILURES:
                counts["stale"] += 1
                print(f"\n--- STALE ENTRY in differences.KNOWN_FAILURES: {name} now matches")
        elif name in differences.KNOWN_FAILURES:
            counts["known"] += 1
            known.append(name)
            if options.show or options.only:
                report(name, function, django, glassbox, "known failure")
        else:
            counts["unexplained"] += 1
            unexplained.append(name)
            report(name, function, django, glassbox, "UNEXPLAINED DIFFERENCE")

    total = sum(counts[key] for key in ("match", "intended", "known", "unexplained")) + \
        sum(1 for name in differences.INTENDED if name in django_results and
            same(name, django_results[name], glassbox_results[name]) and
            (not options.only or name in options.only))
    print(f"\nparity with Django: {total} cases, {counts['match']} match, "
          f"{counts['intended']} intended difference, {counts['unexplained']} unexplained "
          f"difference" + (f", {counts['known']} KNOWN FAILURES" if counts["known"] else "")
          + (f", {counts['stale']} STALE ENTRIES" if counts["stale"] else "")
          + f" (Django {django_seconds:.1f}s, glassbox {glassbox_seconds:.1f}s)")
    if known:
        print("\n!!! KNOWN FAILURES, not yet implemented in glassbox (differences.py):")
        for name in known:
            print(f"!!!   {name}: {differences.KNOWN_FAILURES[name]}")
    if unexplained:
        print("\nunexplained: " + " ".join(unexplained))
    if options.write_failing:
        write_failing(options.write_failing, unexplained, django_results, glassbox_results)
    print()
    tutorial_passed = run_tutorial(options.glassbox)
    if not tutorial_passed and "tutorial" in differences.KNOWN_FAILURES:
        print(f"!!! KNOWN FAILURE: the tutorial: {differences.KNOWN_FAILURES['tutorial']}")
        tutorial_passed = True
    migrations_passed = run_migrations(options.glassbox)
    if counts["unexplained"] or counts["stale"] or not tutorial_passed or not migrations_passed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
