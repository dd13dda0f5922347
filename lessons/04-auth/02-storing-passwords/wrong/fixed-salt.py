import hashlib
import hmac

from glassbox.auth import hashers
from glassbox.auth.models import User, create_auth_tables
from glassbox.db import connection

LEGACY_PREFIX = "sha256$$"


def log_in(username, password):
    """The user, if `password` is theirs; else None. Old hashes are upgraded on the way."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    if user.password.startswith(LEGACY_PREFIX):
        typed = LEGACY_PREFIX + hashlib.sha256(password.encode()).hexdigest()
        if not hmac.compare_digest(typed.encode(), user.password.encode()):
            return None
        user.password = hashers.make_password(password, salt="upgrade2026")
        user.save()
        return user
    return user if user.check_password(password) else None


# The table you inherited.
create_auth_tables(connection)
for name, password in [("ada", "dragon1"), ("alan", "Enigma-1912-turing!")]:
    legacy = LEGACY_PREFIX + hashlib.sha256(password.encode()).hexdigest()
    User.objects.create(username=name, password=legacy)
User.objects.create_user("grace", password="letmein")
User.objects.create(username="linus", password=hashers.make_password("sunshine2024",
                                                                     iterations=1000))
