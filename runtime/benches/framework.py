"""How much does the framework cost? The full glassbox stack against a plain-Python loop.

Both sides do the same job for the same request, GET /articles/2026/owls/:

- framework: `app.handle(request)` through 3 middleware (security headers, timing, common),
  URL resolution over 20 patterns (the match is the 19th), a view that renders a template
  extending a base layout with a loop and filters, and the trace recording all of it.
- plain: the same regexes tried in a loop, a function building the same HTML with
  `html.escape` and an f-string, and a dict of the same headers.

Run natively with `glassbox run runtime/benches/framework.py`, or paste it into the browser.
It prints the median time per request of each, and their ratio.
"""

import html
import re
import time

from glassbox.app import Glassbox
from glassbox.http import HttpRequest, HttpResponse
from glassbox.shortcuts import render
from glassbox.urls import path

import timing

WARMUP = 50
ROUNDS = 500

ARTICLE = {"title": "Owls & other birds", "author": "Ada",
           "tags": ["birds", "night", "<wings>"], "comments": ["Hoot!", "Who?", "Nice <3"]}


# ---- the framework side ---------------------------------------------------------------------

def article(request, year, slug):
    return render(request, "article.html", {"year": year, "slug": slug, "article": ARTICLE})


def other(request, **kwargs):
    return HttpResponse("other")


TEMPLATES = {
    "base.html": "<!DOCTYPE html><html><head><title>{% block title %}Site{% endblock %}"
                 "</title></head><body>{% block content %}{% endblock %}</body></html>",
    "article.html": "{% extends 'base.html' %}{% block title %}{{ article.title }}{% endblock %}"
                    "{% block content %}<h1>{{ article.title|upper }}</h1><p>by "
                    "{{ article.author }} in {{ year }}</p><p>{{ article.tags|join:', ' }}</p>"
                    "<ul>{% for comment in article.comments %}<li>{{ forloop.counter }}. "
                    "{{ comment }}</li>{% empty %}<li>none</li>{% endfor %}</ul>{% endblock %}",
}

ROUTES = [f"section{number}/<int:page>/" for number in range(18)]
URLS = [path(route, other) for route in ROUTES]
URLS.append(path("articles/<int:year>/<slug:slug>/", article))
URLS.append(path("about/", other))

app = Glassbox(
    settings={"DEBUG": False},
    urls=URLS,
    middleware=["glassbox.middleware.SecurityMiddleware", "glassbox.middleware.TimingMiddleware",
                "glassbox.middleware.CommonMiddleware"],
    templates=TEMPLATES,
)


def framework_request():
    return app.handle(HttpRequest("GET", "/articles/2026/owls/")).content


# ---- the plain-Python side ------------------------------------------------------------------

PLAIN_ROUTES = [(re.compile(r"^section%d/(?P<page>[0-9]+)/\Z" % number), "other")
                for number in range(18)]
PLAIN_ROUTES.append((re.compile(r"^articles/(?P<year>[0-9]+)/(?P<slug>[-a-zA-Z0-9_]+)/\Z"),
                     "article"))
PLAIN_ROUTES.append((re.compile(r"^about/\Z"), "other"))


def plain_article(year, slug):
    tags = ", ".join(html.escape(tag) for tag in ARTICLE["tags"])
    items = "".join(f"<li>{number}. {html.escape(comment)}</li>"
                    for number, comment in enumerate(ARTICLE["comments"], 1)) or "<li>none</li>"
    return (f"<!DOCTYPE html><html><head><title>{html.escape(ARTICLE['title'])}</title></head>"
            f"<body><h1>{html.escape(ARTICLE['title'].upper())}</h1><p>by "
            f"{html.escape(ARTICLE['author'])} in {year}</p><p>{tags}</p><ul>{items}</ul>"
            f"</body></html>")


def plain_request():
    started = time.perf_counter()
    path_info = "/articles/2026/owls/"[1:]
    for regex, name in PLAIN_ROUTES:
        match = regex.match(path_info)
        if match:
            break
    kwargs = {key: int(value) if key in ("year", "page") else value
              for key, value in match.groupdict().items()}
    body = plain_article(**kwargs).encode("utf-8")
    headers = {"Content-Type": "text/html; charset=utf-8", "X-Content-Type-Options": "nosniff",
               "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
               "Server-Timing": f"app;dur={(time.perf_counter() - started) * 1000:.3f}",
               "Content-Length": str(len(body))}
    return body if headers else None


# ---- measuring ------------------------------------------------------------------------------

# Browsers coarsen their clock (Chromium: 0.1 ms steps), finer than one plain request takes, so
# each sample times a batch of requests and divides.
BATCH = 20


def main():
    framework_body, plain_body = framework_request(), plain_request()
    if framework_body != plain_body:
        raise AssertionError("The two sides must produce the same page:\n"
                             f"{framework_body!r}\n{plain_body!r}")
    framework = timing.median_ms(framework_request, ROUNDS // BATCH, BATCH, WARMUP)
    plain = timing.median_ms(plain_request, ROUNDS // BATCH, BATCH, WARMUP)
    print(f"framework: {framework:.3f} ms/request (median of {ROUNDS // BATCH} batches of {BATCH})")
    print(f"plain:     {plain:.3f} ms/request (median of {ROUNDS // BATCH} batches of {BATCH})")
    print(f"ratio:     {framework / plain:.1f}x (framework / plain)")


main()
