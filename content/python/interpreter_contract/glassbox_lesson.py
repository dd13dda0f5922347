"""`glassbox_lesson`: the contract between the hosts of the interpreter and the Python inside it.

Two hosts run learners' code: `glassbox check` (natively, to prove the lessons) and the site (in
the browser's worker). Neither writes Python to ask Python things; everything they need from
inside the interpreter is here, in this one module, which is why it lives in a folder named
`interpreter_contract/` rather than among the lessons or the framework. Its name is the same
everywhere: this file is `glassbox_lesson.py`, it is imported as `glassbox_lesson`, and the Rust
side calls it that (`glassbox_content::checking::GLASSBOX_LESSON_SOURCE`,
`glassbox_site::protocol::SUPPORT_MODULE`).

Running an exercise (both hosts, in a fresh interpreter):

1. this module is installed as `glassbox_lesson`, and `install_files()` makes each of the
   exercise's other files importable under its own name (`views.py` is `import views`);
2. the exercise's entry file (`app.py`, `main.py` or its first file) runs as `__main__`;
3. `use_helpers()` puts the helpers below into `__main__`, and each check block runs there, so a
   check sees the learner's names (`app`, `add`, ...) directly.

A check passes when it runs to the end. It fails at the first `assert` or `check()` that does
not hold, and its message is what the learner reads: write it for them.

Asking the running app (the site's inspector, lab and share links): `dispatch(call)` is the one
entry point. `call` is a `SupportCall` of `site/src/protocol.rs` as JSON data, such as
`{"call": "lab", "control": {"control": "advance", "seconds": 60}}`; the reply is JSON data too,
in the shape the Rust reply type for that call reads. The worker passes it in and takes the reply
back through the runtime's `Session::call`, so no Python source is written and nothing is read
from what the app printed.
"""

import importlib.abc
import importlib.util
import linecache
import sys


class CheckFailed(AssertionError):
    """A check that did not pass; its message is shown to the learner."""


def check(condition, message):
    """Fail with `message` (written for the learner) unless `condition` holds."""
    if not condition:
        raise CheckFailed(message)


def defined(name, kind="function"):
    """The learner's top-level `name`, or a failure that tells them to define it."""
    main = sys.modules["__main__"]
    if not hasattr(main, name):
        raise CheckFailed(f"Define a {kind} named `{name}`.")
    return getattr(main, name)


def events(response, type):
    """The events of one type in the trace of the request behind `response`, in order.

    `events(response, "view")` is empty when no view ran; later parts of the framework record
    "sql", "cache" and "auth" events the same way (see glassbox/trace.py for each type's keys).
    """
    trace = getattr(response, "trace", None)
    if trace is None:
        raise CheckFailed("This response has no trace: send the request with `client`, so that it goes through the app.")
    return trace.of_type(type)


class LazyClient:
    """A `glassbox.test.Client` for the learner's `app`, made on first use.

    Checks can say `client.get("/")` without caring whether the lesson's code defines `app`
    until they use it, and the client keeps its cookies across the requests of one check run.
    """

    def __init__(self):
        self._client = None
        self._app = None

    def _real(self):
        app = default_app()
        if app is None:
            raise CheckFailed("Your code must define `app`, the application the requests go to.")
        if self._client is None or self._app is not app:
            from glassbox.test import Client

            self._client, self._app = Client(app), app
        return self._client

    def __getattr__(self, name):
        return getattr(self._real(), name)


client = LazyClient()


def program_servers():
    """The program's `servers` ({name: server}, built with glassbox.servers), or {}."""
    servers = getattr(sys.modules["__main__"], "servers", None)
    return servers if isinstance(servers, dict) else {}


def default_app():
    """The app requests go to by default: the program's `app`, else its first server."""
    app = getattr(sys.modules["__main__"], "app", None)
    if app is None:
        app = next(iter(program_servers().values()), None)
    return app


