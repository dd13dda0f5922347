import json

from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db.models.signals import post_save
from glassbox.db.notify import notify
from glassbox.servers import start_servers
from glassbox.sse import EventStreamResponse, ServerSentEvent
from glassbox.urls import path

from scores import Score, urls


def announce(sender, instance, **kwargs):
    """A score was saved: tell every server, through the database (sent at COMMIT)."""
    notify("scores", json.dumps({"id": instance.id, "player": instance.player,
                                 "points": instance.points}))


post_save.connect(announce, sender=Score)


def forget_the_total(note):
    """Some server saved a score: this server's cached total is wrong now."""
    cache.delete("total")


def score_stream(request):
    """Every score saved from now on, on any server, pushed to this browser."""

    def events():
        for score in Score.objects.order_by("id"):
            yield ServerSentEvent({"id": score.id, "player": score.player,
                                   "points": score.points}, event="score", id=score.id)

    return EventStreamResponse(events())


def start_up(server):
    """What each server does once, when it starts."""
    server.listen("scores", forget_the_total)
    return Glassbox(urls=urls + [path("scores/stream/", score_stream)])


servers = start_servers(["web-1", "web-2"], start_up)
