"""Filters: small functions that change a value on its way into the page.

`{{ name|upper }}` calls `upper(name)`; `{{ name|default:"guest" }}` calls
`default(name, "guest")`. `FILTERS` maps each name to its function; an engine starts from a
copy of it, and `Engine.register_filter()` adds your own.
"""

import datetime

from glassbox.template.safestring import SafeString, escape, mark_safe


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def format_date(value, format_string="N j, Y"):
    """Format a date with Django's letters: Y 2026, m 03, n 3, d 07, j 7, F March, N Mar.,
    M Mar, D Mon, l Monday, H 14, i 05, s 09, G 14; a backslash escapes a letter.

    >>> format_date(datetime.date(2026, 3, 7), "j F Y")
    '7 March 2026'
    """
    if not isinstance(value, (datetime.date, datetime.datetime)):
        return ""
    hour = getattr(value, "hour", 0)
    parts = {
        "Y": f"{value.year:04d}", "y": f"{value.year % 100:02d}",
        "m": f"{value.month:02d}", "n": str(value.month),
        "d": f"{value.day:02d}", "j": str(value.day),
        "F": MONTHS[value.month - 1], "M": MONTHS[value.month - 1][:3],
        "N": MONTHS[value.month - 1][:3] + ("." if len(MONTHS[value.month - 1]) > 4 else ""),
        "D": DAYS[value.weekday()][:3], "l": DAYS[value.weekday()],
        "H": f"{hour:02d}", "G": str(hour),
        "i": f"{getattr(value, 'minute', 0):02d}", "s": f"{getattr(value, 'second', 0):02d}",
    }
    result, escaped = [], False
    for character in format_string:
        if escaped:
            result.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        else:
            result.append(parts.get(character, character))
    return "".join(result)


def filter_default(value, argument):
    """The argument when the value is false (empty, None, 0): {{ name|default:"guest" }}."""
    return value if value else argument


def filter_join(value, argument):
    """Join a list with the argument, escaping the items: {{ tags|join:", " }}."""
    return SafeString(escape(argument).join(escape(item) for item in value))


def filter_length(value):
    try:
        return len(value)
    except TypeError:
        return 0


FILTERS = {
    "escape": escape,
    "safe": mark_safe,
    "upper": lambda value: str(value).upper(),
    "lower": lambda value: str(value).lower(),
    "title": lambda value: str(value).title(),
    "default": filter_default,
    "length": filter_length,
    "date": lambda value, argument="N j, Y": format_date(value, argument),
    "join": filter_join,
    "add": lambda value, argument: value + argument,
    "pluralize": lambda value, argument="s": "" if value == 1 else argument,
}
