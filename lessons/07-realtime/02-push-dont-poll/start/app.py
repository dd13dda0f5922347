from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db.models.signals import post_save
from glassbox.servers import start_servers

from scores import Score, urls


def forget_the_total(sender, instance, **kwargs):
    """A score was saved: the cached total is wrong now."""
    cache.delete("total")


post_save.connect(forget_the_total, sender=Score)


def start_up(server):
    """What each server does once, when it starts."""
    return Glassbox(urls=urls)


servers = start_servers(["web-1", "web-2"], start_up)