def server_name(app):
    """The name under which `app` is one of the program's servers, or None."""
    return next((name for name, server in program_servers().items() if server is app), None)


SERVER_CLIENTS = {}


def client_for(server):
    """A client for the named server that shares `client`'s cookies: one browser, and a load
    balancer that sent this request to `server`."""
    servers = program_servers()
    if server not in servers:
        known = ", ".join(servers) or "none: the program defines no `servers`"
        raise ValueError(f"There is no server {server!r} (the servers are {known}).")
    from glassbox.test import Client

    made = SERVER_CLIENTS.get(server)
    if made is None or made.app is not servers[server]:
        made = SERVER_CLIENTS[server] = Client(servers[server])
    made.cookies = client.cookies
    return made

def send(method, target, headers=(), body=""):
    """Send a request written in an `http` block to the learner's app; print and return the
    response. `headers` is a list of (name, value) pairs."""
    response = request(method, target, headers, body)
    print(response.serialize().decode("utf-8", "replace"))
    return response


def request(method, target, headers=(), body="", server=None):
    """Send a written-out request (headers as (name, value) pairs, the body as text) with
    `client` (or, given `server`, to that one of the program's servers): its Content-Type
    header becomes the client's `content_type`."""
    headers = dict(headers)
    content_type = None
    for name in list(headers):
        if name.lower() == "content-type":
            content_type = headers.pop(name)
    data = body.encode("utf-8") if body else None
    sender = client if server is None else client_for(server)
    return sender.request(method, target, data=data, content_type=content_type, headers=headers)


def header_pairs(text):
    """The request builder's headers, one `Name: value` per line, as (name, value) pairs."""
    pairs = []
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            pairs.append((name.strip(), value.strip()))
    return pairs


def inspect(draft):
    """Send the site's request builder's request (`draft`, a `RequestDraft`: method, target,
    headers as text, body, and `server`: one of the program's `servers` by name, or None for
    the default) to the learner's app; return the record the inspector draws (`Exchange`).

    The record holds the response, the trace of the request's trip through the framework, what
    the app printed on the way, the browser's cookie jar, and the server that answered (None
    when the program has no `servers`). A streaming response is not read here: it is kept open
    (`stream`: its number) for `read_stream`, which reads it a piece at a time.
    """
    import contextlib
    import io

    server = draft.get("server")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        response = request(draft["method"], draft["target"], header_pairs(draft["headers"]),
                           draft["body"], server=server)
    trace = getattr(response, "trace", None)
    streaming = getattr(response, "streaming", False)
    answered = client if server is None else client_for(server)
    return {
        "request": draft,
        "status": response.status_code,
        "reason": response.reason_phrase,
        "headers": [[name, value] for name, value in response.header_lines()],
        "body": "" if streaming else response.content.decode("utf-8", "replace"),
        "trace": trace.to_list() if trace is not None else [],
        "printed": printed.getvalue(),
        "cookie_jar": dict(client.cookies),
        "secrets": secrets_of(answered.app),
        "session": session_contents(answered),
        "server": server if server is not None else server_name(default_app()),
        "stream": keep_open(response) if streaming else None,
    }


# The streams the inspector has opened and not read to their end: number -> [response, its
# pieces (one iterator, read a piece at a time), the text read so far].
OPEN_STREAMS = {}


def keep_open(response):
    """Keep a streaming response open for `read_stream`, unread: its pieces are made only as
    the client reads them (a stream of notifications hands out what has arrived by then)."""
    number = len(OPEN_STREAMS) + 1
    while number in OPEN_STREAMS:
        number += 1
    OPEN_STREAMS[number] = [response, response.streaming_content, ""]
    return {"id": number, "open": True, "pieces": 0}


