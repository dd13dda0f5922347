from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db import transaction
from glassbox.db.models.signals import post_save
from glassbox.db.notify import pg_notify
from glassbox.servers import start_servers

from scores import Score, urls


def announce(sender, instance, created, **kwargs):
    transaction.on_commit(lambda: pg_notify("scores", str(instance.id)))


post_save.connect(announce, sender=Score)


def start_up(server):
    server.listen("scores", lambda note: cache.clear())
    return Glassbox(urls=urls)


servers = start_servers(["web-1", "web-2"], start_up)
