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

`contains` is case-sensitive, as on PostgreSQL and in Django's documentation; Django itself on
SQLite uses LIKE there, which ignores case. glassbox keeps the documented meaning, with GLOB.

An empty `__in` list matches nothing: there is nothing to ask the database, so the lookup
raises EmptyResultSet and the QuerySet answers "no rows" without a query (as Django does).

*Transforms* come before the lookup and change the column: `pub_date__year=2024`,
`pub_date__month__gte=6`, `pub_date__date=date(2024, 5, 1)` (see TRANSFORMS below). Dates are
stored as ISO text, so the year of a date is `strftime('%Y', ...)`; but `__year` compared with a
number becomes a range of the column itself, `BETWEEN '2024-01-01' AND '2024-12-31'`, which an
index on the column can serve:

    >>> year_lookup('"q"."pub_date"', "gte", 2024, with_time=False)
    ('"q"."pub_date" >= ?', ['2024-01-01'])
"""

from glassbox.db.exceptions import EmptyResultSet


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
        raise EmptyResultSet(f"{column} IN () matches no row: no query is needed.")
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


def extract(code, plus=0):
    """A part of a date stored as text, as a number: CAST(strftime('%m', column) AS integer)."""
    def transform(column):
        sql = f"CAST(strftime('{code}', {column}) AS integer)"
        return f"({sql} + {plus})" if plus else sql
    return transform


# name -> (how the column becomes SQL, the kind of value it gives: "integer" or "date")
TRANSFORMS = {
    "year": (extract("%Y"), "integer"),
    "month": (extract("%m"), "integer"),
    "day": (extract("%d"), "integer"),
    "week_day": (extract("%w", plus=1), "integer"),    # 1 is Sunday, 7 Saturday, as Django
    "iso_week_day": (extract("%u"), "integer"),        # 1 is Monday, 7 Sunday
    "quarter": (lambda column: f"((CAST(strftime('%m', {column}) AS integer) + 2) / 3)",
                "integer"),
    "hour": (extract("%H"), "integer"),
    "minute": (extract("%M"), "integer"),
    "second": (extract("%S"), "integer"),
    "date": (lambda column: f"date({column})", "date"),
}


def year_lookup(column, lookup, year, with_time):
    """`__year` compared with a number, as a range of the column (see the module docstring)."""
    first, last = f"{int(year):04d}-01-01", f"{int(year):04d}-12-31"
    if with_time:
        first, last = f"{first} 00:00:00", f"{last} 23:59:59.999999"
    if lookup == "exact":
        return f"{column} BETWEEN ? AND ?", [first, last]
    operator = OPERATORS_FOR_YEAR[lookup]
    return f"{column} {operator} ?", [first if lookup in ("gte", "lt") else last]


OPERATORS_FOR_YEAR = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
