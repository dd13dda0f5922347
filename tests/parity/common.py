"""What both sides of the parity suite share: the models, the data, and the loop that runs
the cases. This file runs in CPython (beside Django) and in glassbox's RustPython, so it uses
only the standard library and whatever each side passes in.

Each side builds a namespace `m` (the models, Q, F, Count, transaction, ...) from its own
framework, then calls `run_cases(m, side)`; the result is JSON, compared by run.py.
"""

import datetime
import uuid

# Statements that only open or close transactions are left out of the query counts: Django wraps
# some of its own work in atomic() (a many-to-many add() or set(), get_or_create's SAVEPOINT),
# glassbox does not, and which transaction a statement ran in is compared by the results (the
# transaction cases) rather than by counting BEGINs.
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END")


def define_models(models, Base):
    """The scenario's models, declared once with either framework's `models` module.

    `Base` carries what only one side needs in every Meta (Django's app_label)."""

    class Tag(models.Model):
        name = models.CharField(max_length=50, unique=True)

        class Meta(Base):
            db_table = "tag"

        def __str__(self):
            return self.name

    class Question(models.Model):
        question_text = models.CharField(max_length=200)
        pub_date = models.DateTimeField("date published")
        tags = models.ManyToManyField(Tag)

        class Meta(Base):
            db_table = "question"

        def __str__(self):
            return self.question_text

    class Choice(models.Model):
        question = models.ForeignKey(Question, on_delete=models.CASCADE)
        choice_text = models.CharField(max_length=200)
        votes = models.IntegerField(default=0)

        class Meta(Base):
            db_table = "choice"

        def __str__(self):
            return self.choice_text

    class Person(models.Model):
        name = models.CharField(max_length=100, unique=True)
        age = models.IntegerField(null=True)
        birth_date = models.DateField(null=True)
        mentor = models.ForeignKey("self", null=True, on_delete=models.SET_NULL,
                                   related_name="mentees")

        class Meta(Base):
            db_table = "person"
            ordering = ["name"]

        def __str__(self):
            return self.name

    found = {"Tag": Tag, "Question": Question, "Choice": Choice, "Person": Person}

    # Fields H3a is adding to glassbox: defined only where the framework has them, so a
    # missing one fails its own cases and not the whole suite.
    if hasattr(models, "UUIDField"):
        class Ticket(models.Model):
            id = models.UUIDField(primary_key=True, default=uuid.uuid4)
            title = models.CharField(max_length=100)

            class Meta(Base):
                db_table = "ticket"

        found["Ticket"] = Ticket

    try:
        class Code(models.Model):
            code = models.CharField(max_length=10, primary_key=True)
            label = models.CharField(max_length=100)

            class Meta(Base):
                db_table = "code"

        found["Code"] = Code
    except Exception:  # noqa: BLE001 - a framework without primary_key=True
        pass
    return found


def dt(*parts):
    return datetime.datetime(*parts)


# The data every case starts from: (model name, {column: value}); ids are given, so both
# databases hold exactly the same rows. Question 5 has no choices, tag 4 no questions.
FIXTURE = [
    ("Tag", {"id": 1, "name": "python"}),
    ("Tag", {"id": 2, "name": "django"}),
    ("Tag", {"id": 3, "name": "sql"}),
    ("Tag", {"id": 4, "name": "unused"}),
    ("Question", {"id": 1, "question_text": "What's new?", "pub_date": dt(2025, 1, 15, 10, 30)}),
    ("Question", {"id": 2, "question_text": "What's up?", "pub_date": dt(2025, 3, 2, 8, 0)}),
    ("Question", {"id": 3, "question_text": "Favourite colour?",
                  "pub_date": dt(2024, 12, 31, 23, 59, 59)}),
    ("Question", {"id": 4, "question_text": "Best framework?",
                  "pub_date": dt(2025, 3, 20, 14, 15)}),
    ("Question", {"id": 5, "question_text": "No choices here?", "pub_date": dt(2023, 6, 10, 9, 0)}),
    ("Choice", {"id": 1, "question_id": 1, "choice_text": "Not much", "votes": 3}),
    ("Choice", {"id": 2, "question_id": 1, "choice_text": "The sky", "votes": 7}),
    ("Choice", {"id": 3, "question_id": 1, "choice_text": "Just hacking again", "votes": 0}),
    ("Choice", {"id": 4, "question_id": 2, "choice_text": "Nothing", "votes": 7}),
    ("Choice", {"id": 5, "question_id": 2, "choice_text": "Everything", "votes": 2}),
    ("Choice", {"id": 6, "question_id": 3, "choice_text": "Blue", "votes": 5}),
    ("Choice", {"id": 7, "question_id": 3, "choice_text": "Green", "votes": 5}),
    ("Choice", {"id": 8, "question_id": 3, "choice_text": "Red", "votes": 1}),
    ("Choice", {"id": 9, "question_id": 4, "choice_text": "Django", "votes": 10}),
    ("Choice", {"id": 10, "question_id": 4, "choice_text": "Flask", "votes": 4}),
    ("Person", {"id": 1, "name": "Ada", "age": 36, "birth_date": datetime.date(1815, 12, 10),
                "mentor_id": None}),
    ("Person", {"id": 2, "name": "Grace", "age": 85, "birth_date": datetime.date(1906, 12, 9),
                "mentor_id": 1}),
    ("Person", {"id": 3, "name": "Linus", "age": None, "birth_date": None, "mentor_id": 1}),
    ("Person", {"id": 4, "name": "Guido", "age": 69, "birth_date": datetime.date(1956, 1, 31),
                "mentor_id": 2}),
    ("Person", {"id": 5, "name": "Alan", "age": 41, "birth_date": datetime.date(1912, 6, 23),
                "mentor_id": None}),
]
QUESTION_TAGS = [(1, 1), (1, 2), (2, 1), (3, 3), (4, 1), (4, 2), (4, 3)]


