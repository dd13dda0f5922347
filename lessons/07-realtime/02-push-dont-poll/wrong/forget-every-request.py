from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.servers import start_servers
from glassbox.signals import request_started

from scores import urls


def forget_the_total(sender, **kwargs):
    """Every request starts from a fresh total, so no server can be behind."""
    cache.delete("total")


request_started.connect(forget_the_total)


def start_up(server):
    """What each server does once, when it starts."""
    return Glassbox(urls=urls)


servers = start_servers(["web-1", "web-2"], start_up)
