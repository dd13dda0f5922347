"""Safe strings: how autoescaping knows which text is already HTML.

Every value a template shows is escaped (`<` becomes `&lt;`), unless it is a `SafeString`:
text marked as trusted HTML with `mark_safe()` or the `safe` filter. Escaping returns a
SafeString too, so nothing is ever escaped twice.
"""

import html


class SafeString(str):
    """A str known to be HTML already: autoescaping leaves it alone."""

    def __html__(self):
        return self


def mark_safe(text):
    """Promise that `text` is safe HTML. Only do this for text you wrote, never user input."""
    return text if isinstance(text, SafeString) else SafeString(text)


def escape(value):
    """Escape & < > " ' for HTML, unless the value is already safe.

    >>> escape("<b>Tom & Jerry</b>")
    '&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;'
    """
    if hasattr(value, "__html__"):
        return SafeString(value.__html__())
    return SafeString(html.escape(str(value), quote=True))
