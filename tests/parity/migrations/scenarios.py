"""Migration scenarios, written once for Django's migrations and glassbox.db.migrations.

Each scenario starts from the table `Person` (name, age) holding two rows (Linus has no age),
then applies its operations. `m` has the framework's `models` and its migration operations
(m.AddField, m.RunPython, ...). Compared: whether the table was rebuilt (a "new__" table in
the SQL), its columns afterwards (name, type, NOT NULL, primary key), its rows, or the error.
"""

import uuid

SCENARIOS = []


def scenario(function):
    SCENARIOS.append((function.__name__, function))
    return function


def initial(m):
    return [m.CreateModel("Person", [
        ("id", m.models.AutoField(primary_key=True)),
        ("name", m.models.CharField(max_length=50)),
        ("age", m.models.IntegerField(null=True)),
    ])]


ROWS = [("Ada", 36), ("Linus", None)]


@scenario
def add_nullable(m):
    return [m.AddField("Person", "nickname", m.models.CharField(max_length=20, null=True))]


@scenario
def add_with_default(m):
    return [m.AddField("Person", "score", m.models.IntegerField(default=7))]


@scenario
def add_unique_nullable(m):
    return [m.AddField("Person", "email", m.models.CharField(max_length=50, null=True,
                                                             unique=True))]


@scenario
def add_not_null_string_default(m):
    return [m.AddField("Person", "city", m.models.CharField(max_length=30, default="Paris"))]


@scenario
def add_unique_uuid_default_once(m):
    # The default is computed once for the existing rows: both get the same UUID, and UNIQUE
    # refuses it (Django's docs: "Migrations that add unique fields").
    return [m.AddField("Person", "token", m.models.UUIDField(default=uuid.uuid4, unique=True))]


@scenario
def add_uuid_nullable_then_fill(m):
    def fill(apps, _editor):
        Person = apps.get_model("mig", "Person")
        for person in Person.objects.all():
            person.token = uuid.UUID(int=person.pk)
            person.save()

    return [
        m.AddField("Person", "token", m.models.UUIDField(null=True)),
        m.RunPython(fill, m.RunPython.noop),
        m.AlterField("Person", "token", m.models.UUIDField(unique=True)),
    ]


@scenario
def rename(m):
    return [m.RenameField("Person", "name", "full_name")]


@scenario
def remove_plain(m):
    return [m.RemoveField("Person", "age")]


@scenario
def alter_to_not_null_with_default(m):
    return [m.AlterField("Person", "age", m.models.IntegerField(default=0))]


@scenario
def alter_to_not_null_without_default(m):
    return [m.AlterField("Person", "age", m.models.IntegerField())]


@scenario
def add_foreign_key(m):
    return [
        m.CreateModel("Team", [("id", m.models.AutoField(primary_key=True)),
                               ("name", m.models.CharField(max_length=30))]),
        m.AddField("Person", "team", m.models.ForeignKey("mig.Team", null=True,
                                                         on_delete=m.models.SET_NULL)),
    ]


def uppercase_nicknames(apps, _editor):
    Person = apps.get_model("mig", "Person")
    for person in Person.objects.all():
        person.nickname = person.name.upper()
        person.save()


@scenario
def data_migration(m):
    return [
        m.AddField("Person", "nickname", m.models.CharField(max_length=20, null=True)),
        m.RunPython(uppercase_nicknames, m.RunPython.noop),
    ]


@scenario
def expand_then_contract(m):
    return [
        m.AddField("Person", "nickname", m.models.CharField(max_length=20, null=True)),
        m.RunPython(uppercase_nicknames, m.RunPython.noop),
        m.AlterField("Person", "nickname", m.models.CharField(max_length=20)),
        m.RemoveField("Person", "name"),
    ]
