"""glassbox.db: a database, and an ORM shaped like Django's on top of it.

Read it in this order:

1. `glassbox.db.connection`         the connection: runs SQL, remembers it, writes it into the
                                    request's trace
2. `glassbox.db.models.fields`      what a column is: a Python value on one side, SQL on the other
3. `glassbox.db.models.base`        `Model`: a class becomes a table, an instance a row
4. `glassbox.db.schema`             CREATE TABLE from a model, and ALTER TABLE for a new field
5. `glassbox.db.models.expressions` `Q` (conditions to combine) and `F` (a column in a query)
6. `glassbox.db.models.lookups`     `title__startswith="D"` becomes `"title" GLOB ?`
7. `glassbox.db.models.sql`         the query as data, and the compiler that turns it into SQL
8. `glassbox.db.models.query`       `QuerySet`: lazy, chainable, cached
9. `glassbox.db.models.deletion`    what deleting a row does to the rows that point at it
10. `glassbox.db.transaction`       atomic() blocks, savepoints and on_commit

`connection` below is the database the models use unless told otherwise (an in-memory SQLite,
empty at start). An application uses it too, so a view's queries appear in the request's trace:

    >>> from glassbox.db import connection
    >>> connection.execute("SELECT 1").fetchall()
    [(1,)]
"""

from glassbox.db.connection import Connection
from glassbox.db.exceptions import (FieldError, MultipleObjectsReturned,  # noqa: F401
                                    ObjectDoesNotExist, ProtectedError, ValidationError)

# The default database: what models query and what an application traces.
connection = Connection(":memory:")
