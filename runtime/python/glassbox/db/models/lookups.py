"""Lookups: the part after the double underscore in `filter(title__startswith="D")`.

Each lookup turns (column, value) into a piece of SQL with `?` placeholders and the
parameters to bind to them. The value is *never* written into the SQL text:

    >>> LOOKUPS["startswith"]('"book"."title"', "D*")
    ('"book"."title" GLOB ?', ['D[*]*'])
    >>> LOOKUPS["icontains"]('"book"."title"', "50%")
    ('"book"."title" LIKE ? ESCAPE \\'\\\\\\'', ['%50\\\\%%'])

On SQLite, `LIKE` ignores case (for ASCII letters), so the case-insensitive lookups use LIKE,
and the case-sensitive ones (`contains`, `startswith`, `endswith`) use `GLOB`, whose wildcard
is `*`. Characters that are wildcards in the pattern language are escaped, so that
`contains="50%"` looks for the text "50%", not "50 and anything".
"""


def escape_like(text):
    """Make %, _ and \\ match themselves in a LIKE pattern (with ESCAPE '\\')."""
    return str(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def escape_glob(text):
    """Make *, ? and [ match themselves in a GLOB pattern: each goes inside [ ]."""
    return "".join(f"[{char}]" if char in "*?[" else char for char in str(text))


def exact(column, value):
    if value is None:
        return f"{column} IS NULL", []
    return f"{column} = ?", [value]


def like(pattern):
    return lambda column, value: (f"{column} LIKE ? ESCAPE '\\'",
                                  [pattern.format(escape_like(value))])


def glob(pattern):
    return lambda column, value: (f"{column} GLOB ?", [pattern.format(escape_glob(value))])


def comparison(operator):
    return lambda column, value: (f"{column} {operator} ?", [value])


def in_list(column, values):
    values = list(values)
    if not values:
        return "0 = 1", []  # "IN ()" is not SQL; an empty list matches nothing
    return f"{column} IN ({', '.join('?' for _ in values)})", values


def isnull(column, value):
    if value not in (True, False):
        raise ValueError(f"The isnull lookup takes True or False, not {value!r}.")
    return f"{column} IS {'' if value else 'NOT '}NULL", []


def between(column, values):
    low, high = values
    return f"{column} BETWEEN ? AND ?", [low, high]


LOOKUPS = {
    "exact": exact,
    "iexact": like("{}"),
    "contains": glob("*{}*"),
    "icontains": like("%{}%"),
    "startswith": glob("{}*"),
    "istartswith": like("{}%"),
    "endswith": glob("*{}"),
    "iendswith": like("%{}"),
    "gt": comparison(">"),
    "gte": comparison(">="),
    "lt": comparison("<"),
    "lte": comparison("<="),
    "in": in_list,
    "isnull": isnull,
    "range": between,
}

# Lookups whose right-hand side is a list of values (each converted for the database).
MANY_VALUES = {"in", "range"}
# Lookups whose right-hand side is text, whatever the field.
TEXT_VALUES = {"iexact", "contains", "icontains", "startswith", "istartswith", "endswith",
               "iendswith"}
