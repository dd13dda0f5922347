"""Optimistic updates, or latency compensation: a page that shows a change before the server
has agreed to it, and corrects itself when the server answers.

Press a like button on a page that waits for the server, and nothing happens for a round trip:
two crossings of the network (`glassbox.network`), 300 ms on a poor phone connection. So the
page guesses: it shows the like at once, sends the request, and keeps the guess *pending*. When
the answer comes back, the server's word wins:

- the server agrees: the guess stays (it is **confirmed**);
- the server knows better (someone else liked the post meanwhile, so the count is 43, not 42):
  the page shows the server's state (**corrected**);
- the server refuses (the post is gone, you may not like it): the guess is **rolled back**, and
  the page shows what the server says is true.

The one subtle part is a second click made while the first is still in the air. Its guess was
built on top of the first guess; when the first answer arrives, the page must not simply show
the answer (that would undo the second click on screen until its own answer comes back). It
**rebases**: starting from the server's state, it applies again every change still pending, in
order. So what the page shows is always

    shown = the server's last word, with every pending change guessed on top

and a change leaves `pending` the moment its answer arrives. That is all `OptimisticPage` keeps:
`confirmed` (the server's last word), `pending` (changes sent and not yet answered, oldest
first) and a `guess(state, change)` function, the client's prediction of what a change does.

    page = OptimisticPage(Client(app), {"likes": 41, "liked": False}, guess,
                          network=Network(latency_ms=150))
    page.change("like", "POST", "/posts/1/like/")
    page.shown                      # {"likes": 42, "liked": True}: at once
    page.network.wait(300)          # the answer is back: confirmed, corrected or rolled back
    page.history                    # what happened when, for printing a timeline

The server's answer must carry the state (here the post's likes, as JSON): an answer that only
says "OK" leaves the page nothing to correct itself with. A refusal (status 400 or more) that
carries the state is used the same way; one without leaves `confirmed` as it was, which rolls
the guess back.

This is a client's technique: Django, and glassbox, only answer requests. Meteor called it
latency compensation, and its tutorial calls it optimistic UI; React's `useOptimistic` hook
keeps such a guess while an action is pending.
"""

from glassbox.network import Network


class Change:
    """One thing the user did: its `name` ("like"), its `data`, and what became of it."""

    def __init__(self, number, name, data, sent_ms):
        self.number = number
        self.name = name
        self.data = data
        self.sent_ms = sent_ms
        self.outcome = None  # "confirmed", "corrected" or "rolled back", once answered
        self.flight = None   # its request in the air (glassbox.network.Flight)

    def __repr__(self):
        return f"<Change {self.number}: {self.name}, {self.outcome or 'pending'}>"


class OptimisticPage:
    """A page's copy of some server state, changed at once and corrected by the server."""

    def __init__(self, client, state, guess, network=None):
        self.client = client        # a glassbox.test.Client: the app, the cookies
        self.network = network if network is not None else Network()
        self.confirmed = dict(state)  # the server's last word
        self.pending = []           # changes sent and not answered yet, oldest first
        self.guess = guess          # guess(state, change) -> the state the change should make
        self.history = []           # {"at_ms", "event", "change", "shown"}, in order
        self.changes = []           # every change made, answered or not

    @property
    def shown(self):
        """What the page shows: the server's last word with each pending change guessed on
        top, in the order they were made."""
        state = dict(self.confirmed)
        for change in self.pending:
            state = self.guess(dict(state), change)
        return state

    def change(self, name, method, path, data=None, **options):
        """The user does something: show it at once, send it, and keep it pending."""
        change = Change(len(self.changes) + 1, name, data, self.network.now_ms)
        self.changes.append(change)
        self.pending.append(change)
        change.flight = self.network.send(self.client, method, path, data=data,
                                          on_answer=lambda response: self.answered(change,
                                                                                   response),
                                          **options)
        self._note("sent", change)
        return change

    def answered(self, change, response):
        """The server's answer to `change` arrived: its state becomes the page's truth, and
        the changes still pending are guessed again on top of it (rebased)."""
        expected = self.guess(dict(self.confirmed), change)  # what we bet the server would say
        self.pending.remove(change)
        state = answer_state(response)
        if state is not None:
            self.confirmed = state
        if response.status_code >= 400:
            change.outcome = "rolled back"
        elif self.confirmed == expected:
            change.outcome = "confirmed"
        else:
            change.outcome = "corrected"
        self._note(change.outcome, change)

    def timeline(self):
        """The history as lines of text: when, what, and what the page showed after."""
        return [f"{entry['at_ms']:>5} ms  {entry['change']:<8} {entry['event']:<12} "
                f"shows {entry['shown']}" for entry in self.history]

    def _note(self, event, change):
        self.history.append({"at_ms": self.network.now_ms, "event": event,
                             "change": change.name, "shown": self.shown})


def answer_state(response):
    """The state an answer carries: its JSON object, or None when it has none."""
    if "json" not in response.get("Content-Type", ""):
        return None
    try:
        state = response.json()
    except ValueError:
        return None
    return state if isinstance(state, dict) else None
