"""Start-up code for the embedded interpreter, and the loop that runs a learner's code.

The Rust runtime imports this module once per interpreter. It

1. makes the platform complete: in the browser there is no operating system underneath, so the
   clocks in `time` and the randomness in `os.urandom` are replaced by ones that read the
   browser's `performance.now()`, `Date.now()` and `crypto.getRandomValues()` (natively the same
   functions read the host's clocks, so both builds run this same code);
2. gives the learner a real `__main__` module whose globals persist from one run to the next;
3. runs code with `run()`, capturing what it prints and describing any error as plain data.

The result of `run()` is a JSON string, so the Rust side needs no knowledge of Python objects.
"""

import sys
import types

import _glassbox_platform as platform

# A learner's program may print in a loop; past this many characters per stream, we keep the
# beginning, drop the rest and say so, instead of filling the page (or memory) with output.
OUTPUT_LIMIT = 1_000_000

# Frames deeper than this raise RecursionError. The browser build links a 16 MiB stack
# (see .cargo/config.toml), which holds this many Python frames with room to spare.
RECURSION_LIMIT = 1000


def install_platform():
    """Point `time` and `os` at clocks and randomness that work on this platform."""
    import time

    def time_ns():
        return platform.time_ns()

    def time_seconds():
        return platform.time_ns() / 1e9

    def monotonic_ns():
        return platform.monotonic_ns()

    def monotonic():
        return platform.monotonic_ns() / 1e9

    if platform.IS_BROWSER:
        add_file_functions_to_posix()
        time.time = time_seconds
        time.time_ns = time_ns
        time.monotonic = time.perf_counter = time.process_time = monotonic
        time.monotonic_ns = time.perf_counter_ns = time.process_time_ns = monotonic_ns
        # The browser build computes local time in UTC; say so where `time` describes its zone.
        if not hasattr(time, "timezone"):
            time.timezone = time.altzone = time.daylight = 0
            time.tzname = ("UTC", "UTC")
            time.tzset = lambda: None

    import os

    os.urandom = platform.urandom
    sys.setrecursionlimit(RECURSION_LIMIT)


# What `os` and the modules that import it reach for in `posix`, beyond what the browser's
# `posix` (runtime/src/platform/posix.rs) provides. There is no file system in a browser tab, so
# each of these raises an OSError saying so, instead of the import of `os` failing outright.
FILE_FUNCTIONS = """
    open close read write lseek fsync isatty stat lstat fstat scandir listdir mkdir rmdir unlink
    remove rename replace chdir access chmod utime readlink symlink link truncate ftruncate
    device_encoding get_terminal_size
""".split()


def add_file_functions_to_posix():
    import errno
    import posix

    def unavailable(name):
        def function(*args, **kwargs):
            raise OSError(getattr(errno, "ENOSYS", 38), f"os.{name}() needs a file system, and code in the browser has none")

        function.__name__ = name
        return function

    for name in FILE_FUNCTIONS:
        if not hasattr(posix, name):
            setattr(posix, name, unavailable(name))


class CapturedStream:
    """A text stream that remembers what is written to it, up to OUTPUT_LIMIT characters."""

    def __init__(self, name):
        self.name = name
        self.parts = []
        self.size = 0
        self.truncated = False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = OUTPUT_LIMIT - self.size
        if len(text) > room:
            text = text[:max(room, 0)]
            self.truncated = True
        self.parts.append(text)
        self.size += len(text)
        if text:
            platform.emit(self.name, text)  # the host may show it before the run ends
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def take(self):
        """Everything written since the last take(), and start afresh."""
        text = "".join(self.parts)
        if self.truncated:
            text += f"\n[output stopped after {OUTPUT_LIMIT:,} characters]\n"
        self.parts, self.size, self.truncated = [], 0, False
        return text


# One stream object each for the interpreter's whole life, so that a logging handler or anything
# else that kept a reference to sys.stderr in an earlier run still reaches the learner.
STDOUT = CapturedStream("<stdout>")
STDERR = CapturedStream("<stderr>")


def new_main_module():
    """A fresh `__main__` module, registered in sys.modules like a real script's."""
    main = types.ModuleType("__main__")
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    return main


def describe_error(error, filename):
    """Plain data about an exception, with the line of the learner's file it came from."""
    import traceback

    line = None
    if isinstance(error, SyntaxError) and error.filename == filename:
        line = error.lineno
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename == filename:
            line = frame.tb_lineno
        frame = frame.tb_next
    return {
        "kind": type(error).__name__,
        "message": safe_str(error),
        "traceback": "".join(traceback.format_exception(type(error), error, learner_frames(error, filename))),
        "line": line,
    }


def safe_str(error):
    """str(error), even when the exception's own __str__ is broken."""
    try:
        return str(error)
    except BaseException:
        return f"<{type(error).__name__}: its message could not be shown>"


