"""Optimistic updates (glassbox.optimistic): a like button that shows the like at once and is
confirmed, corrected or rolled back by a real app answering over the network's latency."""

import unittest

from glassbox import clock
from glassbox.app import Glassbox
from glassbox.http import HttpResponse, JsonResponse
from glassbox.network import Network
from glassbox.optimistic import OptimisticPage
from glassbox.test import Client
from glassbox.urls import path


class LikeServer:
    """The server's truth for one post: who likes it. Views answer with the state the asking
    user should see; `closed` posts refuse likes (403), with the state."""

    def __init__(self, likes_from_others=41):
        self.others = likes_from_others
        self.likers = set()
        self.closed = False
        self.app = Glassbox(urls=[path("like/", self.like), path("unlike/", self.unlike),
                                  path("plain/", self.plain)])

    def state(self, user):
        return {"likes": self.others + len(self.likers), "liked": user in self.likers}

    def like(self, request):
        user = request.GET["user"]
        if self.closed:
            return JsonResponse(self.state(user), status=403)
        self.likers.add(user)
        return JsonResponse(self.state(user))

    def unlike(self, request):
        user = request.GET["user"]
        self.likers.discard(user)
        return JsonResponse(self.state(user))

    def plain(self, request):
        return HttpResponse("no", status=404)


def guess(state, change):
    """The client's prediction: a like adds one and marks it liked (once), an unlike undoes."""
    like = change.name == "like"
    if state["liked"] == like:
        return state
    return {"likes": state["likes"] + (1 if like else -1), "liked": like}


class OptimisticPageTests(unittest.TestCase):
    def setUp(self):
        clock.freeze(1_700_000_000)
        self.server = LikeServer()
        self.network = Network(latency_ms=150)

    def tearDown(self):
        clock.unfreeze()

    def page(self, user="ada", liked=False, likes=41):
        page = OptimisticPage(Client(self.server.app), {"likes": likes, "liked": liked}, guess,
                              network=self.network)
        page.user = user
        return page

    def press(self, page, name):
        return page.change(name, "POST", f"/{name}/?user={page.user}")

    def test_the_guess_shows_at_once_and_is_confirmed(self):
        page = self.page()
        change = self.press(page, "like")
        self.assertEqual(page.shown, {"likes": 42, "liked": True})  # no time has passed
        self.assertEqual(page.confirmed, {"likes": 41, "liked": False})
        self.assertEqual(page.pending, [change])
        self.network.wait(299)
        self.assertEqual(page.pending, [change])  # the answer is not back yet
        self.network.wait(1)
        self.assertEqual(page.pending, [])
        self.assertEqual(change.outcome, "confirmed")
        self.assertEqual(page.confirmed, {"likes": 42, "liked": True})
        self.assertEqual(page.shown, {"likes": 42, "liked": True})
        self.assertEqual([(e["at_ms"], e["event"]) for e in page.history],
                         [(0, "sent"), (300, "confirmed")])

    def test_the_server_corrects_a_count_that_changed_meanwhile(self):
        page = self.page()
        change = self.press(page, "like")
        self.server.others = 42  # someone else liked the post while ours was in the air
        self.network.settle()
        self.assertEqual(change.outcome, "corrected")
        self.assertEqual(page.shown, {"likes": 43, "liked": True})

    def test_a_refused_change_is_rolled_back_to_the_servers_state(self):
        self.server.closed = True
        page = self.page()
        change = self.press(page, "like")
        self.assertTrue(page.shown["liked"])
        self.network.settle()
        self.assertEqual(change.outcome, "rolled back")
        self.assertEqual(page.shown, {"likes": 41, "liked": False})

    def test_a_refusal_without_a_state_rolls_back_to_the_last_word(self):
        page = self.page()
        change = page.change("like", "POST", "/plain/")
        self.network.settle()
        self.assertEqual(change.outcome, "rolled back")
        self.assertEqual(page.shown, {"likes": 41, "liked": False})

    def test_a_later_change_is_rebased_on_the_first_answer(self):
        page = self.page()
        self.press(page, "like")
        self.network.wait(100)
        second = self.press(page, "unlike")  # while the like is still in the air
        self.assertEqual(page.shown, {"likes": 41, "liked": False})
        self.server.others = 50  # the world moved on
        self.network.wait(200)   # the like's answer: 51, liked
        self.assertEqual(page.confirmed, {"likes": 51, "liked": True})
        # The unlike is still pending, so it is guessed again on top of the server's answer:
        # not 51 liked (which would undo the click on screen), not 41 (the stale guess).
        self.assertEqual(page.pending, [second])
        self.assertEqual(page.shown, {"likes": 50, "liked": False})
        self.network.settle()
        self.assertEqual(second.outcome, "confirmed")
        self.assertEqual(page.shown, {"likes": 50, "liked": False})

    def test_two_users_far_and_near_each_end_with_the_servers_count(self):
        far, near = self.page("ada"), self.page("bob")
        self.press(far, "like")                                   # arrives at 150 ms
        near_change = near.change("like", "POST", "/like/?user=bob", latency_ms=20)
        self.network.settle()
        self.assertEqual(near_change.outcome, "confirmed")  # bob's arrived first: 42
        self.assertEqual(far.changes[0].outcome, "corrected")  # ada expected 42, got 43
        self.assertEqual(far.shown, {"likes": 43, "liked": True})
        self.assertEqual(near.shown, {"likes": 42, "liked": True})  # stale until it asks again

    def test_the_timeline_prints_when_and_what(self):
        page = self.page()
        self.press(page, "like")
        self.network.settle()
        self.assertEqual(page.timeline(), [
            "    0 ms  like     sent         shows {'likes': 42, 'liked': True}",
            "  300 ms  like     confirmed    shows {'likes': 42, 'liked': True}",
        ])

    def test_each_request_crossed_the_network_in_its_trace(self):
        page = self.page()
        change = self.press(page, "like")
        self.network.settle()
        trips = change.flight.response.trace.of_type("network")
        self.assertEqual([(t["direction"], t["delay_ms"]) for t in trips],
                         [("request", 150), ("response", 150)])


if __name__ == "__main__":
    unittest.main()
