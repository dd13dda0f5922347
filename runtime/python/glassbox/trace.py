"""The trace: a diary each request keeps of its trip through the framework.

Every layer writes down what it did: the middleware it passed in and out of (with how long it
took), each URL pattern it tried, the view that ran, the templates rendered, the error that went
wrong. The browser inspector draws the diary, and lesson checks read it ("did the request go
through `TimingMiddleware`?").

The trace belongs to the request: `request.trace` is created with the request, and the test
client hands it back as `response.trace`. There is no global "current request" anywhere.

Schema
------
A trace is a list of events. Each event is a plain dict, safe for `json.dumps`, with these keys
always present:

    type      str    what happened, e.g. "middleware"
    at_ms     float  milliseconds since the request's trace began

one key when the program runs several servers (glassbox.servers):

    server    str    the server that recorded it: every event recorded while a server
                     handled the request, received a notification (during another server's
                     request, which then shows it) or made the next piece of a stream

and the keys of its type:

    request       method, path                  the request arrived at the application
    middleware    name, phase ("in" | "out"),   a middleware layer was entered or left;
                  duration_ms (on "out")        "out" tells how long the layer took, inner
                                                layers and the view included
    url_tried     pattern, matched (bool)       a URL pattern was compared with the path
    url_matched   route, view, kwargs, name     the pattern that won, what it captured (as
                                                strings) and its namespaced name
    url_not_found path, tried (list of str)     no pattern matched
    view          name, duration_ms             the view ran (recorded when it returns or
                                                raises)
    template      name, duration_ms             a template was rendered
    template_load name, cached, tokens, nodes,  a render needed a template: `cached` False
                  extends, blocks               when it was lexed and parsed just now;
                                                `tokens` and `nodes` how many the lexer and
                                                parser made; `extends` its parent's name
    template_block name, template, overrides    a {% block %} rendered: `template` is the one
                                                whose version was shown, `overrides` the
                                                templates whose versions it replaced
    hook          hook, name, returned_response a middleware hook ran (process_view,
                                                process_exception or
                                                process_template_response) of the middleware
                                                `name`; did it return a response?
    method_not_allowed method, allowed          a view refused the HTTP method (405)
    form          form, valid, fields, errors   a form was cleaned (glassbox.forms): its class
                                                name, whether it passed, its field names, and
                                                field name -> list of messages ("__all__" for
                                                the form as a whole)
    request_id    id                            RequestIdMiddleware named the request
    security_headers added, skipped             SecurityHeadersMiddleware (glassbox.security)
                                                answered: `added` the headers it wrote,
                                                `skipped` header -> why not ("the request came
                                                over plain HTTP", "the view set it already")
    flag          name, enabled, source, reason a feature flag was asked (glassbox.flags):
                                                `source` "cache" or "database", `reason` in
                                                words ("in the 20% rollout: bucket 7")
    redirect      location, status              the response sends the browser elsewhere
    error         kind, message, where          an exception escaped a layer; `where` is
                                                "file:line in function", in your code if it
                                                can be
    response      status, reason, duration_ms   the response left the application
    sql           sql, params, rows,            an SQL statement ran (glassbox.db):
                  duration_ms, where            `rows` returned or changed, `where` the line
                                                of your code that caused it
    migration     migration, operation,         a migration step is about to run
                  direction, sql                (glassbox.db.migrations): the migration's
                                                name, the operation ("Add field pub_date to
                                                Question"), "apply" or "unapply", and the
                                                statements it will send
    n_plus_one    sql, count, where             the same query ran again and again with other
                                                parameters (`count` times in all): the N+1
                                                problem
    cache         layer, cache, op, key,        a cache operation (glassbox.cache). `layer`:
                  stored_key, hit, size,        "low-level", "view cache", "site cache" or
                  timeout, time_left            "browser cache"; `op`: get, set, add, delete,
                                                touch, incr, has_key, clear, cull (with
                                                `evicted` and `expired` keys), bypass, skip and
                                                invalidate (with a `reason`); `hit` True/False
                                                (None when it does not apply); `size` the stored
                                                bytes; `timeout` as given (None: forever);
                                                `time_left` seconds until expiry, on the
                                                virtual clock (None: never); `warning` when a
                                                key would not suit memcached
    conditional   status, etag, last_modified   a conditional request was answered early:
                                                304 Not Modified or 412 Precondition Failed
    auth          mechanism, outcome, user,     an authentication decision (glassbox.auth):
                  reason                        `mechanism` "password", "session", "jwt",
                                                "api_key", "csrf", "permission" (may they do
                                                this?), "impersonation" (staff acting as a
                                                user) or None (no credential sent);
                                                `outcome` "authenticated", "anonymous",
                                                "refused", "login", "logout", "passed" or
                                                "exempt"; `user` the username or None; `reason`
                                                why, in words ("the token expired at ...",
                                                "CSRF token missing ...", "blacklisted")
    signal        signal, sender, receivers,    a signal was sent (glassbox.db.models.signals,
                  instance, created             glassbox.signals), before its receivers ran:
                                                `receivers` the names of the ones called;
                                                `instance` (a repr) and `created` when the
                                                signal has them; `errors` from send_robust()
    on_commit     action, callback, savepoint   a transaction.on_commit() callback was
                                                "registered", "run" after COMMIT,
                                                "discarded" at a ROLLBACK (with `reason`:
                                                "ROLLBACK" or "ROLLBACK TO SAVEPOINT s1"), or
                                                "failed" (robust=True: it raised, `error`
                                                says what, and the next one ran);
                                                `savepoint` the one open when it was registered
                                                (None: the outermost block); `immediate` True
                                                when there was no transaction, so it ran at once
    notify        op, channel, pid, payload     LISTEN/NOTIFY (glassbox.db.notify), `pid` the
                                                acting connection's: op "listen", "unlisten",
                                                "notify" (`delivered` False: queued until
                                                COMMIT), "fold" (a duplicate in the same
                                                transaction), "deliver" (with `listeners`, how
                                                many got it), "discard" (at ROLLBACK, with
                                                `reason`), "overflow" (a listener's queue was
                                                full: its oldest was dropped; `listener`,
                                                `limit`, `message`), "receive" (a server of
                                                glassbox.servers read it: `pid` its connection's,
                                                `sender` the sender's pid, `handlers` the
                                                functions it called), "read" (a stream's
                                                source took it, just before the piece made
                                                from it; `sender`)
    stream        op, bytes, chunks             a StreamingHttpResponse (glassbox.http) sent a
                                                piece, after the "response" event, as the client
                                                read it: op "chunk" (`bytes`; server-sent events,
                                                glassbox.sse, add `event` and `id`), "end"
                                                (`chunks` and `bytes` in all) or "closed" (the
                                                client hung up; `message`)
    task          op, task, id, attempt, status a background task (glassbox.tasks): op
                                                "enqueue", "claim" (`worker_id`,
                                                `claimed_until`, `reclaimed` True when an
                                                earlier worker's lease ran out), "run",
                                                "success", "retry" (`error`, `delay_seconds`,
                                                `attempts_left`) or "fail" (`error`); `task` the
                                                function's path, `attempt` counts from 1
    network       direction, delay_ms, clock    the request or its response crossed the
                                                network (glassbox.network), only when a
                                                network latency is set: `direction`
                                                "request" (to the app, before the "request"
                                                event) or "response" (back to the browser,
                                                after "response"); `delay_ms` the time it took
                                                on the virtual clock (not in `at_ms`, which is
                                                real time), `clock` the virtual time when it
                                                arrived (epoch seconds)

Later parts of glassbox add their own types ("sql", "cache", "auth") the same way: a new type
needs no registration, only a call to `record()`:

    >>> trace = Trace()
    >>> event = trace.record("sql", sql="SELECT 1", params=[])
    >>> event["type"], event["sql"]
    ('sql', 'SELECT 1')
"""

