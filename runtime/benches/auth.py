"""What does it cost to know who is asking? A JWT check against a session lookup, and hashing.

- jwt: `glassbox.auth.tokens.AccessToken(text, settings)`, what `JWTAuthentication` does with a
  Bearer token: base64url, JSON, one HMAC-SHA256, the claims (exp, type). No database.
- session: what `SessionAuthentication` does with a `sessionid` cookie, through the real store:
  `glassbox.sessions.backends.SessionStore(key)` reads the user id, which is one SELECT by
  primary key in the Session table of SQLite (1,000 sessions in it) and one `json.loads`.
- make_password: one PBKDF2-HMAC-SHA256 hash at `hashers.DEFAULT_ITERATIONS`, what a login
  costs (and what `authenticate` spends on an unknown username, so both take as long).

Both lookups end with the same query for the user row, left out here: the difference between
them is the session SELECT (and what it buys: a session can be deleted, a token cannot).

The iteration count: 50,000. A login must answer in under about 300 ms in the browser.
`make_password` at 50,000 iterations was measured at 18.5 ms natively (release build) and about
60 ms in the browser build, so a login (hash, two or three queries, a redirect) stays well under
the budget, with room for slower machines. 1,000,000 iterations (Django's default) would take
over a second in the browser. Real sites should follow current advice (OWASP: 600,000 or more
for PBKDF2-HMAC-SHA256); glassbox trades that for a login a learner can click through.

Run natively with `glassbox run runtime/benches/auth.py`; `make bench` also runs it in the browser.
"""


from glassbox.auth import hashers
from glassbox.auth.models import User, create_auth_tables
from glassbox.auth.tokens import AccessToken, RefreshToken
from glassbox.conf import Settings
from glassbox.db import connection
from glassbox.sessions.backends import SessionStore

import timing

ROUNDS = 20
BATCH = 50  # the browser's clock has 0.1 ms steps: time batches, not single calls
SESSIONS = 1000




def main():
    settings = Settings({"SECRET_KEY": "benchmark-secret-key-that-is-long-enough"})
    connection.reset()
    create_auth_tables(connection)
    user = User.objects.create(username="ada", password=hashers.make_password(None))
    token = str(RefreshToken.for_user(user, settings).access_token)

    def verify_token():
        return AccessToken(token, settings)["user_id"]

    keys = []
    for index in range(SESSIONS):
        session = SessionStore(age=settings.SESSION_COOKIE_AGE)
        session["_auth_user_id"] = str(user.pk if index == SESSIONS // 2 else 10_000 + index)
        session.save()
        keys.append(session.session_key)
    wanted = keys[SESSIONS // 2]

    def look_up_session():
        return int(SessionStore(wanted)["_auth_user_id"])

    assert verify_token() == user.pk and look_up_session() == user.pk
    connection.queries.clear()
    token_ms = timing.median_ms(verify_token, rounds=ROUNDS, batch=BATCH)
    session_ms = timing.median_ms(look_up_session, rounds=ROUNDS, batch=BATCH)
    connection.queries.clear()
    print(f"jwt verify:     {token_ms:.3f} ms (AccessToken; median of {ROUNDS} batches of "
          f"{BATCH})")
    print(f"session lookup: {session_ms:.3f} ms (SessionStore, {SESSIONS:,} sessions in "
          f"SQLite; median of {ROUNDS} batches of {BATCH})")
    print(f"ratio:          {token_ms / session_ms:.1f}x (jwt / session)")
    hashing = timing.median_ms(lambda: hashers.make_password("correct horse battery staple"),
                               rounds=5)
    print(f"make_password:  {hashing:.1f} ms at {hashers.DEFAULT_ITERATIONS:,} PBKDF2-SHA256 "
          f"iterations (median of 5)")


main()
