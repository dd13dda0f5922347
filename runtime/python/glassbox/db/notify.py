"""LISTEN / NOTIFY: telling every other connection that something changed, at COMMIT.

PostgreSQL lets one session send a short message on a named channel,

    NOTIFY orders, '42';                 -- or SELECT pg_notify('orders', '42')

and every session that said `LISTEN orders` receives it. glassbox runs on SQLite, which has no
such thing, so this module builds it in Python with PostgreSQL's rules:

    >>> from glassbox.db.connection import Connection
    >>> web, worker = Connection(), Connection()
    >>> bus = Bus()
    >>> bus.attach(web); bus.attach(worker)
    >>> listen("orders", using=worker)
    >>> notify("orders", "42", using=web)
    >>> worker.notifies
    [Notify(pid=1, channel='orders', payload='42')]

The rules, each as PostgreSQL's NOTIFY documentation states it:

- Inside a transaction, a notification is delivered only when the transaction commits; if it
  rolls back, the notification is never sent. A ROLLBACK TO SAVEPOINT throws away the ones
  sent since that savepoint. (Outside `atomic()` every statement commits at once, so does its
  NOTIFY.) Like `transaction.on_commit`, and for the same reason: the listener must never hear
  about a row it then cannot find.
- Notifications from one transaction arrive in the order they were sent, and whole transactions
  arrive in the order they committed.
- Every listening connection gets its own copy, once, even if it listened twice; the sender
  receives its own notifications too if it listens.
- The same channel and the same payload twice in one transaction are folded into one delivery;
  different transactions are never folded.
- The payload must be shorter than 8000 bytes (UTF-8): otherwise `DataError("payload string
  too long")`, PostgreSQL's message. The channel must not be empty ("channel name cannot be
  empty") and is at most 63 bytes ("channel name too long"). Inside `atomic()` the error spoils
  the block, as a failed statement spoils a PostgreSQL transaction.
- LISTEN and UNLISTEN inside a transaction take effect at COMMIT; a rollback leaves the channels
  listened to as they were. `unlisten("*")` stops listening to all of them.

Where glassbox differs, and why:

- The listener reads `connection.notifies`, a list, as psycopg2 does (psycopg 3 has
  `connection.notifies()`, a generator). With PostgreSQL the client learns about notifications
  when it next talks to the server or polls its socket; here they are in the list the moment
  the sender commits, because both connections live in one Python process.
- PostgreSQL keeps one queue of 8 GB for the whole server and, when a listener never reads,
  eventually refuses new NOTIFYs ("too many notifications in the NOTIFY queue"). glassbox keeps
  a small list per listener instead (`Bus.queue_limit`, 100): when it is full the *oldest*
  notification is dropped and the trace says so ("overflow"). A notification is a hint that
  something changed, not a copy of the data; a listener that fell behind should re-read the
  table.
- The connection's `pid` is a number the bus hands out, standing in for the backend process id.

Which connections share a bus? Those of one database: two `Connection`s opened on the same
file name meet on the same bus by themselves; in-memory databases (each is private) get a bus
of their own unless you `attach` them to one, as above.

Every step goes into the acting connection's trace as a "notify" event (see glassbox.trace):
op "listen", "unlisten", "notify" (queued until COMMIT, or `delivered` at once outside a
transaction), "fold" (a duplicate in the same transaction), "deliver" (at COMMIT, with how many
`listeners` got it), "discard" (at ROLLBACK) and "overflow" (a listener's oldest was dropped).
"""

from glassbox.db.exceptions import DataError

MAX_PAYLOAD_BYTES = 8000   # "shorter than 8000 bytes" in the default configuration
MAX_CHANNEL_BYTES = 63     # NAMEDATALEN - 1: an identifier's length in PostgreSQL


class Notify:
    """One notification as the listener sees it: psycopg2's Notify(pid, channel, payload)."""

    def __init__(self, pid, channel, payload):
        self.pid, self.channel, self.payload = pid, channel, payload

    def __eq__(self, other):
        return isinstance(other, Notify) and (self.pid, self.channel, self.payload) == (
            other.pid, other.channel, other.payload)

    def __repr__(self):
        return f"Notify(pid={self.pid}, channel={self.channel!r}, payload={self.payload!r})"