import json
import time


class Trace:
    """The list of events recorded while one request was handled."""

    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.started = clock()
        self.events = []

    def record(self, type, **data):
        """Add an event of `type` with the given fields; return it (a dict).

        >>> Trace().record("cache", key="home", hit=True)["hit"]
        True
        """
        event = {"type": type, "at_ms": self.elapsed_ms()}
        event.update(data)
        self.events.append(event)
        return event

    def elapsed_ms(self):
        """Milliseconds since this trace began, rounded to a microsecond."""
        return round((self.clock() - self.started) * 1000, 3)

    def timer(self):
        """Start a stopwatch: call the returned function to get the milliseconds since.

        >>> stop = Trace().timer()
        >>> stop() >= 0
        True
        """
        begun = self.clock()
        return lambda: round((self.clock() - begun) * 1000, 3)

    def of_type(self, type):
        """The events of one type, in the order they happened."""
        return [event for event in self.events if event["type"] == type]

    def types(self):
        """The type of every event, in order: handy in tests and lessons."""
        return [event["type"] for event in self.events]

    def to_list(self):
        """The events as a list of dicts (copies, so changing them leaves the trace alone)."""
        return [dict(event) for event in self.events]

    def to_json(self, indent=None):
        """The events as a JSON array; values JSON cannot hold are written with repr()."""
        return json.dumps(self.to_list(), indent=indent, default=repr)

    def __iter__(self):
        return iter(self.events)

    def __len__(self):
        return len(self.events)

    def __repr__(self):
        return f"<Trace of {len(self.events)} events: {', '.join(self.types())}>"
