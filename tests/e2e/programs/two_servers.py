"""Two servers over one database, for the inspector's tests (site/tests/support_contract.rs and
tests/e2e/realtime.test.mjs): a save on one server sends post_save there only, and NOTIFY
"scores" at COMMIT; a stream on the other server pushes each score it hears."""

import json

from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db import connection, models, transaction
from glassbox.db.models.signals import post_save
from glassbox.db.notify import notify
from glassbox.db.schema import create_tables
from glassbox.http import HttpResponse, JsonResponse
from glassbox.servers import start_servers
from glassbox.sse import EventStreamResponse, ServerSentEvent
from glassbox.urls import path


class Score(models.Model):
    points = models.IntegerField()


create_tables(connection, [Score])


def board(request):
    total = cache.get("total")
    if total is None:
        total = sum(score.points for score in Score.objects.all())
        cache.set("total", total)
    return JsonResponse({"total": total})


def add(request):
    with transaction.atomic():
        Score.objects.create(points=int(request.POST["points"]))
    return HttpResponse("saved", status=201)


def stream(request):
    arrivals = request.server.notifications("scores")

    def events():
        for note in arrivals:
            score = json.loads(note.payload)
            yield ServerSentEvent(score, event="score", id=score["id"])

    return EventStreamResponse(events())


def forget_total(sender, instance, **extra):
    cache.delete("total")


def announce(sender, instance, created, **extra):
    payload = json.dumps({"id": instance.id, "points": instance.points})
    transaction.on_commit(lambda: notify("scores", payload))


def start_up(server):
    post_save.connect(forget_total, sender=Score)
    post_save.connect(announce, sender=Score)
    return Glassbox(urls=[path("board/", board), path("add/", add), path("stream/", stream)])


servers = start_servers(["web-1", "web-2"], start_up)