def sql_value(value):
    """A fixture value as both frameworks store it in SQLite."""
    if isinstance(value, datetime.datetime):
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def load_fixture(execute, found, through):
    """Empty every table and insert FIXTURE with `execute(sql, params)`, which must bypass the
    recorded queries. `through` is the join table model of Question.tags."""
    tables = [model._meta.db_table for model in found.values()] + [through._meta.db_table]
    execute("PRAGMA foreign_keys = OFF", [])
    for table in tables:
        execute(f'DELETE FROM "{table}"', [])
    for name, row in FIXTURE:
        table = found[name]._meta.db_table
        columns = ", ".join(f'"{column}"' for column in row)
        marks = ", ".join("?" for _ in row)
        execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
                [sql_value(value) for value in row.values()])
    source, target = [field.column for field in through._meta.fields[1:3]]
    for number, (question, tag) in enumerate(QUESTION_TAGS, 1):
        execute(f'INSERT INTO "{through._meta.db_table}" (id, "{source}", "{target}") '
                'VALUES (?, ?, ?)', [number, question, tag])
    execute("PRAGMA foreign_keys = ON", [])


def normalise(value):
    """A result as JSON: objects become "Model:pk", querysets lists, dates ISO strings."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(key): normalise(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((normalise(item) for item in value), key=repr)
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        # "Question:1", and what the object holds: a wrong column would show here.
        values = {field.attname: normalise(getattr(value, field.attname))
                  for field in type(value)._meta.fields}
        return [f"{type(value).__name__}:{normalise(value.pk)}", values]
    if type(value).__name__ == "Decimal":
        return str(value)
    if hasattr(value, "__iter__"):
        return [normalise(item) for item in value]
    return f"<{type(value).__name__}>"


def run_cases(m, cases, side):
    """Run each case on fresh data; return {name: outcome} with value or error, and queries.

    `side` gives reset() (fresh data), queries() (the statements recorded so far, as text) and
    clear_queries()."""
    results = {}
    for name, function in cases:
        side.reset()
        side.clear_queries()
        try:
            outcome = {"value": normalise(function(m))}
        except Exception as error:  # noqa: BLE001 - an exception is a result to compare
            outcome = {"error": type(error).__name__, "message": str(error)}
        statements = [sql for sql in side.queries()
                      if not sql.lstrip().upper().startswith(CONTROL)]
        outcome["queries"] = len(statements)
        outcome["sql"] = statements[:12]
        results[name] = outcome
    return results


class Missing:
    """Stands in for a name one framework does not have: using it raises NotImplementedError."""

    def __init__(self, name):
        self.name = name

    def fail(self, *args, **kwargs):
        raise NotImplementedError(f"this framework has no {self.name}")

    __call__ = fail

    def __getattr__(self, attribute):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        self.fail()


def namespace(values):
    """An object whose attributes are `values` (what a case calls `m`)."""
    class Namespace:
        pass

    space = Namespace()
    for key, value in values.items():
        setattr(space, key, value)
    return space
