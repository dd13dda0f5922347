"""The context: the names a template can see while it renders."""


class Context:
    """The names a template can see. Inner scopes (a loop body) are pushed on top."""

    def __init__(self, values=None, autoescape=True):
        self.stack = [dict(values or {})]
        self.autoescape = autoescape
        self.render_state = {}  # per-render bookkeeping: blocks of {% extends %}, include depth

    def __getitem__(self, name):
        for scope in reversed(self.stack):
            if name in scope:
                return scope[name]
        raise KeyError(name)

    def __contains__(self, name):
        return any(name in scope for scope in self.stack)

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def push(self, values=None):
        self.stack.append(dict(values or {}))
        return self.stack[-1]

    def pop(self):
        return self.stack.pop()

    def flatten(self):
        merged = {}
        for scope in self.stack:
            merged.update(scope)
        return merged
