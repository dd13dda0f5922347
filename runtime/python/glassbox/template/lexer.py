"""Lexing, the first step: the source of a template becomes a list of tokens.

    "Hi {{ name }}!{% if admin %}*{% endif %}"

becomes the tokens text "Hi ", variable "name", text "!", block "if admin", text "*" and
block "endif", each remembering its line for error messages.
"""

import re

from glassbox.template.exceptions import TemplateSyntaxError

TEXT, VARIABLE, BLOCK, COMMENT = "text", "variable", "block", "comment"
TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})")


class Token:
    def __init__(self, kind, contents, line):
        self.kind = kind
        self.contents = contents
        self.line = line

    def split(self):
        """The words of a tag, keeping quoted strings whole: `include "a b.html"`."""
        return re.findall(r"""(?:[^\s"']|"[^"]*"|'[^']*')+""", self.contents)

    def __repr__(self):
        return f"<{self.kind} token {self.contents!r} line {self.line}>"


def tokenize(source, template_name=None):
    """Cut the source into text, {{ variable }}, {% block %} and {# comment #} tokens."""
    tokens = []
    line = 1
    for index, chunk in enumerate(TAG.split(source)):
        if index % 2 == 0:  # text between tags
            for opener, closer in (("{{", "}}"), ("{%", "%}")):
                if opener in chunk:
                    at = line + chunk[:chunk.index(opener)].count("\n")
                    raise TemplateSyntaxError(f"{opener!r} is never closed with {closer!r} "
                                              "on the same line.", template_name, at)
            if chunk:
                tokens.append(Token(TEXT, chunk, line))
        else:
            kind = {"{{": VARIABLE, "{%": BLOCK, "{#": COMMENT}[chunk[:2]]
            tokens.append(Token(kind, chunk[2:-2].strip(), line))
        line += chunk.count("\n")
    return tokens
