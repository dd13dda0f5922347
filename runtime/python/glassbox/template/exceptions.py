"""What can go wrong with templates: a mistake in one, or one that cannot be found."""


class TemplateSyntaxError(Exception):
    """A template is written wrongly; the message names the template and line."""

    def __init__(self, message, template_name=None, line=None):
        self.template_name = template_name
        self.line = line
        self.bare_message = message
        where = f"In template {template_name!r}" if template_name else "In a template"
        if line:
            where += f", line {line}"
        super().__init__(f"{where}: {message}")


class TemplateDoesNotExist(Exception):
    """No template has the name asked for."""


class VariableDoesNotExist(Exception):
    pass
