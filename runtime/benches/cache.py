"""What does a cache save? A view that runs 20 SQL queries, uncached and from the site cache.

- uncached: GET /report/ through the framework; the view runs 20 SELECTs on a table of 200
  rows in SQLite (through glassbox.db, so each is traced like in a lesson) and builds a page;
- site cache: the same request through UpdateCacheMiddleware and FetchFromCacheMiddleware
  with the page already stored: the view and its queries do not run, the page is unpickled
  from the in-memory cache;
- locmem get/set: calls per second of the in-memory backend, with a small dict as the value.

Run natively with `glassbox run runtime/benches/cache.py`; `make bench` also runs it in the
browser.
"""


from glassbox.app import Glassbox
from glassbox.cache import CacheHandler
from glassbox.db import Connection
from glassbox.http import HttpRequest, HttpResponse
from glassbox.urls import path

import timing

QUERIES = 20
ROUNDS = 20
BATCH = 10  # the browser's clock has 0.1 ms steps: time batches, not single calls

database = Connection(":memory:")
database.execute("CREATE TABLE reading (id integer PRIMARY KEY, sensor integer, value real)")
for number in range(200):
    database.execute("INSERT INTO reading (sensor, value) VALUES (?, ?)",
                     [number % QUERIES, number * 0.5])


def report(request):
    lines = []
    for sensor in range(QUERIES):
        count, total = database.execute(
            "SELECT COUNT(*), SUM(value) FROM reading WHERE sensor = ?", [sensor]).fetchone()
        lines.append(f"<li>sensor {sensor}: {count} readings, total {total}</li>")
    return HttpResponse(f"<ul>{''.join(lines)}</ul>")


def make_app(middleware):
    return Glassbox(urls=[path("report/", report)], middleware=middleware, database=database,
                    caches=CacheHandler())


uncached_app = make_app([])
cached_app = make_app(["glassbox.cache.middleware.UpdateCacheMiddleware",
                       "glassbox.cache.middleware.FetchFromCacheMiddleware"])




def main():
    def uncached():
        return uncached_app.handle(HttpRequest("GET", "/report/"))

    def from_cache():
        return cached_app.handle(HttpRequest("GET", "/report/"))

    first, stored = uncached(), from_cache()
    hit = from_cache()
    if len(first.trace.of_type("sql")) != QUERIES or hit.trace.of_type("sql") \
            or hit.content != first.content:
        raise AssertionError("The uncached view must run 20 queries and the cached one none, "
                             "with the same page.")
    uncached_ms = timing.median_ms(uncached, rounds=ROUNDS, batch=BATCH)
    cached_ms = timing.median_ms(from_cache, rounds=ROUNDS, batch=BATCH)
    print(f"uncached view ({QUERIES} queries): {uncached_ms:.3f} ms/request "
          f"(median of {ROUNDS} batches of {BATCH})")
    print(f"from the site cache:        {cached_ms:.3f} ms/request "
          f"(median of {ROUNDS} batches of {BATCH})")
    print(f"ratio:                      {uncached_ms / cached_ms:.1f}x (uncached / cached)")

    cache = CacheHandler()["default"]
    value = {"question": 1, "votes": [3, 1, 4], "text": "Tabs or spaces?"}
    keys = [f"key:{number}" for number in range(100)]

    def set_all():
        for key in keys:
            cache.set(key, value, 60)

    def get_all():
        for key in keys:
            cache.get(key)

    set_ms = timing.median_ms(set_all, rounds=ROUNDS, batch=5)
    get_ms = timing.median_ms(get_all, rounds=ROUNDS, batch=5)
    print(f"locmem set: {len(keys) / set_ms * 1000:,.0f} calls/s ({set_ms / len(keys) * 1000:.1f} µs each)")
    print(f"locmem get: {len(keys) / get_ms * 1000:,.0f} calls/s ({get_ms / len(keys) * 1000:.1f} µs each)")


main()
