"""Every difference between Django and glassbox that the parity suite accepts, in one place.

INTENDED: cases where glassbox answers differently on purpose, each with its reason. Most
entries say exactly how far the difference may go:

- `Queries(n, reason)`: the same result, and glassbox runs n more statements;
- `Queries(None, reason)`: the same result, any number of statements;
- `Anything(reason)`: the result may differ too (the reason says how).

An entry whose case has come to match Django fails the suite, so this list stays true.

KNOWN_FAILURES: bugs and missing features not fixed yet (reason: "not yet implemented"). The
suite passes with them but prints them loudly. The goal is an empty dict.
"""


class Queries:
    def __init__(self, extra, reason):
        self.extra, self.reason = extra, reason

    def accepts(self, django, glassbox):
        if "value" not in django or "value" not in glassbox:
            same = (django.get("error"), django.get("message")) == \
                (glassbox.get("error"), glassbox.get("message"))
        else:
            same = django["value"] == glassbox["value"]
        extra = glassbox["queries"] - django["queries"]
        return same and (extra == self.extra if self.extra is not None else extra != 0)


class Anything:
    def __init__(self, reason):
        self.reason = reason

    def accepts(self, django, glassbox):
        return True


COLLECTOR = ("glassbox's delete collector SELECTs the rows of every table a cascade or SET_NULL "
             "reaches before changing them, so the trace shows what is about to go; Django "
             "deletes rows nobody listens to with a DELETE ... WHERE ... IN, without a SELECT")
ASKS_FIRST = ("glassbox's many-to-many add() SELECTs the pairs already linked, then INSERTs the "
              "others (a step the learner can read); Django sends one INSERT ... ON CONFLICT DO "
              "NOTHING")

PREFETCH_M2M = ("glassbox prefetches a many-to-many in two queries, the join table's pairs and "
                "then the objects, each readable on its own; Django joins them in one")
REFUSED = ("inside a broken atomic() block, Django's debug cursor logs the statement it then "
           "refuses to send (TransactionManagementError) in connection.queries; glassbox lists "
           "only statements that reached the database")

INTENDED = {
    "lookup_contains_other_case": Anything(
        "contains is case-sensitive in glassbox (GLOB, as on PostgreSQL and in Django's docs); "
        "on SQLite Django's contains uses LIKE, which ignores the case of ASCII letters"),
    "delete_returns": Anything(
        "delete() counts per model name ('Choice'), Django per app label and model "
        "('polls.Choice'): glassbox has no apps; also " + COLLECTOR),
    "delete_total": Queries(None, COLLECTOR),
    "delete_cascade_leaves": Queries(None, COLLECTOR),
    "delete_set_null": Queries(None, COLLECTOR),
    "m2m_delete_cascades_join_rows": Queries(None, COLLECTOR),
    "related_manager_delete_filtered": Queries(None, COLLECTOR),
    "m2m_add": Queries(1, ASKS_FIRST),
    "m2m_add_by_id": Queries(1, ASKS_FIRST),
    "m2m_create": Queries(1, ASKS_FIRST),
    "m2m_reverse_add": Queries(1, ASKS_FIRST),
    "m2m_set": Queries(1, ASKS_FIRST + "; set() removes, then add()s the rest, which asks too"),
    "m2m_set_ids": Queries(1, ASKS_FIRST + "; set() removes, then add()s the rest, which asks "
                           "too"),
    "atomic_integrity_error_then_query": Queries(-1, REFUSED),
    "atomic_integrity_error_rolls_back_block": Queries(-1, REFUSED),
    "related_prefetch_m2m": Queries(1, PREFETCH_M2M),
    "related_prefetch_m2m_reverse": Queries(1, PREFETCH_M2M),
    "related_prefetch_and_select": Queries(1, PREFETCH_M2M),
}

# The migration scenarios (migrations/scenarios.py): "name:apply" or "name:unapply" -> reason.
MIGRATIONS_INTENDED = {
    "expand_then_contract:unapply": (
        "undoing RemoveField of a NOT NULL column without a default: glassbox refuses before "
        "touching the table (FieldError: the rows need a value); Django rebuilds the table with "
        "NULL in that column and SQLite refuses (IntegrityError)"),
}

KNOWN_FAILURES = {
}
