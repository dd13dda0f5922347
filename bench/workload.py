"""The fixed workload `make bench` runs in Glassbox and in Pyodide, the same file in both.

Four parts, each timed on its own with `time.perf_counter()`:

- requests: 2,000 WSGI requests through a glassbox app (three middleware, twenty URL patterns,
  a template that extends a layout, a JSON view every other request), the request loop a
  learner's app runs on every click;
- jwt: 2,000 HS256 round trips (`glassbox.auth.jwt.encode` then `decode`);
- pbkdf2: PBKDF2-HMAC-SHA256 written in Python (the loop, the XOR), 20,000 iterations: plain
  interpreter speed with a little hashing;
- sqlite: 2,000 rows inserted in one transaction, 500 indexed look-ups, one GROUP BY.

Only the standard library and the glassbox package are imported (the bench puts the package's
files on Pyodide's path). It prints one line, `WORKLOAD {json}`, milliseconds per part, and
fails if any part computes a wrong answer, so both interpreters are seen doing the same work.
"""

import hashlib
import io
import json
import sqlite3
import time

from glassbox.app import Glassbox
from glassbox.auth import jwt
from glassbox.http import HttpResponse, JsonResponse
from glassbox.shortcuts import render
from glassbox.urls import path

REQUESTS = 2000
TOKENS = 2000
ITERATIONS = 20000
ROWS = 2000
LOOKUPS = 500

TEMPLATES = {
    "base.html": "<!DOCTYPE html><html><head><title>{% block title %}Site{% endblock %}"
                 "</title></head><body>{% block content %}{% endblock %}</body></html>",
    "article.html": "{% extends 'base.html' %}{% block title %}{{ title }}{% endblock %}"
                    "{% block content %}<h1>{{ title|upper }}</h1><p>{{ year }}</p><ul>"
                    "{% for tag in tags %}<li>{{ forloop.counter }}. {{ tag }}</li>{% endfor %}"
                    "</ul>{% endblock %}",
}


def article(request, year, slug):
    return render(request, "article.html",
                  {"title": slug.replace("-", " "), "year": year, "tags": ["a", "<b>", "c"]})


def api(request, number):
    return JsonResponse({"number": number, "query": request.GET.get("q", "")})


def other(request, **kwargs):
    return HttpResponse("other")


URLS = [path(f"section{number}/<int:page>/", other) for number in range(18)]
URLS.append(path("articles/<int:year>/<slug:slug>/", article))
URLS.append(path("api/<int:number>/", api))

app = Glassbox(
    settings={"DEBUG": False},
    urls=URLS,
    middleware=["glassbox.middleware.SecurityMiddleware", "glassbox.middleware.TimingMiddleware",
                "glassbox.middleware.CommonMiddleware"],
    templates=TEMPLATES,
)


def environ(path_info, query=""):
    return {"REQUEST_METHOD": "GET", "PATH_INFO": path_info, "QUERY_STRING": query,
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b"")}


def requests():
    statuses = []
    size = 0

    def start_response(status, headers):
        statuses.append(status)

    for number in range(REQUESTS):
        if number % 2:
            body = app(environ(f"/api/{number}/", "q=owls"), start_response)
        else:
            body = app(environ("/articles/2026/night-owls/"), start_response)
        size += sum(len(chunk) for chunk in body)
    assert statuses.count("200 OK") == REQUESTS, statuses[:3]
    return size


def tokens():
    key = "a-secret-key-of-32-bytes-or-more!"
    total = 0
    for number in range(TOKENS):
        token = jwt.encode({"sub": str(number), "role": "reader", "n": number}, key)
        total += jwt.decode(token, key, algorithms=["HS256"])["n"]
    assert total == TOKENS * (TOKENS - 1) // 2
    return total


def pbkdf2(password, salt, iterations):
    """One 32-byte block of PBKDF2-HMAC-SHA256, the loop in Python."""
    block = 64
    key = password.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))

    def hmac(message):
        first = inner.copy()
        first.update(message)
        second = outer.copy()
        second.update(first.digest())
        return second.digest()

    u = hmac(salt + b"\0\0\0\1")
    result = int.from_bytes(u, "big")
    for _ in range(iterations - 1):
        u = hmac(u)
        result ^= int.from_bytes(u, "big")
    return result.to_bytes(32, "big")


# hashlib.pbkdf2_hmac("sha256", b"correct horse", b"salt", 20000) in CPython (Pyodide's hashlib,
# built without OpenSSL, has no pbkdf2_hmac to check against).
EXPECTED = "0ff9bb7bd9f508e3f4391ef9c6ea6b2973e8f44b535e17f518a4887088aea2b1"


def hashing():
    derived = pbkdf2(b"correct horse", b"salt", ITERATIONS).hex()
    assert derived == EXPECTED, derived
    return derived


def database():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, kind INTEGER)")
    connection.execute("CREATE INDEX item_name ON item (name)")
    with connection:
        connection.executemany("INSERT INTO item (name, kind) VALUES (?, ?)",
                               [(f"item-{number}", number % 7) for number in range(ROWS)])
    found = 0
    for number in range(0, ROWS, ROWS // LOOKUPS):
        row = connection.execute("SELECT id, kind FROM item WHERE name = ?",
                                 (f"item-{number}",)).fetchone()
        found += row[1] == number % 7
    groups = connection.execute("SELECT kind, COUNT(*) FROM item GROUP BY kind").fetchall()
    connection.close()
    assert found == LOOKUPS and sum(count for _, count in groups) == ROWS
    return found


def timed(function):
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def main():
    figures = {"requests": timed(requests), "jwt": timed(tokens), "pbkdf2": timed(hashing),
               "sqlite": timed(database)}
    figures["total"] = sum(figures.values())
    print("WORKLOAD " + json.dumps({name: round(ms, 1) for name, ms in figures.items()}))


main()
