"""Users: the `User` model, and `AnonymousUser` for everybody who has not logged in.

    CREATE TABLE "auth_user" (
        "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "username" varchar(150) NOT NULL UNIQUE,
        "email" varchar(254) NOT NULL,
        "password" varchar(128) NOT NULL,        -- pbkdf2_sha256$50000$salt$hash, never the password
        "is_active" bool NOT NULL,
        "is_staff" bool NOT NULL,
        "date_joined" datetime NOT NULL,
        "last_login" datetime NULL
    )

Make users with the manager, which hashes the password for you:

    user = User.objects.create_user("ada", "ada@example.com", "correct horse")
    user.check_password("correct horse")    # True

Every request has a user (`request.user`, set by `AuthenticationMiddleware`): a `User`, or an
`AnonymousUser`. Both answer `is_authenticated`, so code asks one question without checking
which kind it has:

    >>> AnonymousUser().is_authenticated, AnonymousUser().username
    (False, '')

A user who is not `is_active` cannot log in, by any mechanism: setting it is how a site
disables an account without deleting its rows.
"""

import hashlib
import hmac

from glassbox import clock
from glassbox.auth import hashers
from glassbox.db.models import BooleanField, CharField, DateTimeField, Manager, Model


class UserManager(Manager):
    def create_user(self, username, email="", password=None, **extra_fields):
        """Make and save a user; the password is hashed (None gives an unusable password,
        for an account that logs in only with API keys, say)."""
        if not username:
            raise ValueError("A user needs a username.")
        user = self.model(username=username, email=email.strip().lower(), **extra_fields)
        user.set_password(password)
        user.save()
        return user

    def create_staff_user(self, username, email="", password=None, **extra_fields):
        """A user with is_staff=True (the ones `staff_member_required` lets in)."""
        return self.create_user(username, email, password, is_staff=True, **extra_fields)


class User(Model):
    username = CharField(max_length=150, unique=True)
    email = CharField(max_length=254, blank=True, default="")
    password = CharField(max_length=128)
    is_active = BooleanField(default=True)
    is_staff = BooleanField(default=False)
    date_joined = DateTimeField(default=clock.utcnow_naive)
    last_login = DateTimeField(null=True, blank=True)

    objects = UserManager()

    class Meta:
        db_table = "auth_user"

    # The questions every user answers, logged in or not (AnonymousUser answers the opposite).
    is_authenticated = True
    is_anonymous = False

    def __str__(self):
        return self.username

    def set_password(self, raw_password):
        """Store the hash of `raw_password` (not saved until you call save())."""
        self.password = hashers.make_password(raw_password)

    def check_password(self, raw_password):
        """True if `raw_password` is this user's password.

        If it is, but the stored hash was made with another iteration count than today's
        (`hashers.must_update`), the password is hashed again and saved: login is the only
        moment the server holds the password, so it is the only moment it can upgrade a hash.
        """
        def upgrade(password):
            self.set_password(password)
            type(self).objects.filter(pk=self.pk).update(password=self.password)

        return hashers.check_password(raw_password, self.password,
                                      setter=upgrade if self.pk is not None else None)

    def set_unusable_password(self):
        self.password = hashers.make_password(None)

    def has_usable_password(self):
        return hashers.is_password_usable(self.password)

    def get_session_auth_hash(self, secret_key):
        """An HMAC of the password hash, kept in the session at login.

        On every request the session's copy is compared with a fresh one: after the password
        changes, the two differ and every other session of this user is logged out. (That is
        what "change your password to throw out whoever stole your session" relies on.)
        """
        key = hashlib.sha256(f"glassbox.auth.session_hash{secret_key}".encode()).digest()
        return hmac.new(key, self.password.encode("utf-8"), hashlib.sha256).hexdigest()


class AnonymousUser:
    """The user of a request nobody is logged in on. Not a model: it has no row."""

    id = pk = None
    username = ""
    email = ""
    is_active = False
    is_staff = False
    is_authenticated = False
    is_anonymous = True

    def __str__(self):
        return "AnonymousUser"

    def __repr__(self):
        return "<AnonymousUser>"

    def __eq__(self, other):
        return isinstance(other, AnonymousUser)

    def __hash__(self):
        return 1

    def check_password(self, raw_password):
        return False


def auth_models():
    """Every model glassbox's authentication keeps rows in, for `create_tables`."""
    from glassbox.auth.api_keys import APIKey
    from glassbox.auth.impersonation import ImpersonationLog
    from glassbox.auth.token_blacklist import BlacklistedToken
    from glassbox.sessions.models import Session

    return [User, Session, BlacklistedToken, APIKey, ImpersonationLog]


def create_auth_tables(connection):
    """Create the tables of users, sessions, the token blacklist, API keys and the
    impersonation log.

    The database starts empty (it lives in memory), so an app that logs people in calls this
    once at start-up, as Django's `migrate` would have done.
    """
    from glassbox.db.schema import create_tables

    return create_tables(connection, auth_models())
