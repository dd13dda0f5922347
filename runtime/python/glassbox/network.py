"""The network: the time a request spends between the browser and the app, on the virtual clock.

A real request crosses a network twice: the request travels to the server, the server works,
and the response travels back. On a laptop talking to itself that takes nothing; a phone on the
other side of the world may wait 150 ms each way before the server has even seen the request.
Glassbox's test client has no network at all, so this module adds one you can turn up: the
Lab's *network latency*, a delay each way, taken from the virtual clock (`glassbox.clock`), so
nothing really waits and a lesson's timeline is the same on every machine.

    >>> from glassbox import clock
    >>> set_latency(150)
    >>> with clock.frozen(1_700_000_000):
    ...     delay = travel("request")
    ...     print(delay, "ms later the clock says", round(clock.time() - 1_700_000_000, 3), "s")
    150 ms later the clock says 0.15 s
    >>> set_latency(0)

Two ways to use it:

- **One request at a time.** `glassbox.test.Client` calls `travel("request", ...)` before the
  app handles a request and `travel("response", ...)` after: the clock moves on by the latency
  each way, and the request's trace gets a "network" event for each crossing (its `delay_ms` is
  virtual time, unlike the trace's `at_ms`, which is real time spent inside the app).
- **Several requests in the air at once.** `Network` keeps requests *in flight*: `send()`
  returns at once, the app handles the request when it arrives (latency later), and the answer
  is handed to a callback when it comes back (latency after that). `wait(ms)` moves time on and
  delivers whatever arrives meanwhile, in order. That is what a page that does not wait for the
  server needs (`glassbox.optimistic`).

The latency is 0 unless someone sets it, so a request crosses no network and records no
"network" event: the test client behaves as if the browser were inside the server.

Real networks also lose, reorder and slow down packets; TCP hides most of that behind a longer
wait. A fixed delay each way is the part that matters for a page that must feel instant.
"""

import heapq

from glassbox import clock

# The Lab's setting: milliseconds each way, for every client that does not choose its own.
_latency_ms = 0


def set_latency(milliseconds):
    """Set the Lab's network latency: milliseconds each way (0: no network)."""
    global _latency_ms
    if milliseconds < 0:
        raise ValueError(f"A network latency cannot be negative ({milliseconds} ms).")
    _latency_ms = milliseconds


def latency():
    """The Lab's network latency, in milliseconds each way."""
    return _latency_ms


def travel(direction, trace=None, latency_ms=None):
    """One crossing of the network: move the virtual clock on by the latency, and write a
    "network" event into `trace` (if any). `direction` is "request" (browser to server) or
    "response" (server to browser). Returns the delay in milliseconds.

    With no latency, nothing happens at all: no time passes and no event is written.
    """
    delay = _latency_ms if latency_ms is None else latency_ms
    if not delay:
        return 0
    clock.advance(seconds=delay / 1000)
    if trace is not None:
        trace.record("network", direction=direction, delay_ms=delay, clock=clock.time())
    return delay


class Flight:
    """One request in the air: sent at `sent_ms`, handled by the app at `arrives_ms`, its
    answer back at `answered_ms` (times on the network's own timeline, in milliseconds)."""

    def __init__(self, number, client, method, path, options, on_answer, sent_ms, latency_ms):
        self.number = number
        self.client = client
        self.method, self.path, self.options = method, path, options
        self.on_answer = on_answer
        self.latency_ms = latency_ms
        self.sent_ms = sent_ms
        self.arrives_ms = sent_ms + latency_ms
        self.answered_ms = None  # known once the server has answered
        self.response = None     # the app's response, once handled
        self.done = False        # the answer has reached the client

    def __repr__(self):
        state = "answered" if self.done else "at the server" if self.response else "in the air"
        return f"<Flight {self.number}: {self.method} {self.path}, {state}>"


class Network:
    """Requests in flight between clients and an app, on a timeline of virtual milliseconds.

        network = Network(latency_ms=200)
        network.send(client, "POST", "/posts/1/like/", on_answer=print)  # returns at once
        network.wait(100)   # the request is still in the air: nothing happens
        network.wait(300)   # it arrived at 200 ms; its answer came back at 400 ms: print ran

    `now_ms` is the time on the network's timeline, which starts at 0; the virtual clock moves
    forward by the same amounts, so the app sees time pass as the requests do. Each flight's
    request is handled by its client (a `glassbox.test.Client`) at the moment it arrives, with
    the network's latency recorded in its trace; answers reach `on_answer(response)` in the
    order they come back.
    """

    def __init__(self, latency_ms=None):
        self.latency_ms = latency_ms  # None: the Lab's setting, read at each send
        self.now_ms = 0
        self.flights = []             # every flight sent, in order
        self._queue = []              # (time, order, what, flight): what happens next
        self._order = 0

    def send(self, client, method, path, on_answer=None, latency_ms=None, **options):
        """Put a request in the air; return its `Flight`. `options` are the test client's
        (`data=`, `json=`, `headers=`, ...). The latency each way is the first one given of:
        `latency_ms` here, the network's, the client's own, the Lab's."""
        delay = next(value for value in (latency_ms, self.latency_ms,
                                         getattr(client, "latency_ms", None), _latency_ms)
                     if value is not None)
        flight = Flight(len(self.flights) + 1, client, method, path, options, on_answer,
                        self.now_ms, delay)
        self.flights.append(flight)
        self._schedule(flight.arrives_ms, "arrive", flight)
        return flight

    def in_flight(self):
        """The flights whose answer has not reached their client yet, oldest first."""
        return [flight for flight in self.flights if not flight.done]

    def wait(self, milliseconds):
        """Let `milliseconds` pass: every arrival and answer due meanwhile happens, in order."""
        self.run_until(self.now_ms + milliseconds)

    def settle(self):
        """Wait until every flight has been answered."""
        while self._queue:
            self.run_until(self._queue[0][0])

    def run_until(self, moment_ms):
        while self._queue and self._queue[0][0] <= moment_ms:
            at_ms, _, what, flight = heapq.heappop(self._queue)
            self._move_to(at_ms)
            if what == "arrive":
                self._arrive(flight)
            else:
                self._answer(flight)
        self._move_to(max(moment_ms, self.now_ms))

    # -- what happens at each moment -------------------------------------------------------------

    def _arrive(self, flight):
        """The request reaches the server: the app handles it now, on the virtual clock."""
        response = flight.client.request(flight.method, flight.path, latency_ms=0,
                                         **flight.options)
        # The trip the test client did not take (latency_ms=0), written into the trace:
        response.trace.events.insert(0, {"type": "network", "at_ms": 0.0, "direction": "request",
                                         "delay_ms": flight.latency_ms,
                                         "clock": clock.time()})
        flight.response = response
        flight.answered_ms = self.now_ms + flight.latency_ms
        self._schedule(flight.answered_ms, "answer", flight)

    def _answer(self, flight):
        """The response reaches the browser: hand it to whoever waits for it."""
        flight.response.trace.record("network", direction="response",
                                     delay_ms=flight.latency_ms, clock=clock.time())
        flight.done = True
        if flight.on_answer is not None:
            flight.on_answer(flight.response)

    def _schedule(self, at_ms, what, flight):
        # `order` keeps events at the same moment in the order they were scheduled.
        self._order += 1
        heapq.heappush(self._queue, (at_ms, self._order, what, flight))

    def _move_to(self, moment_ms):
        if moment_ms > self.now_ms:
            clock.advance(seconds=(moment_ms - self.now_ms) / 1000)
            self.now_ms = moment_ms
