"""Signals: functions to call when something happens to a model instance.

    >>> def announce(sender, instance, created, **extra):
    ...     print("saved", sender.__name__, "new" if created else "again")
    >>> post_save.connect(announce)
    >>> results = post_save.send(type("Book", (), {}), instance=None, created=True)
    saved Book new
    >>> post_save.disconnect(announce)

`pre_save` and `post_save` run around `Model.save()` (with `created`), `pre_delete` and
`post_delete` around the deletion of each instance, `post_init` at the end of `__init__`.
`connect(receiver, sender=Book)` listens to one model only.
"""


class Signal:
    """A list of receivers; `send()` calls each with the sender and keyword arguments."""

    def __init__(self, name):
        self.name = name
        self.receivers = []  # (receiver, sender or None for any)

    def connect(self, receiver, sender=None):
        if (receiver, sender) not in self.receivers:
            self.receivers.append((receiver, sender))

    def disconnect(self, receiver, sender=None):
        self.receivers = [(each, each_sender) for each, each_sender in self.receivers
                          if (each, each_sender) != (receiver, sender)]

    def send(self, sender, **named):
        """Call each receiver listening to `sender`; return [(receiver, its result)]."""
        return [(receiver, receiver(sender=sender, signal=self, **named))
                for receiver, wanted in list(self.receivers)
                if wanted is None or wanted is sender]

    def __repr__(self):
        return f"<Signal {self.name}: {len(self.receivers)} receivers>"


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
post_init = Signal("post_init")
