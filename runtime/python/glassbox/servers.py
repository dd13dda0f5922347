"""Two servers, one database: what one process knows and the others do not.

A real site runs its app in several processes, often on several machines (`web-1`, `web-2`
behind a load balancer), all talking to one database. Each process imported the same code, but
each has its own memory: its own settings object, its own local-memory cache, its own signal
receivers, its own database connection. A lesson starts two of them like this:

    def start_up(server):           # what every process runs when it starts
        server.listen("scores", forget_the_board)
        return Glassbox(urls=urls)

    servers = start_servers(["web-1", "web-2"], start_up)
    Client(servers["web-1"]).post("/scores/", {"points": 7})

`servers` is a dict, name -> `Server`, in the order given; a `Server` is used like an app
(`Client(server)`, `server.handle(request)`, `server.settings`). What it shows:

- **A signal stays in its process.** `post_save` is a function call inside the process that
  saved. A receiver that clears the local-memory cache clears *that server's* cache; the other
  server goes on serving what it cached.
- **A notification reaches every listener.** `NOTIFY` goes through the database
  (glassbox.db.notify), so every server whose connection said `LISTEN` receives it, at the
  sender's COMMIT. `server.listen(channel, handler)` is LISTEN plus a function to call with each
  arrival (psycopg 3 calls this `add_notify_handler`).

How one Python interpreter plays several processes: only one server runs at a time, and while
it runs (handling a request, receiving a notification, producing the next piece of a stream),
it is *active*: for that time the process-wide state is its own.

- `glassbox.db.connection` is the server's connection (its `pid`, its LISTENs, its `queries`,
  its transaction), so models, `atomic()` and `notify()` use it;
- every signal's receivers are the server's: those connected before the servers started (every
  process imported that code) plus those it connected itself while active;
- every local-memory cache (`LocMemCache` in `glassbox.cache.caches`) holds the server's
  entries. A database cache is shared, as it is on a real site.

The server is set back when it stops running, so code outside any server sees what it saw
before. Start the servers after defining everything every process should import.

Every trace event recorded while a server is active carries `"server": name`, so the
inspector can say which server did what: a request to `web-1` whose save notifies shows
`web-1`'s INSERT and NOTIFY, then `web-2` receiving it and clearing its cache.

Where the model is simpler than real processes, and why:

- A real listener wakes when its socket says a notification arrived, concurrently with the
  sender. Here the bus wakes each listening server at once, at the sender's COMMIT, one after
  the other: there is one thread.
- The servers' connections share one SQLite handle underneath (each keeps its own `queries`,
  trace, transaction bookkeeping, `pid` and LISTENs). One thread runs one statement at a time, so
  they never overlap; two real processes would each hold a connection and their own
  transaction.
- A real stream waits for the next notification. In one thread nothing could arrive while it
  waits, so `server.notifications(channel)` hands out what has arrived and then ends, like
  psycopg 3's `connection.notifies(timeout=0)`. Read a stream after the change that feeds it.
- A listener that raises does not break the sender: its error is written into the trace (an
  "error" event with the server's name) and kept in `server.errors`, as a separate process
  would log it.
"""

import contextlib
from collections import OrderedDict

from glassbox.db.connection import Connection
from glassbox.db.notify import Bus, listen, record, unlisten


class ServerTrace:
    """A request's trace as one server writes into it: every event gets `"server": name`."""

    def __init__(self, trace, name):
        self.trace = base_trace(trace)
        self.name = name

    def record(self, type, **data):
        data.setdefault("server", self.name)
        return self.trace.record(type, **data)

    def __getattr__(self, name):  # of_type(), timer(), events, to_list(): the trace's own
        return getattr(self.trace, name)

    def __iter__(self):
        return iter(self.trace)

    def __len__(self):
        return len(self.trace)

    def __repr__(self):
        return f"<{self.name}'s view of {self.trace!r}>"


def base_trace(trace):
    """The trace underneath any server's view of it."""
    return trace.trace if isinstance(trace, ServerTrace) else trace


class ServerConnection(Connection):
    """A server's own connection to the shared database: its own `pid`, LISTENs, `notifies`,
    `queries`, trace and transaction state; SQLite's handle is the shared connection's."""

    def __init__(self, server, shared):
        super().__init__(shared.name)
        self.server = server
        self.shared = shared

    @property
    def database(self):
        return self.shared.database

    @property
    def latency_ms(self):  # the Lab's "slow database" slows every server's connection
        return self.shared.latency_ms if hasattr(self, "shared") else 0

    @latency_ms.setter
    def latency_ms(self, value):
        if hasattr(self, "shared"):  # (Connection.__init__ sets it to 0 before there is one)
            self.shared.latency_ms = value

    def close(self):
        """Nothing to close: the handle is the shared connection's (reset that one)."""

    def __repr__(self):
        return f"<Connection of {self.server.name}, pid {getattr(self, 'pid', None)}>"


