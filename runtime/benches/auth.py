"""What does it cost to know who is asking? A JWT check against a session lookup, and hashing.

- jwt: `glassbox.auth.jwt.decode` of an HS256 token (base64url, JSON, one HMAC, the claims);
- session: the same answer from the database, as a session cookie gets it: one SELECT by
  primary key on a table of 1,000 sessions in SQLite, and `json.loads` of the stored data;
- make_password: one PBKDF2-SHA256 hash at the default iteration count, what a login costs.

Run natively with `glassbox run runtime/benches/auth.py`; `make bench` also runs it in the browser.
"""

import json
import secrets
import sqlite3
import statistics
import time

from glassbox.auth import hashers, jwt

KEY = "benchmark-secret-key-that-is-long-enough"
ROUNDS = 20
BATCH = 50  # the browser's clock has 0.1 ms steps: time batches, not single calls


def median_ms(function, rounds=ROUNDS, batch=BATCH):
    function()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(batch):
            function()
        samples.append((time.perf_counter() - started) / batch)
    return statistics.median(samples) * 1000


def main():
    token = jwt.encode({"sub": "42", "name": "Ada", "exp": int(time.time()) + 3600}, KEY)

    def verify_token():
        return jwt.decode(token, KEY, algorithms=["HS256"])["sub"]

    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE session (session_key TEXT PRIMARY KEY, data TEXT, expire_date REAL)")
    keys = [secrets.token_hex(16) for _ in range(1000)]
    database.executemany("INSERT INTO session VALUES (?, ?, ?)",
                         [(key, json.dumps({"user_id": str(index)}), time.time() + 3600) for index, key in enumerate(keys)])
    wanted = keys[500]

    def look_up_session():
        row = database.execute("SELECT data FROM session WHERE session_key = ? AND expire_date > ?",
                               (wanted, time.time())).fetchone()
        return json.loads(row[0])["user_id"]

    assert verify_token() == "42" and look_up_session() == "500"
    token_ms, session_ms = median_ms(verify_token), median_ms(look_up_session)
    print(f"jwt verify:     {token_ms:.3f} ms (median of {ROUNDS} batches of {BATCH})")
    print(f"session lookup: {session_ms:.3f} ms (median of {ROUNDS} batches of {BATCH})")
    print(f"ratio:          {token_ms / session_ms:.1f}x (jwt / session)")
    hashing = median_ms(lambda: hashers.make_password("correct horse battery staple"), rounds=5, batch=1)
    print(f"make_password:  {hashing:.1f} ms at {hashers.DEFAULT_ITERATIONS:,} PBKDF2-SHA256 iterations (median of 5)")


main()
