"""glassbox.db: a database, and an ORM shaped like Django's on top of it.

Read it in this order:

1. `connection`           the connection: runs SQL, remembers it, writes it into the request's
                          trace, and spots N+1 queries
2. `models.fields`        what a column is: a Python value on one side, SQL on the other
3. `models.related`       ForeignKey: book.author, book.author_id and author.book_set
4. `models.base`          `Model`: a class becomes a table, an instance a row
5. `models.manager`       `Book.objects`, where queries start
6. `schema`               CREATE TABLE from a model, and ALTER TABLE for a new field
7. `models.expressions`   `Q` (conditions to combine), `F` (a column in a query), aggregates,
                          Case/When, Subquery/OuterRef/Exists (and `models.functions`)
8. `models.lookups`       `title__startswith="D"` becomes `"book"."title" GLOB ?`;
                          `pub_date__year=2024` a range of dates
9. `models.sql`           the query as data, before it becomes SQL
10. `models.compiler`     the query as SQL: joins, WHERE, GROUP BY, ORDER BY, LIMIT
11. `models.query`        `QuerySet`: lazy, chainable, cached
12. `models.prefetch`     prefetch_related: one extra query instead of one per row
13. `models.deletion`     what deleting a row does to the rows that point at it
14. `models.signals`      functions called before and after save and delete
15. `transaction`         atomic() blocks, savepoints, on_commit, and the error that spoils
                          a block
16. `models.many_to_many` ManyToManyField: book.authors, through a join table made for you
17. `notify`             LISTEN/NOTIFY: a message to every listening connection, at COMMIT

The database's errors have their DB-API names here, as in `django.db`: `IntegrityError`,
`OperationalError`, ... (`exceptions`), raised from sqlite3's own.

`connection` below is the database the models use unless told otherwise (an in-memory SQLite,
empty at start). An application uses it too, so a view's queries appear in the request's trace:

    >>> from glassbox.db import connection
    >>> connection.execute("SELECT 1").fetchall()
    [(1,)]
"""

from glassbox.db.connection import Connection
from glassbox.db.exceptions import (DatabaseError, DataError, Error,  # noqa: F401
                                    FieldError, IntegrityError, InterfaceError, InternalError,
                                    MultipleObjectsReturned, NotSupportedError,
                                    ObjectDoesNotExist, OperationalError, ProgrammingError,
                                    ProtectedError, TransactionManagementError, ValidationError)

# The default database: what models query and what an application traces.
connection = Connection(":memory:")