class ServerBus(Bus):
    """The database's notification bus, which wakes each listening server when a notification
    reaches its connection (a real listener would be woken by its socket)."""

    def deliver(self, sender, channel, payload):
        super().deliver(sender, channel, payload)
        trace = base_trace(sender.trace) if sender.trace is not None else None
        for listener in self.listeners(channel):
            server = getattr(listener, "server", None)
            if server is not None:
                server.receive(trace)


# -- what is "the process's" state, and switching it -----------------------------------------------


SIGNALS = []  # filled on first use: every switch between servers walks it


def all_signals():
    """The framework's signals (model signals and request signals), each once."""
    if not SIGNALS:
        from glassbox import signals as request_signals
        from glassbox.db.models import signals as model_signals

        SIGNALS.extend(dict.fromkeys(
            value for module in (model_signals, request_signals)
            for value in vars(module).values() if isinstance(value, model_signals.Signal)))
    return SIGNALS


def local_memory_caches():
    """The local-memory cache backends of `glassbox.cache.caches` created so far."""
    from glassbox.cache import caches
    from glassbox.cache.backends.locmem import LocMemCache

    return [backend for backend in caches.all() if isinstance(backend, LocMemCache)]


class Process:
    """The state one process has to itself: its connection, its receivers, its cache memory."""

    name = None

    def __init__(self, connection=None):
        self.connection = connection
        self.receivers = {}  # signal -> its list of (receiver, sender)
        self.memory = {}     # LocMemCache backend -> (its entries, their expiry times)

    def put_away(self):
        """Keep the process-wide state as this process left it."""
        from glassbox import db

        self.connection = db.connection
        for signal in all_signals():
            self.receivers[signal] = signal.receivers
        for backend in local_memory_caches():
            self.memory[backend] = (backend._cache, backend._expires)

    def bring_back(self):
        """Make the process-wide state this process's again."""
        from glassbox import db

        db.connection = self.connection
        for signal in all_signals():
            signal.receivers = self.receivers.setdefault(signal, [])
        for backend in local_memory_caches():
            backend._cache, backend._expires = self.memory.setdefault(
                backend, (OrderedDict(), {}))


# The process as it was before any server ran; servers take turns on top of it.
OUTSIDE = Process()
RUNNING = [OUTSIDE]


def current_server():
    """The server running now, or None outside every server."""
    running = RUNNING[-1]
    return running if isinstance(running, Server) else None


@contextlib.contextmanager
def switched_to(process):
    """Inside the block, the process-wide state is `process`'s; afterwards, as before."""
    RUNNING[-1].put_away()
    process.bring_back()
    RUNNING.append(process)
    try:
        yield process
    finally:
        RUNNING.pop()
        process.put_away()
        RUNNING[-1].bring_back()


# -- a server --------------------------------------------------------------------------------------


