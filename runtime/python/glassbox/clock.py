"""The clock: the one place glassbox asks "what time is it?".

Everything that depends on time reads it from here: cache expiry, session expiry, a JWT's
`exp` and `nbf`, signed values' `max_age`, `auto_now` fields, HTTP dates. So a lesson can
stop time, move it forward by five minutes, and watch a token expire or a cache entry go
stale, without waiting and without `time.sleep()`:

    >>> with frozen(1_700_000_000):
    ...     before = time()
    ...     advance(minutes=5)
    ...     print(time() - before)
    300.0

By default the clock is the real one. `freeze()` stops it (at now, or at the moment you
give), `advance()` moves it forward (frozen or not), and `unfreeze()` hands back real time.
"""

import contextlib
import datetime
import time as _real_time

# The state is two numbers. When frozen, `_frozen_at` is the moment shown; otherwise the
# clock is real time plus `_offset` (which `advance()` grows on a running clock).
_frozen_at = None
_offset = 0.0


def time():
    """Seconds since the Unix epoch, as a float (like `time.time()`)."""
    if _frozen_at is not None:
        return _frozen_at
    return _real_time.time() + _offset


def now():
    """The current moment as an aware datetime in UTC (like Django's `timezone.now()`)."""
    return datetime.datetime.fromtimestamp(time(), tz=datetime.timezone.utc)


def utcnow_naive():
    """The current moment in UTC without tzinfo: what `DateTimeField(auto_now=True)` stores."""
    return now().replace(tzinfo=None)


def today():
    """The current date in UTC."""
    return now().date()


def as_seconds(moment):
    """A number, an aware datetime, or a naive datetime (read as UTC) as epoch seconds."""
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        return moment.timestamp()
    return float(moment)


def freeze(at=None):
    """Stop the clock at `at` (seconds or a datetime; default: the current moment)."""
    global _frozen_at
    _frozen_at = time() if at is None else as_seconds(at)


def advance(seconds=0, minutes=0, hours=0, days=0):
    """Move the clock forward (a negative amount moves it back). Returns the new time."""
    global _frozen_at, _offset
    step = seconds + 60 * minutes + 3600 * hours + 86400 * days
    if _frozen_at is not None:
        _frozen_at += step
    else:
        _offset += step
    return time()


def unfreeze():
    """Back to real time: no freeze, no offset."""
    global _frozen_at, _offset
    _frozen_at, _offset = None, 0.0


def is_frozen():
    return _frozen_at is not None


def state():
    """What the inspector shows: the time, and whether (and by how much) it is not real."""
    return {"time": time(), "iso": now().isoformat(timespec="seconds"), "frozen": is_frozen(),
            "offset_seconds": 0.0 if is_frozen() else _offset}


@contextlib.contextmanager
def frozen(at=None):
    """Freeze the clock inside a `with` block, and restore what it was afterwards."""
    global _frozen_at, _offset
    saved = (_frozen_at, _offset)
    freeze(at)
    try:
        yield
    finally:
        _frozen_at, _offset = saved
