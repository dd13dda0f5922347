"""Signals: functions to call when something happens to a model instance.

    >>> def announce(sender, instance, created, **extra):
    ...     print("saved", sender.__name__, "new" if created else "again")
    >>> post_save.connect(announce)
    >>> results = post_save.send(type("Book", (), {}), instance=None, created=True)
    saved Book new
    >>> post_save.disconnect(announce)

`pre_save` and `post_save` run around `Model.save()` (with `created`), `pre_delete` and
`post_delete` around the deletion of each instance, `post_init` at the end of `__init__`,
`m2m_changed` around `add()`, `remove()` and `clear()` of a ManyToManyField (its `action` says
which, "pre_add" ... "post_clear"; `set()` is a remove and an add).
`connect(receiver, sender=Book)` listens to one model only.

Every signal sent is written into the request's trace (the trace of `glassbox.db.connection`,
see `glassbox.trace`) as a "signal" event, *before* its receivers run, so the inspector shows
it in order among the SQL: `pre_save`, then the INSERT, then `post_save`. The event names the
signal, the sender and the receivers that were called. `post_init` runs for every row a query
loads, so it is written down only when someone listens to it.

A receiver that raises stops `send()`: the exception goes on to whoever saved, and the
receivers after it are not called (Django's `send()` does the same). `send_robust()` calls
every receiver and hands back the exception in place of the result instead.

Signals are not transactions. A `post_save` receiver runs the moment the row is written, even
inside an `atomic()` block that rolls back later: an email sent from there announces a row that
never existed. Register the work with `transaction.on_commit()` from the receiver instead.
The request signals, `request_started` and `request_finished`, are in `glassbox.signals`.
"""


class Signal:
    """A list of receivers; `send()` calls each with the sender and keyword arguments."""

    def __init__(self, name, quiet=False):
        self.name = name
        self.quiet = quiet  # True: left out of the trace while nobody listens (post_init)
        self.receivers = []  # (receiver, sender or None for any)

    def connect(self, receiver, sender=None):
        if (receiver, sender) not in self.receivers:
            self.receivers.append((receiver, sender))

    def disconnect(self, receiver, sender=None):
        self.receivers = [(each, each_sender) for each, each_sender in self.receivers
                          if (each, each_sender) != (receiver, sender)]

    def live_receivers(self, sender):
        return [receiver for receiver, wanted in list(self.receivers)
                if wanted is None or wanted is sender]

    def send(self, sender, trace=None, **named):
        """Call each receiver listening to `sender`; return [(receiver, its result)].

        A receiver that raises stops here: the exception propagates (as in Django)."""
        receivers = self.live_receivers(sender)
        self.write_down(sender, receivers, trace, named)
        return [(receiver, receiver(sender=sender, signal=self, **named))
                for receiver in receivers]

    def send_robust(self, sender, trace=None, **named):
        """Like send(), but every receiver is called: one that raises gives its exception in
        place of a result, [(receiver, result or exception)]."""
        receivers = self.live_receivers(sender)
        event = self.write_down(sender, receivers, trace, named)
        results = []
        for receiver in receivers:
            try:
                results.append((receiver, receiver(sender=sender, signal=self, **named)))
            except Exception as error:
                results.append((receiver, error))
                if event is not None:
                    event.setdefault("errors", []).append(
                        f"{name_of(receiver)}: {type(error).__name__}: {error}")
        return results

    def write_down(self, sender, receivers, trace, named):
        """The "signal" trace event (see glassbox.trace), into `trace` or the database's."""
        if self.quiet and not receivers:
            return None
        if trace is None:
            from glassbox import db

            trace = db.connection.trace
        if trace is None:
            return None
        event = {"signal": self.name, "sender": name_of(sender),
                 "receivers": [name_of(receiver) for receiver in receivers]}
        if "instance" in named:
            event["instance"] = short_repr(named["instance"])
        if "created" in named:
            event["created"] = named["created"]
        if "action" in named:
            event["action"] = named["action"]
            event["pk_set"] = sorted(named["pk_set"]) if named.get("pk_set") else named.get(
                "pk_set")
        return trace.record("signal", **event)

    def __repr__(self):
        return f"<Signal {self.name}: {len(self.receivers)} receivers>"


def name_of(thing):
    """A receiver's or sender's name for the trace: `Book`, `send_email`."""
    if thing is None:
        return None
    return getattr(thing, "__qualname__", None) or getattr(thing, "__name__", None) or repr(thing)


def short_repr(value, limit=80):
    try:
        text = repr(value)
    except Exception as error:  # a broken __repr__ must not break the save
        text = f"<unprintable: {type(error).__name__}>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def receiver(signal, sender=None):
    """Decorator form of connect: `@receiver(post_save, sender=Book)`."""

    def decorator(function):
        signal.connect(function, sender)
        return function

    return decorator


pre_save = Signal("pre_save")
post_save = Signal("post_save")
pre_delete = Signal("pre_delete")
post_delete = Signal("post_delete")
post_init = Signal("post_init", quiet=True)
m2m_changed = Signal("m2m_changed")  # ManyToManyField add/remove/clear (many_to_many.py)
