"""`_signal` for the browser, where RustPython has none: the `signal` module imports it.

A browser worker receives no operating-system signals, so handlers are only remembered, never
called. Natively the real `_signal` is builtin and takes precedence over this file.
"""

SIG_DFL = 0
SIG_IGN = 1
SIGINT = 2
SIGTERM = 15
NSIG = 65

_handlers = {SIGINT: None, SIGTERM: SIG_DFL}


def default_int_handler(signalnum, frame):
    raise KeyboardInterrupt


_handlers[SIGINT] = default_int_handler


def signal(signalnum, handler):
    """Remember `handler` for `signalnum` and return the previous one."""
    previous = getsignal(signalnum)
    _handlers[signalnum] = handler
    return previous


def getsignal(signalnum):
    if not 0 < signalnum < NSIG:
        raise ValueError("signal number out of range")
    return _handlers.get(signalnum, SIG_DFL)


def valid_signals():
    return set(range(1, NSIG))


def raise_signal(signalnum):
    handler = getsignal(signalnum)
    if callable(handler):
        handler(signalnum, None)


def set_wakeup_fd(fd, *, warn_on_full_buffer=True):
    return -1