class Bus:
    """The connections of one database, and which channels each listens to."""

    queue_limit = 100  # per listener; the oldest notification is dropped beyond it

    def __init__(self, queue_limit=None):
        if queue_limit is not None:
            self.queue_limit = queue_limit
        self.connections = []
        self.next_pid = 1

    def attach(self, connection):
        """Make `connection` one of this bus's: give it a pid and its listening state."""
        if getattr(connection, "notify_bus", None) is self:
            return
        connection.notify_bus = self
        connection.pid = self.next_pid
        self.next_pid += 1
        connection.listening = []     # channels, in the order first listened to
        connection.pending = []       # this transaction's (level, kind, channel, payload)
        if not isinstance(getattr(connection, "notifies", None), list):
            connection.notifies = []
        connection.notify_hook = lambda what, **details: self.transaction_event(
            connection, what, **details)
        self.connections.append(connection)

    def listeners(self, channel):
        return [each for each in self.connections if channel in each.listening]

    # -- what transaction.atomic() tells us -----------------------------------------------------

    def transaction_event(self, connection, what, depth=0, failed=False):
        if what == "savepoint_ended":
            kept = []
            for level, kind, channel, payload in connection.pending:
                if failed and level > depth:
                    if kind == "notify":
                        record(connection, "discard", channel, payload=payload,
                               reason="ROLLBACK" if depth == 0 else "ROLLBACK TO SAVEPOINT")
                else:
                    kept.append((min(level, depth), kind, channel, payload))
            connection.pending = kept
        elif what == "committed":
            pending, connection.pending = connection.pending, []
            for _level, kind, channel, _payload in pending:  # LISTEN first, then deliver
                if kind != "notify":
                    self.apply(connection, kind, channel)
            sent = set()
            for _level, kind, channel, payload in pending:
                if kind == "notify" and (channel, payload) not in sent:  # folded duplicates
                    sent.add((channel, payload))
                    self.deliver(connection, channel, payload)
        elif what == "rolled_back":
            connection.pending = []

    # -- doing it -------------------------------------------------------------------------------

    def apply(self, connection, kind, channel):
        if kind == "listen" and channel not in connection.listening:
            connection.listening.append(channel)
        elif kind == "unlisten":
            connection.listening = [each for each in connection.listening
                                    if channel not in ("*", each)]

    def deliver(self, sender, channel, payload):
        listeners = self.listeners(channel)
        for listener in listeners:
            listener.notifies.append(Notify(sender.pid, channel, payload))
            while len(listener.notifies) > self.queue_limit:
                dropped = listener.notifies.pop(0)
                for connection in dict.fromkeys([sender, listener]):
                    record(connection, "overflow", dropped.channel, payload=dropped.payload,
                           listener=listener.pid, limit=self.queue_limit,
                           message=f"listener {listener.pid} has not read its "
                                   f"{self.queue_limit} notifications: the oldest was dropped")
        record(sender, "deliver", channel, payload=payload, listeners=len(listeners))


# Buses by database file name: two connections to one file share a bus. (":memory:" is private.)
BUSES = {}


def bus_for(connection):
    """The bus `connection` belongs to, attaching it on first use."""
    bus = getattr(connection, "notify_bus", None)
    if bus is None:
        bus = Bus() if connection.name == ":memory:" else BUSES.setdefault(connection.name, Bus())
        bus.attach(connection)
    return bus


def connection_or_default(using):
    if using is None:
        from glassbox import db

        return db.connection
    return using


def record(connection, op, channel, **data):
    """A "notify" event in the connection's trace (while it has one)."""
    if connection.trace is not None:
        connection.trace.record("notify", op=op, channel=channel, pid=connection.pid, **data)


def refuse(connection, message):
    """PostgreSQL's error; inside atomic() it spoils the block, as a failed statement does."""
    if connection.savepoint_ids:
        connection.needs_rollback = True
    raise DataError(message)


def check_channel(connection, channel):
    if not isinstance(channel, str) or not channel:
        refuse(connection, "channel name cannot be empty")
    if len(channel.encode("utf-8")) > MAX_CHANNEL_BYTES:
        refuse(connection, "channel name too long")


def notify(channel, payload="", using=None):
    """NOTIFY channel, 'payload': delivered to every listener at COMMIT (now, outside atomic())."""
    connection = connection_or_default(using)
    bus = bus_for(connection)
    check_channel(connection, channel)
    if payload is None:
        payload = ""
    if not isinstance(payload, str):
        raise TypeError(f"a payload is a string, not {type(payload).__name__}: "
                        "send json.dumps(...) or an id")
    if len(payload.encode("utf-8")) >= MAX_PAYLOAD_BYTES:
        refuse(connection, "payload string too long")
    if not connection.savepoint_ids:  # autocommit: this statement commits at once
        record(connection, "notify", channel, payload=payload, delivered=True)
        bus.deliver(connection, channel, payload)
        return
    folded = any(kind == "notify" and (channel, payload) == (each, text)
                 for _level, kind, each, text in connection.pending)
    connection.pending.append((len(connection.savepoint_ids), "notify", channel, payload))
    record(connection, "fold" if folded else "notify", channel, payload=payload, delivered=False)


pg_notify = notify  # SELECT pg_notify(channel, payload) is the same call in PostgreSQL


def listen(channel, using=None):
    """LISTEN channel: from COMMIT on (now, outside atomic()), this connection receives it."""
    change(connection_or_default(using), "listen", channel)


def unlisten(channel="*", using=None):
    """UNLISTEN channel (or "*", every channel), at COMMIT like LISTEN."""
    change(connection_or_default(using), "unlisten", channel)


def change(connection, kind, channel):
    bus = bus_for(connection)
    if channel != "*" or kind == "listen":
        check_channel(connection, channel)
    record(connection, kind, channel)
    if connection.savepoint_ids:
        connection.pending.append((len(connection.savepoint_ids), kind, channel, None))
    else:
        bus.apply(connection, kind, channel)
