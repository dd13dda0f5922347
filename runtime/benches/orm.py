"""How much does the ORM cost? glassbox.db against the same jobs done with raw sqlite3 calls.

Both sides use the same SQLite, the same schema and the same data; each job is done once with
models and QuerySets, once with `sqlite3` and hand-written SQL:

- inserts:   10,000 books saved in one transaction (`Book.objects.create` inside `atomic()`,
             against `INSERT` statements between BEGIN and COMMIT);
- lookups:   1,000 books fetched by primary key (`Book.objects.get(pk=...)`, against
             `SELECT ... WHERE id = ?` and `fetchone()`);
- N+1:       200 books, each asked for `book.author.name`: one query for the books, then one
             per book for its author (the raw side does the same 1 + 200 queries);
- select_related: the same 200 names with one JOIN (`select_related("author")`).

The ORM's extra time is Python work: building the SQL from a Query, turning rows into objects,
and recording every statement in `connection.queries`. The last line compares the N+1 loop with
its select_related version, the cure the trace suggests.

Run natively with `glassbox run runtime/benches/orm.py`, or paste it into the browser. Browsers
coarsen their clock (Chromium: 0.1 ms steps), so whole loops are timed, never one operation.
"""


import sqlite3

from glassbox import db
from glassbox.db import transaction
from glassbox.db.models import CASCADE, CharField, ForeignKey, IntegerField, Model
from glassbox.db.schema import create_tables

import timing

INSERTS = 10_000
LOOKUPS = 1_000
LOOP_BOOKS = 200
AUTHORS = 20
ROUNDS = 3  # the short jobs run this many times; the median counts


class BenchAuthor(Model):
    name = CharField(max_length=50)

    class Meta:
        db_table = "author"


class BenchBook(Model):
    title = CharField(max_length=100)
    pages = IntegerField()
    author = ForeignKey(BenchAuthor, on_delete=CASCADE)

    class Meta:
        db_table = "book"


def report(label, orm_ms, raw_ms):
    print(f"{label}: orm {orm_ms:.1f} ms, raw {raw_ms:.1f} ms, ratio {orm_ms / raw_ms:.1f}x")


# ---- setting up both databases ----------------------------------------------------------------

def orm_setup():
    """An empty default database with the two tables, and the authors."""
    db.connection.reset()
    create_tables(db.connection, [BenchAuthor, BenchBook])
    with transaction.atomic():
        for number in range(AUTHORS):
            BenchAuthor.objects.create(name=f"Author {number}")


def raw_setup():
    """A second database, same tables (the SQL the ORM made), same authors."""
    raw = sqlite3.connect(":memory:", isolation_level=None)
    raw.execute("PRAGMA foreign_keys = ON")
    for sql in create_tables_sql():
        raw.execute(sql)
    raw.execute("BEGIN")
    for number in range(AUTHORS):
        raw.execute('INSERT INTO "author" ("name") VALUES (?)', [f"Author {number}"])
    raw.execute("COMMIT")
    return raw


def create_tables_sql():
    from glassbox.db.schema import sql_create, sql_indexes

    return [sql_create(BenchAuthor), sql_create(BenchBook), *sql_indexes(BenchBook)]


def author_of(number):
    return number % AUTHORS + 1


# ---- the jobs ---------------------------------------------------------------------------------

def orm_inserts():
    authors = {author.pk: author for author in BenchAuthor.objects.all()}
    with transaction.atomic():
        for number in range(INSERTS):
            BenchBook.objects.create(title=f"Book {number}", pages=number % 700,
                                     author=authors[author_of(number)])


def raw_inserts(raw):
    raw.execute("BEGIN")
    for number in range(INSERTS):
        raw.execute('INSERT INTO "book" ("title", "pages", "author_id") VALUES (?, ?, ?)',
                    [f"Book {number}", number % 700, author_of(number)])
    raw.execute("COMMIT")


def orm_lookups():
    for pk in range(1, LOOKUPS + 1):
        BenchBook.objects.get(pk=pk).title


def raw_lookups(raw):
    for pk in range(1, LOOKUPS + 1):
        raw.execute('SELECT "id", "title", "pages", "author_id" FROM "book" WHERE "id" = ?',
                    [pk]).fetchone()[1]


def orm_n_plus_one():
    return [book.author.name for book in BenchBook.objects.order_by("id")[:LOOP_BOOKS]]


def raw_n_plus_one(raw):
    books = raw.execute('SELECT "id", "title", "author_id" FROM "book" ORDER BY "id" LIMIT ?',
                        [LOOP_BOOKS]).fetchall()
    return [raw.execute('SELECT "id", "name" FROM "author" WHERE "id" = ?',
                        [author_id]).fetchone()[1] for _id, _title, author_id in books]


def orm_select_related():
    books = BenchBook.objects.select_related("author").order_by("id")[:LOOP_BOOKS]
    return [book.author.name for book in books]


def raw_select_related(raw):
    rows = raw.execute('SELECT "book"."id", "book"."title", "author"."name" FROM "book" '
                       'INNER JOIN "author" ON ("book"."author_id" = "author"."id") '
                       'ORDER BY "book"."id" LIMIT ?', [LOOP_BOOKS]).fetchall()
    return [name for _id, _title, name in rows]


def main():
    orm_setup()
    raw = raw_setup()

    orm = timing.median_ms(orm_inserts, 1, warmup=0)
    raw_ms = timing.median_ms(lambda: raw_inserts(raw), 1, warmup=0)
    count = BenchBook.objects.count()
    if count != INSERTS or raw.execute('SELECT COUNT(*) FROM "book"').fetchone()[0] != INSERTS:
        raise AssertionError(f"Both sides must have {INSERTS} books; the ORM has {count}.")
    report(f"inserts ({INSERTS:,} in one transaction)", orm, raw_ms)

    report(f"lookups ({LOOKUPS:,} by primary key)", timing.median_ms(orm_lookups, ROUNDS, warmup=0),
           timing.median_ms(lambda: raw_lookups(raw), ROUNDS, warmup=0))

    if orm_n_plus_one() != raw_n_plus_one(raw) or orm_select_related() != raw_n_plus_one(raw):
        raise AssertionError("Both sides must read the same author names.")
    n_plus_one = timing.median_ms(orm_n_plus_one, ROUNDS, warmup=0)
    report(f"N+1 loop ({LOOP_BOOKS} books, book.author.name: {LOOP_BOOKS + 1} queries)",
           n_plus_one, timing.median_ms(lambda: raw_n_plus_one(raw), ROUNDS, warmup=0))
    joined = timing.median_ms(orm_select_related, ROUNDS, warmup=0)
    report(f"select_related ({LOOP_BOOKS} books, the same names with 1 JOIN)",
           joined, timing.median_ms(lambda: raw_select_related(raw), ROUNDS, warmup=0))
    print(f"N+1 against select_related, both through the ORM: {n_plus_one:.1f} ms against "
          f"{joined:.1f} ms, {n_plus_one / joined:.1f}x slower")
    raw.close()
    db.connection.reset()


main()
