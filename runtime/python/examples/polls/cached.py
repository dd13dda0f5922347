"""Caching in the polls site: an expensive page kept for a minute, and an API with ETags.

- `/polls/stats/` is slow on purpose: for every question it asks the database for the total
  votes and for the leading choice, two queries per question. `@cache_page(60)` keeps the page:
  the first visit runs the queries, the next ones within a minute run none (open the traces and
  count the "sql" events). The price: a vote can take up to a minute to show there. Move the
  virtual clock forward a minute and the next visit recomputes it.
- `/api/stats/` answers JSON with a weak ETag made from one cheap query (how many choices, how
  many votes). A client that sends the ETag back in If-None-Match gets `304 Not Modified`, and
  the expensive part of the view does not run, until someone votes and the ETag changes.
- `popular_question()` shows the low-level cache: `cache.get_or_set(key, function, timeout)`.
"""

import html

from glassbox.cache import cache
from glassbox.cache.conditional import condition
from glassbox.cache.decorators import cache_page
from glassbox.db.models import Count, Sum
from glassbox.http import HttpResponse, JsonResponse
from glassbox.urls import path
from glassbox.views import require_GET

from examples.polls.models import Choice, Question

STATS_SECONDS = 60


def question_stats(question):
    """Two queries for one question: its total, and its leading choice."""
    leader = question.choices.order_by("-votes", "id").first()
    return {"id": question.id, "text": question.text, "total": question.total_votes(),
            "leader": leader.text if leader is not None and leader.votes else None}


def all_stats():
    return [question_stats(question) for question in Question.objects.order_by("id")]


@require_GET
@cache_page(STATS_SECONDS)
def stats(request):
    """Every question's total and leader: 1 + 2 × (number of questions) queries, uncached."""
    rows = "".join(f"<tr><td>{html.escape(row['text'])}</td><td>{row['total']}</td>"
                   f"<td>{html.escape(row['leader'] or '-')}</td></tr>" for row in all_stats())
    return HttpResponse("<h1>Poll statistics</h1><table><tr><th>Question</th><th>Votes</th>"
                        f"<th>Leading</th></tr>{rows}</table>")


def stats_version(request):
    """A weak ETag from one cheap query: it changes when a choice is added or a vote counted."""
    numbers = Choice.objects.aggregate(choices=Count("id"), votes=Sum("votes"))
    return f'W/"{numbers["choices"]}-{numbers["votes"] or 0}"'


@require_GET
@condition(etag_func=stats_version)
def stats_api(request):
    return JsonResponse({"questions": all_stats()})


def popular_question():
    """The question with the most votes, computed at most once every STATS_SECONDS."""
    def compute():
        question = Question.objects.annotate(total=Sum("choices__votes")).order_by(
            "-total", "id").first()
        return None if question is None else {"id": question.id, "text": question.text}

    return cache.get_or_set("polls:popular-question", compute, STATS_SECONDS)


def reset():
    """Forget every cached page and value (make_app() calls it, so each app starts cold)."""
    cache.clear()


urlpatterns = [
    path("polls/stats/", stats, name="stats"),
    path("api/stats/", stats_api, name="stats_api"),
]
