"""Signals and on_commit callbacks in the trace: what was sent, in order among the SQL."""

import unittest

from glassbox.app import Glassbox
from glassbox.db import connection, transaction
from glassbox.db.models import CharField, ManyToManyField, Model
from glassbox.db.models.signals import (m2m_changed, post_delete, post_init, post_save,
                                        pre_delete, pre_save)
from glassbox.db.schema import create_tables
from glassbox.http import HttpResponse
from glassbox.signals import request_finished, request_started
from glassbox.test import Client
from glassbox.trace import Trace
from glassbox.urls import path


class Order(Model):
    item = CharField(max_length=20)


class Label(Model):
    name = CharField(max_length=20)
    orders = ManyToManyField(Order, related_name="labels")


def story(trace):
    """(type, detail) for the events a learner would read."""
    told = []
    for event in trace:
        if event["type"] == "sql":
            told.append(("sql", event["sql"].split()[0]))
        elif event["type"] == "signal":
            told.append(("signal", event["signal"]))
        elif event["type"] == "on_commit":
            told.append(("on_commit", event["action"], event["callback"], event["savepoint"]))
    return told


class SignalTraceTest(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_tables(connection, [Order, Label])
        self.trace = Trace()
        self.tracing = connection.tracing(self.trace)
        self.tracing.__enter__()

    def tearDown(self):
        self.tracing.__exit__(None, None, None)
        for signal in (pre_save, post_save, pre_delete, post_delete, post_init, m2m_changed,
                       request_started, request_finished):
            signal.receivers.clear()

    def test_save_and_delete_send_their_signals_around_the_sql(self):
        def shout(sender, **extra):
            pass

        post_save.connect(shout, sender=Order)
        order = Order.objects.create(item="tea")
        order.delete()
        told = [step for step in story(self.trace) if step != ("sql", "SELECT")]  # m2m rows?
        self.assertEqual(told, [
            ("signal", "pre_save"), ("sql", "INSERT"), ("signal", "post_save"),
            ("signal", "pre_delete"), ("sql", "DELETE"), ("signal", "post_delete")])
        saved = self.trace.of_type("signal")[1]
        self.assertEqual((saved["sender"], saved["receivers"], saved["created"]),
                         ("Order", ["SignalTraceTest.test_save_and_delete_send_their_signals_"
                                    "around_the_sql.<locals>.shout"], True))
        self.assertIn("Order", saved["instance"])

    def test_m2m_changed_around_add_remove_and_clear(self):
        heard = []
        m2m_changed.connect(lambda sender, action, pk_set, reverse, model, **extra: heard.append(
            (sender.__name__, action, pk_set, reverse, model.__name__)))
        label = Label.objects.create(name="gift")
        tea, cake = Order.objects.create(item="tea"), Order.objects.create(item="cake")
        label.orders.add(tea, cake)
        label.orders.add(tea)  # already there: nothing added, no signal
        cake.labels.remove(label)
        label.orders.clear()
        self.assertEqual(heard, [
            ("Label_orders", "pre_add", {tea.pk, cake.pk}, False, "Order"),
            ("Label_orders", "post_add", {tea.pk, cake.pk}, False, "Order"),
            ("Label_orders", "pre_remove", {label.pk}, True, "Label"),
            ("Label_orders", "post_remove", {label.pk}, True, "Label"),
            ("Label_orders", "pre_clear", None, False, "Order"),
            ("Label_orders", "post_clear", None, False, "Order")])
        events = [(e["action"], e["pk_set"]) for e in self.trace.of_type("signal")
                  if e["signal"] == "m2m_changed"]
        self.assertEqual(events[0], ("pre_add", sorted([tea.pk, cake.pk])))

    def test_update_sends_no_signal(self):
        Order.objects.create(item="tea")
        before = len(self.trace.of_type("signal"))
        Order.objects.update(item="coffee")
        self.assertEqual(len(self.trace.of_type("signal")), before)

    def test_post_init_is_traced_only_when_someone_listens(self):
        Order(item="tea")
        self.assertNotIn("post_init", [e["signal"] for e in self.trace.of_type("signal")])
        post_init.connect(lambda sender, **extra: None)
        Order(item="tea")
        self.assertIn("post_init", [e["signal"] for e in self.trace.of_type("signal")])

    def test_a_receiver_that_raises_stops_send_as_in_django(self):
        called = []

        def broken(sender, **extra):
            raise RuntimeError("mail server down")

        def later(sender, **extra):
            called.append("later")

        post_save.connect(broken)
        post_save.connect(later)
        with self.assertRaisesRegex(RuntimeError, "mail server down"):
            Order.objects.create(item="tea")
        self.assertEqual(called, [])
        self.assertEqual(Order.objects.count(), 1, "the row was written before post_save")
        results = post_save.send_robust(Order, instance=None, created=False)
        self.assertIsInstance(results[0][1], RuntimeError)
        self.assertEqual(called, ["later"])
        self.assertIn("mail server down", self.trace.of_type("signal")[-1]["errors"][0])

    def test_a_signal_inside_a_rolled_back_block_has_still_run(self):
        sent = []
        post_save.connect(lambda sender, instance, **extra: sent.append(instance.item))
        with self.assertRaises(ValueError):
            with transaction.atomic():
                Order.objects.create(item="tea")
                raise ValueError("payment refused")
        self.assertEqual((sent, Order.objects.count()), (["tea"], 0))


class OnCommitTraceTest(SignalTraceTest):
    def test_registered_then_run_after_commit(self):
        ran = []

        def send_email():
            ran.append("email")

        with transaction.atomic():
            Order.objects.create(item="tea")
            transaction.on_commit(send_email)
            self.assertEqual(ran, [])
        self.assertEqual(ran, ["email"])
        told = [step for step in story(self.trace) if step[0] != "signal"]
        self.assertEqual(told, [
            ("sql", "BEGIN"), ("sql", "INSERT"),
            ("on_commit", "registered", "OnCommitTraceTest.test_registered_then_run_after_commit"
             ".<locals>.send_email", None),
            ("sql", "COMMIT"),
            ("on_commit", "run", "OnCommitTraceTest.test_registered_then_run_after_commit"
             ".<locals>.send_email", None)])

    def test_discarded_at_rollback(self):
        def send_email():
            raise AssertionError("must not run")

        with self.assertRaises(ValueError):
            with transaction.atomic():
                transaction.on_commit(send_email)
                raise ValueError
        actions = [(e["action"], e.get("reason")) for e in self.trace.of_type("on_commit")]
        self.assertEqual(actions, [("registered", None), ("discarded", "ROLLBACK")])

    def test_a_savepoint_rollback_discards_only_its_own(self):
        ran = []
        with transaction.atomic():
            transaction.on_commit(lambda: ran.append("outer"))
            try:
                with transaction.atomic():
                    transaction.on_commit(lambda: ran.append("inner"))
                    raise ValueError
            except ValueError:
                pass
        self.assertEqual(ran, ["outer"])
        events = [(e["action"], e["savepoint"], e.get("reason"))
                  for e in self.trace.of_type("on_commit")]
        self.assertEqual(events, [("registered", None, None), ("registered", "s1", None),
                                  ("discarded", "s1", "ROLLBACK TO SAVEPOINT s1"),
                                  ("run", None, None)])

    def test_outside_a_transaction_it_runs_at_once(self):
        ran = []
        transaction.on_commit(lambda: ran.append(1))
        self.assertEqual(ran, [1])
        self.assertEqual([(e["action"], e["immediate"]) for e in self.trace.of_type("on_commit")],
                         [("registered", True), ("run", True)])

    def test_a_callback_must_be_a_function_not_its_result(self):
        sent = []

        def send_email():
            sent.append("sent")

        with self.assertRaisesRegex(TypeError, "must be a callable"):
            with transaction.atomic():
                Order.objects.create(item="tea")
                transaction.on_commit(send_email())  # called now: the mistake
        self.assertEqual((sent, Order.objects.count()), (["sent"], 0))

    def test_a_callback_that_raises_keeps_the_committed_row_and_stops_the_rest(self):
        ran = []

        def broken():
            raise ConnectionError("mail server down")

        with self.assertRaisesRegex(ConnectionError, "mail server down"):
            with transaction.atomic():
                Order.objects.create(item="tea")
                transaction.on_commit(broken)
                transaction.on_commit(lambda: ran.append("later"))
        self.assertEqual(Order.objects.count(), 1, "COMMIT came first: the row stays")
        self.assertEqual(ran, [], "as in Django, the callbacks after it do not run")
        self.assertEqual(connection.on_commit_callbacks, [], "nothing left for the next block")

    def test_a_robust_callback_that_raises_is_written_down_and_the_next_runs(self):
        ran = []

        def broken():
            raise ConnectionError("mail server down")

        with transaction.atomic():
            Order.objects.create(item="tea")
            transaction.on_commit(broken, robust=True)
            transaction.on_commit(lambda: ran.append("later"))
        self.assertEqual((ran, Order.objects.count()), (["later"], 1))
        failed = [e for e in self.trace.of_type("on_commit") if e["action"] == "failed"]
        self.assertEqual([e["error"] for e in failed], ["ConnectionError: mail server down"])
        transaction.on_commit(broken, robust=True)  # no transaction: at once, still robust
        self.assertEqual(len([e for e in self.trace.of_type("on_commit")
                              if e["action"] == "failed"]), 2)

    def test_a_receiver_that_raises_in_a_view_answers_500_and_keeps_committed_rows(self):
        Order.objects.create(item="kept")

        def broken(sender, **extra):
            raise RuntimeError("mail server down")

        def buy(request):
            with transaction.atomic():
                Order.objects.create(item="tea")
            return HttpResponse("bought")

        post_save.connect(broken, sender=Order)
        response = Client(Glassbox(urls=[path("buy/", buy)])).get("/buy/")
        self.assertEqual(response.status_code, 500)
        errors = response.trace.of_type("error")
        self.assertIn("mail server down", errors[0]["message"])
        self.assertEqual(list(Order.objects.values_list("item", flat=True)), ["kept"],
                         "the block rolled back its own row; the committed one is there")


def hello(request):
    return HttpResponse("hi")


class RequestSignalTest(unittest.TestCase):
    def tearDown(self):
        request_started.receivers.clear()
        request_finished.receivers.clear()

    def test_request_signals_are_sent_and_traced_when_heard(self):
        app = Glassbox(urls=[path("", hello)])
        quiet = Client(app).get("/")
        self.assertEqual(quiet.trace.of_type("signal"), [])
        heard = []
        request_started.connect(lambda sender, environ, **extra: heard.append(
            ("started", environ["PATH_INFO"])))
        request_finished.connect(lambda sender, **extra: heard.append(("finished",)))
        response = Client(app).get("/")
        self.assertEqual(heard, [("started", "/"), ("finished",)])
        types = response.trace.types()
        self.assertEqual([e["signal"] for e in response.trace.of_type("signal")],
                         ["request_started", "request_finished"])
        self.assertLess(types.index("signal"), types.index("view"))


if __name__ == "__main__":
    unittest.main()
