"""Templates: HTML with holes, filled from a context.

    <h1>{{ question.text|upper }}</h1>
    {% for choice in choices %}<li>{{ choice.text }}</li>{% empty %}<li>No choices</li>{% endfor %}

Rendering happens in three steps, the way Django does it, each in its own module:

1. **Lexing** (`lexer.py`) cuts the source into tokens: plain text, `{{ variable }}`,
   `{% tag %}` and `{# comment #}`, each remembering its line number for error messages.
2. **Parsing** (`parser.py`) turns the tokens into a tree of nodes (`nodes.py`): a `ForNode`
   holds the nodes of its body, an `IfNode` the nodes of each branch. Mistakes (an `{% if %}`
   never closed, an unknown filter) raise `TemplateSyntaxError` naming the template and line.
3. **Rendering** walks the tree with a `Context` (`context.py`, a stack of dicts) and joins
   the text.

Around them: `expressions.py` reads `question.text|upper`, `filters.py` holds the filters,
`conditions.py` reads the conditions of `{% if %}`, `safestring.py` decides what is escaped,
and `engine.py` keeps the templates by name.

Values are escaped by default (`<` becomes `&lt;`), so text from users cannot inject HTML;
mark trusted HTML with the `safe` filter or `mark_safe()`. `{% extends %}` and `{% block %}`
let a page fill in the blocks of a base layout; `{% include %}` renders another template in
place; `{% url "polls:detail" 7 %}` builds a path with the application's `reverse()`.
Templates come from a dict of name -> source, since the browser has no file system:

    >>> engine = Engine({"hello.html": "Hello {{ name|default:'you' }}!"})
    >>> engine.render_to_string("hello.html", {"name": "<Ada>"})
    'Hello &lt;Ada&gt;!'
"""

from glassbox.template.context import Context
from glassbox.template.engine import Engine, Template
from glassbox.template.exceptions import (TemplateDoesNotExist, TemplateSyntaxError,
                                          VariableDoesNotExist)
from glassbox.template.filters import FILTERS, format_date
from glassbox.template.lexer import Token, tokenize
from glassbox.template.safestring import SafeString, escape, mark_safe

__all__ = ["Context", "Engine", "FILTERS", "SafeString", "Template", "TemplateDoesNotExist",
           "TemplateSyntaxError", "Token", "VariableDoesNotExist", "escape", "format_date",
           "mark_safe", "tokenize"]
