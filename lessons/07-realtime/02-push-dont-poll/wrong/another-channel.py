import json

from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db.models.signals import post_save
from glassbox.db.notify import notify
from glassbox.servers import start_servers

from scores import Score, urls


def announce(sender, instance, **kwargs):
    """A score was saved: tell every server, through the database."""
    notify("score", json.dumps({"id": instance.id, "player": instance.player,
                                "points": instance.points}))


post_save.connect(announce, sender=Score)


def forget_the_total(note):
    cache.delete("total")


def start_up(server):
    """What each server does once, when it starts."""
    server.listen("scores", forget_the_total)
    return Glassbox(urls=urls)


servers = start_servers(["web-1", "web-2"], start_up)