class Server(Process):
    """One app instance: a name, the app its start-up made, and a process's own state."""

    def __init__(self, name, shared, bus):
        super().__init__()
        self.name = name
        self.connection = ServerConnection(self, shared)
        bus.attach(self.connection)
        # Every process imported the same code: it starts with the receivers connected so far.
        self.receivers = {signal: list(signal.receivers) for signal in all_signals()}
        self.handlers = {}   # channel -> functions called with each Notify that arrives
        self.received = []   # every Notify this server received, oldest first
        self.errors = []     # what its handlers raised
        self.opened = None   # during a request: the Arrivals its view made
        self.app = None

    @contextlib.contextmanager
    def active(self, trace=None):
        """Run as this server; with `trace`, its SQL and cache operations are written there."""
        with switched_to(self):
            if trace is None:
                yield self
                return
            view = ServerTrace(trace, self.name)
            with contextlib.ExitStack() as lent:
                lent.enter_context(self.connection.tracing(view))
                caches = getattr(self.app, "caches", None)
                if caches is not None:
                    lent.enter_context(caches.tracing(view))
                yield self

    # -- used like an app ---------------------------------------------------------------------

    def handle(self, request):
        """Handle `request` as this server: its app, its connection, its caches, its receivers;
        every event of the request's trace is marked with the server's name."""
        plain = request.trace
        request.server = self
        request.trace = request.GET.trace = ServerTrace(plain, self.name)
        opened_before, self.opened = self.opened, []  # (a request can nest in another's)
        try:
            with self.active():
                response = self.app.handle(request)
        finally:
            request.trace = request.GET.trace = plain
            opened, self.opened = self.opened, opened_before
        if response.streaming:
            self.keep_streaming(response, opened)
        else:  # nobody will read them: stop listening
            for arrivals in opened:
                arrivals.close()
        return response

    def keep_streaming(self, response, arrivals=()):
        """A stream's pieces are made as the client reads them: make each one as this server.
        When the stream ends or the client hangs up, the `arrivals` its view opened close."""
        source, trace = response._source, response.trace

        def pieces():
            finished = object()
            try:
                while True:
                    with self.active(trace):
                        piece = next(source, finished)
                    if piece is finished:
                        return
                    yield piece
            finally:  # the client hung up or the stream ended: close the view's generator here
                closer = getattr(source, "close", None)
                with self.active(trace):
                    if closer is not None:
                        closer()
                    for each in arrivals:
                        each.close()

        response._source = pieces()

    def __call__(self, environ, start_response):  # WSGI, like the app
        from glassbox.http import HttpRequest

        request = HttpRequest.from_environ(environ)
        response = self.handle(request)
        start_response(f"{response.status_code} {response.reason_phrase}",
                       [(name, value) for name, value in response.header_lines()
                        if name != "Transfer-Encoding"])
        return response.streaming_content if response.streaming else [response.content]

    def __getattr__(self, name):  # settings, caches, database, urlconf, reverse: the app's
        if name == "app" or self.__dict__.get("app") is None:
            raise AttributeError(name)
        return getattr(self.app, name)

    # -- notifications ------------------------------------------------------------------------

    def listen(self, channel, handler):
        """LISTEN on this server's connection; call `handler(notify)` with each arrival."""
        listen(channel, using=self.connection)
        self.handlers.setdefault(channel, []).append(handler)

    def stop_listening(self, channel, handler):
        chosen = self.handlers.get(channel, [])
        if handler in chosen:
            chosen.remove(handler)
        if not chosen:
            self.handlers.pop(channel, None)
            unlisten(channel, using=self.connection)

    def notifications(self, channel):
        """The notifications on `channel` that reach this server from now on, to iterate over
        (a stream's source). It ends when none is waiting: see the module docstring."""
        return Arrivals(self, channel)

    def receive(self, trace=None):
        """Read what reached this server's connection and call each channel's handlers, as this
        server; `trace` (the sender's request, if any) gets a "notify" event, op "receive",
        for each, then whatever the handlers did."""
        while self.connection.notifies:
            note = self.connection.notifies.pop(0)
            self.received.append(note)
            handlers = list(self.handlers.get(note.channel, []))
            with self.active(trace):
                from glassbox.db.models.signals import name_of

                if trace is not None:
                    ServerTrace(trace, self.name).record(
                        "notify", op="receive", channel=note.channel, pid=self.connection.pid,
                        sender=note.pid, payload=note.payload,
                        handlers=[name_of(handler) for handler in handlers])
                for handler in handlers:
                    self.call_handler(handler, note, trace)

    def call_handler(self, handler, note, trace):
        """One handler; what it raises is this server's problem, not the sender's."""
        try:
            handler(note)
        except Exception as error:
            from glassbox import debug

            self.errors.append(error)
            if trace is not None:
                ServerTrace(trace, self.name).record(
                    "error", kind=type(error).__name__, message=str(error),
                    where=debug.where(error))

    def __repr__(self):
        return f"<Server {self.name}>"


class Arrivals:
    """The notifications of one channel reaching one server, queued for a reader (a stream).

    Made in the view, so it hears everything from the moment the request was handled; iterate
    over it to take them in order. When none is waiting, iteration ends (one thread cannot wait
    for another process), and it stops listening. It also stops when its stream ends or the
    client hangs up (or at once, if the view answered with a response that is not a stream),
    or on `close()`."""

    def __init__(self, server, channel):
        self.server, self.channel = server, channel
        self.waiting = []
        self.closed = False
        server.listen(channel, self.arrived)
        if server.opened is not None:
            server.opened.append(self)

    def arrived(self, note):
        self.waiting.append(note)

    arrived.__qualname__ = "stream"  # how the trace names this handler

    def __iter__(self):
        return self

    def __next__(self):
        if self.waiting:
            note = self.waiting.pop(0)
            # Written into the stream's trace just before the piece made from it, so the
            # inspector can tell which notification each piece came from.
            record(self.server.connection, "read", note.channel, payload=note.payload,
                   sender=note.pid)
            return note
        self.close()
        raise StopIteration

    def close(self):
        if not self.closed:
            self.closed = True
            self.server.stop_listening(self.channel, self.arrived)


class Servers(dict):
    """The servers by name, in the order they were started."""

    def __repr__(self):
        return f"<Servers {', '.join(self)}>"


def start_servers(names, start_up, database=None):
    """Start one server per name over one database (`database`, by default
    `glassbox.db.connection`): each runs `start_up(server)` as itself and keeps the app it
    returns. Returns {name: Server}.

    The servers' connections, and the database's own, join one notification bus."""
    from glassbox import db

    shared = database if database is not None else db.connection
    bus = getattr(shared, "notify_bus", None)
    if not isinstance(bus, ServerBus):
        bus = ServerBus()
        bus.attach(shared)
    servers = Servers()
    for name in names:
        if name in servers:
            raise ValueError(f"Two servers are named {name!r}: each needs a name of its own.")
        server = Server(name, shared, bus)
        with server.active():
            server.app = start_up(server)
        if server.app is None or not callable(getattr(server.app, "handle", None)):
            raise TypeError(f"start_up({name!r}) returned {server.app!r}; it must return the "
                            "app this server runs (a Glassbox).")
        servers[name] = server
    return servers
