"""`Row`: a row you can read by position or by column name.

Set `connection.row_factory = sqlite3.Row` and every fetched row becomes one:

    >>> import sqlite3
    >>> con = sqlite3.connect(":memory:")
    >>> con.row_factory = sqlite3.Row
    >>> row = con.execute("SELECT 1 AS id, 'Ada' AS name").fetchone()
    >>> row["name"], row[0], row.keys()
    ('Ada', 1, ['id', 'name'])
"""


class Row:
    def __init__(self, cursor, values):
        self._columns = [column[0] for column in cursor.description]
        self._values = tuple(values)

    def keys(self):
        return list(self._columns)

    def __getitem__(self, key):
        if isinstance(key, str):
            folded = key.lower()  # column names match case-insensitively, as in SQL
            for name, value in zip(self._columns, self._values):
                if name.lower() == folded:
                    return value
            raise IndexError(f"No item with that key: {key!r}")
        return self._values[key]

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        return isinstance(other, Row) and (self._columns, self._values) == (other._columns, other._values)

    def __hash__(self):
        return hash((tuple(self._columns), self._values))

    def __repr__(self):
        pairs = ", ".join(f"{name}={value!r}" for name, value in zip(self._columns, self._values))
        return f"<Row {pairs}>"