def read_stream(stream, pieces=None, close=False):
    """Read the next `pieces` pieces (None: to its end) of the inspector's open stream number
    `stream`, or hang up (`close`), as a browser would; return what the inspector shows of it
    (`StreamReading`): the text read so far, the request's trace with the stream's events, and
    whether it is still open."""
    if stream not in OPEN_STREAMS:
        raise ValueError(f"Stream {stream} is not open any more: it ended, or the program has "
                         "been run again since (send its request again).")
    response, iterator, text = OPEN_STREAMS[stream]
    count, ended = 0, False
    if close:
        response.close()
        ended = True
    while not ended and (pieces is None or count < pieces):
        piece = next(iterator, None)
        if piece is None:
            ended = True
        else:
            text += piece.decode("utf-8", "replace")
            count += 1
    if ended:
        del OPEN_STREAMS[stream]
    else:
        OPEN_STREAMS[stream][2] = text
    trace = getattr(response, "trace", None)
    return {"id": stream, "open": not ended, "pieces": response.chunks_sent, "body": text,
            "trace": trace.to_list() if trace is not None else []}


def session_contents(client):
    """What the server keeps under the browser's session cookie, or None without one."""
    import urllib.parse

    settings = getattr(client.app, "settings", None)
    key = client.cookies.get(getattr(settings, "SESSION_COOKIE_NAME", "sessionid"))
    if not key:
        return None
    try:
        from glassbox.sessions.backends import SessionStore

        store = SessionStore(urllib.parse.unquote(key), connection=getattr(client.app, "database", None))
        return {"key": key, "data": dict(store.data), "problem": store.load_problem}
    except Exception as error:  # no session table, or an app without sessions
        return {"key": key, "data": {}, "problem": f"{type(error).__name__}: {error}"}


def explain(sql, params):
    """The query plan of one statement of the inspector's SQL panel: its lines (`QueryPlan`).
    The parameters come as the trace recorded them."""
    rows = app_database().execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return [str(row[-1]) for row in rows]


def app_database():
    """The database of the learner's `app` (its own, or glassbox's default connection)."""
    from glassbox.db import connection

    return getattr(getattr(sys.modules["__main__"], "app", None), "database", None) or connection


def quote_name(name):
    """A table or column name as an SQL identifier, whatever it contains."""
    return '"' + name.replace('"', '""') + '"'


def dump_rows():
    """Every row of every table of the app's database, for share links (`DatabaseRows`):
    {table: {"columns": [...], "rows": [[...], ...]}}."""
    database = app_database()
    tables = [row[0] for row in database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()]
    dump = {}
    for table in tables:
        cursor = database.execute(f"SELECT * FROM {quote_name(table)}")
        dump[table] = {"columns": [column[0] for column in cursor.description],
                       "rows": [list(row) for row in cursor.fetchall()]}
    return dump


