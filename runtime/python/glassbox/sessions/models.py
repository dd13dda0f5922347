"""The session table: one row per browser that has a session.

    CREATE TABLE "glassbox_session" (
        "session_key" varchar(40) NOT NULL PRIMARY KEY,
        "session_data" text NOT NULL,
        "expire_date" datetime NOT NULL
    )

`session_key` is the random value the cookie carries; it is the primary key, so finding a
session is one lookup in the table's index. `session_data` is the session's dict as JSON.
Django also signs that text; here it never leaves the server, so plain JSON keeps it readable
in the inspector. `expire_date` (UTC) is when the row stops counting, whether or not anyone
has deleted it yet: `Session.objects.clear_expired()` does the sweeping.
"""

from glassbox import clock
from glassbox.db.models import CharField, DateTimeField, Manager, Model, TextField


class SessionManager(Manager):
    def clear_expired(self):
        """Delete the rows whose time is up; returns how many went. (Django's
        `clearsessions` command does this; a real site runs it every night.)"""
        count, _ = self.filter(expire_date__lt=clock.utcnow_naive()).delete()
        return count


class Session(Model):
    session_key = CharField(max_length=40, primary_key=True)
    session_data = TextField()
    expire_date = DateTimeField(db_index=True)

    objects = SessionManager()

    class Meta:
        db_table = "glassbox_session"

    def __str__(self):
        # Only the start of the key: the whole key is as good as a password.
        return f"session {self.session_key[:8]}…"
