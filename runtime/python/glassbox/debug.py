"""Error pages: what the browser sees when something goes wrong.

With `DEBUG = True` the pages teach: the 500 page shows the exception, the traceback with the
frames of *your* code marked and their local variables (the framework's frames are dimmed),
and the request; the 404 page
lists the URL patterns that were tried. With `DEBUG = False` the pages say as little as
possible, because on a real site a traceback would show strangers how your code works.
"""

import html
import traceback

from glassbox.http import HttpResponseNotFound, HttpResponseServerError

STYLE = """<style>
body{font:15px/1.4 system-ui,sans-serif;margin:0}header{background:#ffc;padding:1em 2em;
border-bottom:1px solid #ccc}main{padding:1em 2em}h1{margin:0 0 .3em}pre{margin:0;
white-space:pre-wrap}.frame{border-left:4px solid #e33;padding:.3em .8em;margin:.4em 0}
.framework{border-color:#ccc;color:#777}table{border-collapse:collapse}td,th{text-align:left;
padding:.15em .8em .15em 0;vertical-align:top}code{background:#eee;padding:0 .2em}
</style>"""


# The glue that hosts a learner's program (the lesson support that runs checks and the
# inspector's requests, and the interpreter's start-up module): on the stack of nearly
# everything, and never the line a learner should look at.
GLUE_FILES = ("glassbox_lesson.py", "_glassbox_boot.py")


def is_glue_file(filename):
    """True for the modules that host a learner's program (see GLUE_FILES)."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1] in GLUE_FILES


def is_framework_file(filename):
    """True for glassbox's own files (its glue included) and the standard library: not where
    the bug usually is."""
    normalized = filename.replace("\\", "/")
    return (normalized.startswith(("glassbox/", "<stdlib>", "<frozen"))
            or "/glassbox/" in normalized or "/lib/python" in normalized
            or is_glue_file(normalized))


def short_repr(value, limit=200):
    """repr(value), cut to `limit` characters; never raises."""
    try:
        text = repr(value)
    except Exception as error:
        text = f"<repr() failed: {type(error).__name__}>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def interesting_locals(variables):
    """A frame's variables as reprs, without dunder names and imported modules (noise)."""
    return {name: short_repr(value) for name, value in variables.items()
            if not name.startswith("__") and type(value).__name__ != "module"}


def traceback_frames(error):
    """The frames of the traceback, each a dict with file, line, function, code, `yours`
    (False for framework and standard library frames) and, for yours, the local variables."""
    frames = []
    summaries = traceback.extract_tb(error.__traceback__)
    for summary, (frame, _) in zip(summaries, traceback.walk_tb(error.__traceback__)):
        yours = not is_framework_file(summary.filename)
        frames.append({
            "file": summary.filename, "line": summary.lineno, "function": summary.name,
            "code": summary.line or "", "yours": yours,
            "locals": interesting_locals(frame.f_locals) if yours else {},
        })
    return frames


def where(error):
    """'file:line in function' for the innermost frame of your code (or the innermost frame)."""
    frames = traceback_frames(error)
    if not frames:
        return None
    frame = ([f for f in frames if f["yours"]] or frames)[-1]
    return f"{frame['file']}:{frame['line']} in {frame['function']}"


def page(title, subtitle, body):
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title>{STYLE}</head><body><header><h1>{html.escape(title)}</h1>"
            f"<pre>{html.escape(subtitle)}</pre></header><main>{body}</main></body></html>")


def request_table(request):
    rows = [("Method", request.method), ("Path", request.get_full_path())]
    rows += [("GET " + key, value) for key, value in request.GET.items()]
    rows += [("POST " + key, value) for key, value in request.POST.items()]
    rows += [("Header " + name, value) for name, value in request.headers.items()]
    rows += [("Cookie " + name, value) for name, value in request.COOKIES.items()]
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                    for k, v in rows)
    return f"<h2>Request</h2><table>{cells}</table>"


def technical_500_response(request, error):
    """The debug page for an exception: message, traceback (your frames marked), request."""
    frames = []
    for frame in traceback_frames(error):
        css = "frame" if frame["yours"] else "frame framework"
        variables = "".join(f"<tr><th>{html.escape(name)}</th><td><code>{html.escape(value)}"
                            f"</code></td></tr>" for name, value in frame["locals"].items())
        if variables:
            variables = f"<table class='locals'>{variables}</table>"
        frames.append(f"<div class='{css}'><code>{html.escape(frame['file'])}</code>, line "
                      f"{frame['line']}, in <code>{html.escape(frame['function'])}</code>"
                      f"<pre>{html.escape(frame['code'])}</pre>{variables}</div>")
    body = ("<h2>Traceback</h2><p>Most recent call last. Red frames are your code, with their "
            "local variables; grey ones are glassbox and the standard library.</p>"
            + "".join(frames)
            + request_table(request)
            + "<p>You see this page because DEBUG = True. With DEBUG = False, visitors get a "
            "plain 'Server Error' page instead.</p>")
    title = f"{type(error).__name__} at {request.path}"
    return HttpResponseServerError(page(title, str(error), body))


def technical_404_response(request, error):
    """The debug 404 page: the message and, after a failed URL match, every pattern tried."""
    tried = getattr(error, "tried", None)
    if tried is not None:
        items = "".join(f"<li><code>{html.escape(route) or '(empty path)'}</code></li>"
                        for route in tried)
        body = (f"<p>glassbox tried these URL patterns, in this order:</p><ol>{items}</ol>"
                f"<p>The path <code>{html.escape(request.path)}</code> matched none of them. "
                "Check for a typo, a missing slash, or a pattern that was never added.</p>")
        subtitle = f"No URL pattern matches {request.path}"
    else:
        body = "<p>The view raised Http404.</p>"
        subtitle = str(error) or "Not found"
    body += ("<p>You see this page because DEBUG = True. With DEBUG = False, visitors get a "
             "plain 'Not Found' page instead.</p>")
    return HttpResponseNotFound(page(f"Page not found: {request.path}", subtitle, body))


def plain_404_response(request, error):
    return HttpResponseNotFound(page("Not Found", "The requested page was not found.", ""))


def plain_500_response(request, error):
    return HttpResponseServerError(page("Server Error (500)", "Something went wrong.", ""))