def load_rows(rows):
    """Replace the rows of the app's tables with a share link's (`rows` as `dump_rows` gives
    them; tables the code did not create are skipped). Returns how many rows went into which
    table (`LoadedRows`)."""
    database = app_database()
    existing = {row[0] for row in database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    loaded = {}
    database.execute("PRAGMA foreign_keys = OFF")  # rows arrive table by table, in any order
    try:
        for table, content in rows.items():
            if table not in existing:
                continue
            database.execute(f"DELETE FROM {quote_name(table)}")
            columns = ", ".join(quote_name(column) for column in content["columns"])
            marks = ", ".join("?" for _ in content["columns"])
            for row in content["rows"]:
                database.execute(f"INSERT INTO {quote_name(table)} ({columns}) VALUES ({marks})", row)
            loaded[table] = len(content["rows"])
    finally:
        database.execute("PRAGMA foreign_keys = ON")
    return loaded


def secrets_of(app):
    """The app's secret settings, which the inspector hides in presenter mode."""
    settings = getattr(app, "settings", None)
    values = [getattr(settings, name, None) for name in ("SECRET_KEY", "JWT_SIGNING_KEY")]
    return [value for value in values if isinstance(value, str) and value]


def lab(control):
    """Work one of the inspector's lab controls (`LabControl`: `{"control": "advance",
    "seconds": 60}`, "freeze", "real_time", `{"control": "latency", "milliseconds": 50}`,
    `{"control": "network_latency", "milliseconds": 150}`, "clear_cache", or "read" for
    nothing); return the lab's reading (`LabReading`): the clock, the database's added latency,
    the network's (each way, per request: glassbox.network), and every cache entry with its
    time left on the (virtual) clock."""
    from glassbox import clock, network
    from glassbox.db import connection

    handler = app_caches()
    action = control["control"]
    if action == "advance":
        clock.advance(seconds=control["seconds"])
    elif action == "real_time":
        clock.unfreeze()
    elif action == "freeze":
        clock.freeze()
    elif action == "latency":
        connection.latency_ms = control["milliseconds"]
    elif action == "network_latency":
        network.set_latency(control["milliseconds"])
    elif action == "clear_cache":
        for server in each_server():
            caches = app_caches(program_servers()[server]) if server else handler
            for cache in caches.all() if caches is not None else ():
                cache.clear()
    elif action != "read":
        raise ValueError(f"unknown lab control {action!r}")
    entries = []
    for server in each_server():  # each server's entries, named
        caches = app_caches(program_servers()[server]) if server else handler
        entries += [dict(entry, server=server) if server else entry
                    for entry in cache_entries(caches)]
    return {"clock": clock.state(), "latency_ms": getattr(connection, "latency_ms", 0),
            "network_latency_ms": network.latency(),
            "cache_entries": entries, "servers": list(program_servers())}


def each_server():
    """Run the loop's body once as each of the program's servers (its local-memory caches are
    its own), yielding its name; once, yielding None, when the program has no `servers`."""
    servers = program_servers()
    if not servers:
        yield None
        return
    for name, server in servers.items():
        with server.active():
            yield name


def app_caches(app=None):
    """The caches of the learner's `app` (its own, or the shared `glassbox.cache.caches`)."""
    app = app if app is not None else default_app()
    handler = getattr(app, "caches", None)
    if handler is None:
        try:
            from glassbox.cache import caches as handler
        except ImportError:
            return None
    return handler


def cache_entries(handler):
    """Each entry of the in-memory caches: its stored key and seconds left (None: forever)."""
    from glassbox import clock

    entries = []
    for cache in handler.all() if handler is not None else ():
        expires = getattr(cache, "_expires", None)
        if not isinstance(expires, dict):
            continue  # not an in-memory cache: its entries live elsewhere
        for key, moment in expires.items():
            left = None if moment is None else round(moment - clock.time(), 1)
            entries.append({"cache": getattr(cache, "alias", ""), "key": key, "time_left": left})
    return entries

CONSOLE_FILE = "<console>"


def console_line(source):
    """Run a line typed under the site's console in the program's interpreter, as Python's own
    prompt does: in `__main__`, where the program's names are; an expression's value is printed
    (its repr; None prints nothing). An error is printed as a traceback of the typed line alone,
    and the interpreter goes on: the next line sees everything that came before."""
    import traceback

    main = sys.modules["__main__"]
    remember = getattr(sys.modules.get("_glassbox_boot"), "remember_source", None)
    if remember is not None:
        remember(CONSOLE_FILE, source)
    try:
        code = compile(source, CONSOLE_FILE, "single")
        exec(code, main.__dict__)
    except BaseException as error:  # the learner's SystemExit too: the interpreter stays
        frames = error.__traceback__
        while frames is not None and frames.tb_frame.f_code.co_filename != CONSOLE_FILE:
            frames = frames.tb_next
        sys.stderr.write("".join(traceback.format_exception(type(error), error, frames)))


def queries():
    """The SQL the program sent while it ran, outside any request (`RunQueries`): each
    statement of `connection.queries` with its parameters and milliseconds. Nothing when the
    program never imported glassbox.db (importing it here would only cost time)."""
    if "glassbox.db" not in sys.modules:
        return []
    # A program with `servers` also sent SQL through each server's own connection.
    connections = [app_database()]
    for server in program_servers().values():
        connection = getattr(server, "connection", None)
        if connection is not None and all(connection is not seen for seen in connections):
            connections.append(connection)
    return [{"sql": query["sql"], "params": query.get("params", []),
             "duration_ms": float(query.get("time", 0)) * 1000}
            for connection in connections for query in connection.queries]


CALLS = {
    "inspect": inspect,
    "queries": queries,
    "lab": lab,
    "explain": explain,
    "dump_rows": dump_rows,
    "load_rows": load_rows,
    "read_stream": read_stream,
}


def dispatch(call):
    """The site's one way in: run the `SupportCall` `call` (`{"call": name, **arguments}`) and
    return its reply as JSON data (what does not convert, such as a date in a row, becomes its
    text)."""
    import json

    arguments = dict(call)
    name = arguments.pop("call", None)
    if name not in CALLS:
        raise ValueError(f"glassbox_lesson has no call {name!r} (it knows {', '.join(CALLS)})")
    return json.loads(json.dumps(CALLS[name](**arguments), default=str))


HELPERS = {
    "check": check,
    "CheckFailed": CheckFailed,
    "defined": defined,
    "events": events,
    "client": client,
}


class LearnerFiles(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and loads the learner's files from memory: there are no files on disk in a browser."""

    def __init__(self, files):
        self.files = files  # module name -> (file name, source)

    def find_spec(self, name, path=None, target=None):
        if name not in self.files:
            return None
        return importlib.util.spec_from_loader(name, self, origin=self.files[name][0])

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        filename, source = self.files[module.__name__]
        module.__file__ = filename
        exec(compile(source, filename, "exec"), module.__dict__)


def install_files(files, entry):
    """Make every file but the entry importable; `files` maps file names to sources."""
    for filename, source in files.items():
        linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    modules = {name[: -len(".py")]: (name, source) for name, source in files.items() if name != entry}
    sys.meta_path.insert(0, LearnerFiles(modules))


def use_helpers():
    """Put the helpers into `__main__`, where the checks run (after the learner's code)."""
    sys.modules["__main__"].__dict__.update(HELPERS)
    remember_server_errors()


# Tracebacks of exceptions that views (or middleware) raised and the app turned into a 500, most
# recent last: a check only sees "500", and `glassbox check` shows the author what was behind it.
SERVER_ERRORS = []
SERVER_ERRORS_KEPT = 3


def remember_server_errors():
    """Have every app note the traceback of each exception it turns into a server error (once
    the learner's code has imported the framework: importing it for code that does not use it
    would slow every check down)."""
    import traceback

    if "glassbox.app" not in sys.modules:
        return
    from glassbox.app import Glassbox
    from glassbox.exceptions import BadRequest, PermissionDenied
    from glassbox.http import Http404

    answered = Glassbox.response_for_exception
    if getattr(answered, "remembers_server_errors", False):
        return

    def response_for_exception(app, request, error):
        if not isinstance(error, (Http404, PermissionDenied, BadRequest)):
            # From the first frame outside the framework: the learner's view, usually.
            frames = error.__traceback__
            while frames is not None and frames.tb_frame.f_code.co_filename.startswith("glassbox/"):
                frames = frames.tb_next
            if frames is None:  # raised by the framework itself: where it was raised is enough
                frames = error.__traceback__
                while frames is not None and frames.tb_next is not None:
                    frames = frames.tb_next
            SERVER_ERRORS.append("".join(traceback.format_exception(type(error), error, frames)))
            del SERVER_ERRORS[:-SERVER_ERRORS_KEPT]
        return answered(app, request, error)

    response_for_exception.remembers_server_errors = True
    Glassbox.response_for_exception = response_for_exception


def take_server_errors():
    """The server errors' tracebacks since the last call, and forget them."""
    taken = list(SERVER_ERRORS)
    SERVER_ERRORS.clear()
    return taken
