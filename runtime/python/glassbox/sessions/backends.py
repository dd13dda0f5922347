"""SessionStore: `request.session`, a dict that lives in the database between requests.

A view uses it like a dict:

    request.session["cart"] = [3, 7]          # remembered for this browser
    request.session.get("cart", [])           # on a later request

Behind the dict, the store keeps the session's row (`glassbox.sessions.models.Session`):

- nothing is read until the first use (`load()`, one SELECT by primary key), so a view that
  never touches the session costs no query;
- the store notes whether it was *accessed* (read) and *modified* (written), so the middleware
  knows whether to add `Vary: Cookie` and whether to save;
- a key that finds no row, or a row whose `expire_date` has passed, gives an empty session and
  says why in `load_problem` (the authentication trace shows it: "expired at ...");
- `cycle_key()` moves the data to a new key (done at login, against session fixation) and
  `flush()` deletes the row and forgets the key (done at logout, so an old cookie is refused).

A session key is 32 characters from [a-z0-9] picked by `secrets`: about 165 bits, far too many
to guess. Whoever holds the key *is* the session, which is why the cookie is HttpOnly.

    >>> SessionStore.is_valid_key("abc")
    False
"""

import datetime
import json
import secrets
import string

from glassbox import clock
from glassbox.sessions.models import Session

KEY_CHARACTERS = string.ascii_lowercase + string.digits
KEY_LENGTH = 32
DEFAULT_AGE = 14 * 24 * 3600  # SESSION_COOKIE_AGE's default: two weeks


class SessionStore:
    """One browser's session: a dict, loaded from and saved to the Session table."""

    def __init__(self, session_key=None, age=DEFAULT_AGE, connection=None):
        self.session_key = session_key if self.is_valid_key(session_key) else None
        self.age = age
        self.connection = connection  # None: glassbox.db.connection, as the models use
        self.accessed = False      # read during this request?
        self.modified = False      # changed during this request (so: save it)?
        self.load_problem = None   # why the key given found no session, in words
        self._cache = None         # the data, once loaded

    @staticmethod
    def is_valid_key(key):
        """A key we could have made: the right length and characters (others are not even
        looked up)."""
        return (isinstance(key, str) and len(key) == KEY_LENGTH
                and all(character in KEY_CHARACTERS for character in key))

    # -- the data, loaded on first use ----------------------------------------------------------

    @property
    def data(self):
        """The session's dict (loading it on first use); reading marks the session accessed."""
        self.accessed = True
        if self._cache is None:
            self._cache = self.load()
        return self._cache

    def load(self):
        """Read the row of `session_key`: its data, or {} (with `load_problem` saying why)."""
        if self.session_key is None:
            return {}
        row = self.rows().filter(session_key=self.session_key).first()
        if row is None:
            self.load_problem = (f"no session has the key {self.session_key[:8]}… (it was "
                                 "logged out, or never existed)")
        elif row.expire_date <= clock.utcnow_naive():
            self.load_problem = f"the session expired at {row.expire_date.isoformat()}Z"
        else:
            return json.loads(row.session_data)
        self.session_key = None  # a dead key is never written to again
        return {}

    def __getitem__(self, name):
        return self.data[name]

    def __setitem__(self, name, value):
        self.data[name] = value
        self.modified = True

    def __delitem__(self, name):
        del self.data[name]
        self.modified = True

    def __contains__(self, name):
        return name in self.data

    def get(self, name, default=None):
        return self.data.get(name, default)

    def pop(self, name, *default):
        self.modified = self.modified or name in self.data
        return self.data.pop(name, *default)

    def setdefault(self, name, value):
        if name not in self.data:
            self[name] = value
        return self.data[name]

    def keys(self):
        return self.data.keys()

    def items(self):
        return self.data.items()

    def is_empty(self):
        """No key and no data yet (without loading anything)."""
        return self.session_key is None and not self._cache

    # -- expiry -----------------------------------------------------------------------------

    def get_expiry_age(self):
        """Seconds the session lives after each save (SESSION_COOKIE_AGE)."""
        return self.age

    def get_expiry_date(self):
        """When the session ends if it is saved now: a naive datetime in UTC."""
        return clock.utcnow_naive() + datetime.timedelta(seconds=self.age)

    # -- saving, new keys, deleting -----------------------------------------------------------

    def rows(self):
        """The Session rows, in this store's database."""
        return Session.objects.using(self.connection)

    def save(self):
        """Write the data: UPDATE the row of our key, or INSERT a row under a fresh key."""
        data = json.dumps(self.data, separators=(",", ":"), sort_keys=True)
        if self.session_key is not None:
            updated = self.rows().filter(session_key=self.session_key).update(
                session_data=data, expire_date=self.get_expiry_date())
            if updated:
                self.modified = False
                return
        self.session_key = self.new_key()
        self.rows().create(session_key=self.session_key, session_data=data,
                               expire_date=self.get_expiry_date())
        self.modified = False

    def new_key(self):
        """A fresh random key that no row uses yet."""
        while True:
            key = "".join(secrets.choice(KEY_CHARACTERS) for _ in range(KEY_LENGTH))
            if not self.exists(key):
                return key

    def exists(self, session_key):
        return self.rows().filter(session_key=session_key).exists()

    def delete(self, session_key=None):
        """Delete the row of `session_key` (default: ours)."""
        key = self.session_key if session_key is None else session_key
        if key is not None:
            self.rows().filter(session_key=key).delete_rows()

    def cycle_key(self):
        """Keep the data, change the key: the old key stops working at once.

        Done at login. Without it, an attacker who planted a session key in your browser
        (a *session fixation* attack) would share your session once you logged in with it.
        """
        data = dict(self.data)
        old_key = self.session_key
        self.session_key = None
        self._cache = data
        self.modified = True
        self.save()
        self.modified = True  # still: the middleware must send the browser its new key
        if old_key is not None:
            self.delete(old_key)

    def flush(self):
        """Forget everything: delete the row, empty the data, drop the key. Done at logout,
        so the cookie the browser (or a thief) still holds finds nothing any more."""
        self.delete()
        self._cache = {}
        self.session_key = None
        self.modified = True

    def __repr__(self):
        key = f"{self.session_key[:8]}…" if self.session_key else "no key"
        return f"<SessionStore {key}>"
