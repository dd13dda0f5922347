from glassbox.app import Glassbox
from glassbox.cache.decorators import cache_control, cache_page
from glassbox.db import connection
from glassbox.http import HttpResponse
from glassbox.urls import path

PLAYERS = ["ada", "grace", "alan", "edsger"]

connection.execute("CREATE TABLE score (player text, points integer)")
for number, player in enumerate(PLAYERS * 3):
    connection.execute("INSERT INTO score VALUES (?, ?)", [player, number])


@cache_page(30)
@cache_control(private=True)
def leaderboard(request):
    name = request.COOKIES.get("player", "stranger")
    rows = []
    for player in PLAYERS:  # one query per player: slow on purpose
        (total,) = connection.execute("SELECT SUM(points) FROM score WHERE player = ?",
                                      [player]).fetchone()
        rows.append(f"<li>{player}: {total}</li>")
    return HttpResponse(f"<h1>Hello, {name}</h1><ol>" + "".join(rows) + "</ol>")


app = Glassbox(urls=[path("leaderboard/", leaderboard)])
