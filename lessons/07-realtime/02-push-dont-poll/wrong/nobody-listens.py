import json

from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db.models.signals import post_save
from glassbox.db.notify import notify
from glassbox.servers import start_servers

from scores import Score, urls


def announce(sender, instance, **kwargs):
    """A score was saved: forget the total here, and tell the other servers."""
    cache.delete("total")
    notify("scores", json.dumps({"id": instance.id, "player": instance.player,
                                 "points": instance.points}))


post_save.connect(announce, sender=Score)


def start_up(server):
    """What each server does once, when it starts."""
    return Glassbox(urls=urls)


servers = start_servers(["web-1", "web-2"], start_up)
