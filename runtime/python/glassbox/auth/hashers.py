"""Password hashing: how a site checks your password without keeping it.

A site must never store passwords as typed: the day its database leaks, every account (and
every other site where people reused the password) is open. Instead it stores a *hash*, a
fingerprint that is quick to compute from the password and impossible to turn back into it.
At login the site hashes what you typed and compares fingerprints.

A plain `sha256(password)` is not enough, for two reasons:

- the same password gives the same hash for everybody, so an attacker computes the hashes of
  a billion common passwords once and looks every user up in that table. A random *salt*,
  stored next to the hash and mixed into it, makes every user's hash different;
- SHA-256 is fast: a graphics card tries billions of guesses a second. PBKDF2 repeats the HMAC
  many thousand times (the *iterations*), so every guess costs the attacker that much more.
  One login pays the cost once; an attacker pays it per guess, per user.

The result is one string that carries everything needed to check a password later, in the
same format Django uses, so a Django site's hashes verify here and the other way around:

    pbkdf2_sha256$50000$<salt>$<base64 of the 32-byte hash>
    algorithm     iterations

    >>> encoded = make_password("correct horse", salt="seasalt", iterations=1000)
    >>> encoded
    'pbkdf2_sha256$1000$seasalt$mQnueSakb748zqBAC1tmWVZsZbi2zPGZarEzTGdfmso='
    >>> check_password("correct horse", encoded), check_password("Correct horse", encoded)
    (True, False)

Because the iteration count is stored in each hash, it can rise over the years: `must_update`
tells when a stored hash uses another count, and `check_password(..., setter=...)` re-hashes
the password at the next successful login, the only moment the server sees it.

Why DEFAULT_ITERATIONS is 50,000 (Django uses about a million). Glassbox runs in the browser,
and a login must answer in under about 300 ms there. `hashlib.pbkdf2_hmac` is native code in
this runtime (RustPython's `_hashlib`, written in Rust), not Python: measured natively with
`./target/debug/glassbox run` it takes about 0.4 microseconds per iteration, so
`make_password` at 50,000 iterations takes about 20 ms (1,000,000 would take 410 ms). Allowing
the ~6x slowdown measured for the interpreter in the browser as a pessimistic bound, that is
about 120 ms per login, leaving room for the rest of the request. It is fine for lessons; a
real site should follow current advice (OWASP: 600,000 or more for PBKDF2-HMAC-SHA256).
"""

import base64
import hashlib
import hmac
import secrets
import string

ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 50_000
SALT_CHARACTERS = string.ascii_letters + string.digits
SALT_LENGTH = 22  # 22 characters out of 62 give about 131 bits of randomness
UNUSABLE_PREFIX = "!"
UNUSABLE_SUFFIX_LENGTH = 40


def random_string(length, characters=SALT_CHARACTERS):
    """`length` characters picked by `secrets`: random enough for salts and keys.

    >>> len(random_string(22))
    22
    """
    return "".join(secrets.choice(characters) for _ in range(length))


def pbkdf2(password, salt, iterations):
    """The raw 32-byte PBKDF2-HMAC-SHA256 of `password` with `salt`."""
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"),
                               iterations)


def make_password(password, salt=None, iterations=None):
    """Hash `password` into the storable string `pbkdf2_sha256$iterations$salt$hash`.

    A new random salt each time, unless you give one (tests do). `None` as the password makes
    an *unusable* password, "!" and random characters: no typed password will ever match it,
    which is what an account that logs in some other way (or is disabled) needs.

    >>> make_password(None).startswith("!")
    True
    """
    if password is None:
        return UNUSABLE_PREFIX + random_string(UNUSABLE_SUFFIX_LENGTH)
    if not isinstance(password, str):
        raise TypeError(f"A password is text, not {type(password).__name__}.")
    salt = random_string(SALT_LENGTH) if salt is None else salt
    if not salt or "$" in salt:
        raise ValueError("A salt must be non-empty and must not contain '$', the separator.")
    iterations = DEFAULT_ITERATIONS if iterations is None else int(iterations)
    if iterations < 1:
        raise ValueError("PBKDF2 needs at least one iteration.")
    digest = base64.b64encode(pbkdf2(password, salt, iterations)).decode("ascii")
    return f"{ALGORITHM}${iterations}${salt}${digest}"


def split_encoded(encoded):
    """The parts of a stored hash as a dict, or None if it is not one this module can check.

    >>> split_encoded("pbkdf2_sha256$1000$seasalt$mQnueSak...")["iterations"]
    1000
    """
    if not is_password_usable(encoded):
        return None
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM or not (parts[1].isascii()
                                                         and parts[1].isdigit()):
        return None
    return {"algorithm": parts[0], "iterations": int(parts[1]), "salt": parts[2],
            "hash": parts[3]}


def check_password(password, encoded, setter=None):
    """True if `password` is the one `encoded` was made from.

    Unusable, empty or unknown hashes never match. If the password matches but the hash is
    out of date (`must_update`), `setter(password)` is called so the caller can store a new
    hash made with today's settings.

    A login view should pay the same price when the username does not exist (for instance by
    calling `make_password(password)` and ignoring it): a quick "no such user" next to a slow
    "wrong password" tells an attacker which accounts exist.
    """
    if password is None or not isinstance(password, str):
        return False
    parts = split_encoded(encoded)
    if parts is None:
        return False
    expected = make_password(password, parts["salt"], parts["iterations"])
    # Compare in constant time: how long the answer takes must not tell an attacker how many
    # leading characters of a guess were right.
    matches = hmac.compare_digest(expected.encode("utf-8"), encoded.encode("utf-8"))
    if matches and setter is not None and must_update(encoded):
        setter(password)
    return matches


def is_password_usable(encoded):
    """False for None and for the unusable passwords `make_password(None)` makes.

    >>> is_password_usable(make_password(None)), is_password_usable(make_password("x"))
    (False, True)
    """
    return encoded is not None and not encoded.startswith(UNUSABLE_PREFIX)


def must_update(encoded):
    """True if the stored hash was made with another iteration count than today's default.

    >>> must_update(make_password("x", iterations=1000)), must_update(make_password("x"))
    (True, False)
    """
    parts = split_encoded(encoded)
    return parts is not None and parts["iterations"] != DEFAULT_ITERATIONS