def learner_frames(error, filename):
    """The traceback from the first frame of the learner's file on: our own frames are noise."""
    frame = error.__traceback__
    while frame is not None and frame.tb_frame.f_code.co_filename != filename:
        frame = frame.tb_next
    return frame if frame is not None else error.__traceback__


def remember_framework_sources():
    """Let tracebacks quote the framework's own lines, from the sources frozen into the binary."""
    import linecache

    for path, source in platform.framework_sources():
        linecache.cache[path] = (len(source), None, source.splitlines(keepends=True), path)


def remember_source(filename, source):
    """Let tracebacks quote the learner's lines: there is no file on disk to read them from."""
    import linecache

    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)


def run(source, filename, main):
    """Run `source` as the file `filename` in the module `main`; return the outcome as JSON."""
    import json

    STDOUT.take(), STDERR.take()
    remember_source(filename, source)
    error = None
    try:
        code = compile(source, filename, "exec")
        exec(code, main.__dict__)
    except BaseException as caught:  # the learner's SystemExit and KeyboardInterrupt too
        error = describe_error(caught, filename)
    finally:
        sys.stdout, sys.stderr = STDOUT, STDERR  # in case the learner's code replaced them
    return json.dumps({"stdout": STDOUT.take(), "stderr": STDERR.take(), "error": error})


def call(module_name, function_name, arguments_json):
    """Call `module_name.function_name(*arguments)` and return the outcome as `run` does.

    How Rust calls into Python without writing Python source: the arguments arrive as one JSON
    array, and what the function returns goes back as JSON in the outcome's `value`.
    """
    import importlib
    import json

    STDOUT.take(), STDERR.take()
    error, value = None, None
    try:
        function = getattr(importlib.import_module(module_name), function_name)
        value = function(*json.loads(arguments_json))
    except BaseException as caught:
        error = describe_error(caught, f"{module_name}.py")
    finally:
        sys.stdout, sys.stderr = STDOUT, STDERR
    outcome = {"stdout": STDOUT.take(), "stderr": STDERR.take(), "error": error}
    try:
        outcome["value"] = json.loads(json.dumps(value))
    except (TypeError, ValueError):
        outcome["value"] = repr(value)
    return json.dumps(outcome)


# The standard-library modules `import glassbox.app` (and the test client, forms and the ORM)
# pull in: about three quarters of the framework's import time. A spare interpreter imports them
# while the learner reads (see `warm_up`), so a Run's fresh interpreter starts with them loaded.
# Only the standard library: the learner's glassbox files may differ from the frozen ones, so
# glassbox itself is always imported afresh. runtime/tests keeps this list complete.
WARM_MODULES = (
    "__future__", "ast", "base64", "binascii", "bisect", "codeop", "contextlib", "contextvars",
    "copy", "dataclasses", "datetime", "decimal", "difflib", "dis", "email.utils", "hashlib",
    "heapq", "hmac", "html", "html.entities", "http", "importlib.machinery", "inspect", "io",
    "ipaddress", "json", "logging", "math", "numbers", "pickle", "random", "secrets", "string",
    "struct", "textwrap", "threading", "tokenize", "traceback", "urllib.parse", "uuid",
    "warnings", "weakref",
)


def warm_up():
    """Import WARM_MODULES into this interpreter's module cache (never into the learner's
    globals): done in a spare interpreter before anyone needs it."""
    import importlib

    for name in WARM_MODULES:
        importlib.import_module(name)
    return len(WARM_MODULES)


def install_module(name, filename, source, function=None, arguments=()):
    """Make `source` importable as the module `name` (shown as `filename` in tracebacks), then
    call its `function(*arguments)` if one is named. How Rust installs Python that is not frozen
    into the binary (the lesson support module) without writing Python source."""
    module = types.ModuleType(name)
    module.__file__ = filename
    remember_source(filename, source)
    exec(compile(source, filename, "exec"), module.__dict__)
    sys.modules[name] = module
    if function is not None:
        return getattr(module, function)(*arguments)
    return None


def prepend_import_path(folder):
    """Let a script import the files beside it, as `python script.py` does (natively only:
    the browser has no folders)."""
    sys.path.insert(0, folder)


install_platform()
remember_framework_sources()
sys.stdout, sys.stderr = STDOUT, STDERR


def run_tests(name, source):
    """Run the unittest cases in `source` (a test file's text) and print a verbose report.

    Used by `cargo test` natively and by the browser tests, so the same Python suites run in
    both builds. Raises AssertionError when any test fails, so the run reports an error.
    """
    import unittest

    module = types.ModuleType(name)
    module.__file__ = f"{name}.py"
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    if not result.wasSuccessful():
        raise AssertionError(f"{name}: {len(result.failures)} failed, {len(result.errors)} errors")
    return result.testsRun
