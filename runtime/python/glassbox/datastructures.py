"""Containers for the parts of a request that a plain dict cannot hold well.

- `QueryDict`: query strings and form data, where one name may carry several values
  (`?tag=web&tag=python`).
- `Headers`: HTTP headers, whose names are case-insensitive (`content-type` is
  `Content-Type`).

`glassbox.http` uses both; they live here so that module can tell the story of requests and
responses.
"""

import urllib.parse


class QueryDict(dict):
    """A dict of lists for query strings and form data, where a key may repeat.

    `qd["tag"]` gives the *last* value (what a single `<input>` sends); `getlist("tag")` gives
    them all (what checkboxes with the same name send).

    >>> qd = QueryDict("tag=web&tag=python&page=2")
    >>> qd["tag"], qd.getlist("tag"), qd.get("page"), qd.get("missing", "1")
    ('python', ['web', 'python'], '2', '1')
    """

    def __init__(self, query_string=""):
        super().__init__()
        for key, value in urllib.parse.parse_qsl(query_string or "", keep_blank_values=True):
            self.appendlist(key, value)

    @classmethod
    def from_pairs(cls, pairs):
        """Build from (key, value) pairs or from a dict whose values may be lists."""
        query = cls()
        items = pairs.items() if isinstance(pairs, dict) else pairs
        for key, value in items:
            for single in value if isinstance(value, (list, tuple)) else [value]:
                query.appendlist(key, str(single))
        return query

    def __getitem__(self, key):
        values = super().__getitem__(key)
        if not values:
            raise KeyError(key)
        return values[-1]

    def __setitem__(self, key, value):
        super().__setitem__(key, [value])

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def getlist(self, key, default=None):
        """Every value given for `key`, in order (an empty list if there are none)."""
        if key in self:
            return list(super().__getitem__(key))
        return [] if default is None else default

    def setlist(self, key, values):
        super().__setitem__(key, list(values))

    def appendlist(self, key, value):
        super().setdefault(key, []).append(value)

    def items(self):
        """(key, last value) pairs, like a plain dict of single values."""
        return [(key, self[key]) for key in self]

    def lists(self):
        """(key, list of values) pairs."""
        return [(key, self.getlist(key)) for key in self]

    def values(self):
        return [self[key] for key in self]

    def dict(self):
        """A plain dict of the last value for each key."""
        return dict(self.items())

    def urlencode(self):
        """Back to a query string: `tag=web&tag=python&page=2`."""
        return urllib.parse.urlencode([(k, v) for k, values in self.lists() for v in values])

    def __repr__(self):
        return f"<QueryDict: {dict(self.lists())!r}>"


class Headers:
    """HTTP header names are case-insensitive: `headers["content-type"]` finds `Content-Type`.

    Names keep the spelling they were given, for display and for the wire.

    >>> headers = Headers({"Content-Type": "text/html"})
    >>> headers["content-type"], "CONTENT-TYPE" in headers
    ('text/html', True)
    """

    def __init__(self, initial=None):
        self._store = {}  # lower-case name -> (name as given, value)
        if isinstance(initial, (dict, Headers)):
            initial = initial.items()
        for name, value in initial or []:
            self[name] = value

    def __getitem__(self, name):
        return self._store[name.lower()][1]

    def __setitem__(self, name, value):
        if "\n" in str(value) or "\r" in str(value):
            raise ValueError(f"The value of header {name!r} contains a newline, which would "
                             "start a new header on the wire (header injection); remove it.")
        self._store[name.lower()] = (name, str(value))

    def __delitem__(self, name):
        del self._store[name.lower()]

    def __contains__(self, name):
        return name.lower() in self._store

    def __iter__(self):
        return (name for name, _ in self._store.values())

    def __len__(self):
        return len(self._store)

    def get(self, name, default=None):
        entry = self._store.get(name.lower())
        return default if entry is None else entry[1]

    def setdefault(self, name, value):
        if name not in self:
            self[name] = value
        return self[name]

    def pop(self, name, default=None):
        entry = self._store.pop(name.lower(), None)
        return default if entry is None else entry[1]

    def items(self):
        return list(self._store.values())

    def keys(self):
        return list(self)

    def __eq__(self, other):
        if isinstance(other, Headers):
            other = dict(other.items())
        if not isinstance(other, dict):
            return NotImplemented
        return {k.lower(): v for k, v in self.items()} == {k.lower(): v for k, v in other.items()}

    def __repr__(self):
        return f"Headers({dict(self.items())!r})"
