from glassbox.app import Glassbox
from glassbox.cache import cache
from glassbox.db import connection
from glassbox.http import HttpResponse
from glassbox.urls import path

PLAYERS = ["ada", "grace", "alan", "edsger"]

connection.execute("CREATE TABLE score (player text, points integer)")
for number, player in enumerate(PLAYERS * 3):
    connection.execute("INSERT INTO score VALUES (?, ?)", [player, number])


def scores():
    """The leaderboard's rows, the same for everyone: kept 30 seconds in the low-level cache."""
    rows = cache.get("leaderboard-rows")
    if rows is None:
        rows = []
        for player in PLAYERS:  # one query per player: slow on purpose
            (total,) = connection.execute("SELECT SUM(points) FROM score WHERE player = ?",
                                          [player]).fetchone()
            rows.append(f"<li>{player}: {total}</li>")
        cache.set("leaderboard-rows", rows, timeout=30)
    return rows


def leaderboard(request):
    name = request.COOKIES.get("player", "stranger")  # personal: made on every request
    return HttpResponse(f"<h1>Hello, {name}</h1><ol>" + "".join(scores()) + "</ol>")


app = Glassbox(urls=[path("leaderboard/", leaderboard)])
