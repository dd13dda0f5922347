"""glassbox.db.notify: LISTEN/NOTIFY with PostgreSQL's rules over SQLite."""

import unittest

from glassbox.db import DataError, TransactionManagementError, transaction
from glassbox.db.connection import Connection
from glassbox.db.notify import Bus, Notify, bus_for, listen, notify, pg_notify, unlisten
from glassbox.trace import Trace


class NotifyTest(unittest.TestCase):
    def setUp(self):
        self.bus = Bus()
        self.web, self.worker, self.other = Connection(), Connection(), Connection()
        for connection in (self.web, self.worker, self.other):
            self.bus.attach(connection)
        listen("orders", using=self.worker)

    def payloads(self, connection):
        return [(each.channel, each.payload) for each in connection.notifies]

    def test_outside_a_transaction_it_is_delivered_at_once(self):
        notify("orders", "1", using=self.web)
        self.assertEqual(self.worker.notifies, [Notify(self.web.pid, "orders", "1")])
        self.assertEqual(self.other.notifies, [], "not listening")

    def test_inside_a_transaction_only_at_commit(self):
        with transaction.atomic(using=self.web):
            self.web.execute("SELECT 1")
            notify("orders", "1", using=self.web)
            self.assertEqual(self.worker.notifies, [])
        self.assertEqual(self.payloads(self.worker), [("orders", "1")])

    def test_dropped_at_rollback(self):
        with self.assertRaises(ValueError):
            with transaction.atomic(using=self.web):
                notify("orders", "1", using=self.web)
                raise ValueError
        self.assertEqual(self.worker.notifies, [])

    def test_a_savepoint_rollback_drops_only_its_own(self):
        with transaction.atomic(using=self.web):
            notify("orders", "kept", using=self.web)
            try:
                with transaction.atomic(using=self.web):
                    notify("orders", "dropped", using=self.web)
                    raise ValueError
            except ValueError:
                pass
            notify("orders", "after", using=self.web)
        self.assertEqual(self.payloads(self.worker), [("orders", "kept"), ("orders", "after")])

    def test_in_order_and_duplicates_folded_within_one_transaction(self):
        with transaction.atomic(using=self.web):
            for payload in ["a", "b", "a", "c", "b"]:
                notify("orders", payload, using=self.web)
            notify("orders", "", using=self.web)
            notify("orders", "", using=self.web)
        self.assertEqual([each.payload for each in self.worker.notifies], ["a", "b", "c", ""])

    def test_different_transactions_are_never_folded(self):
        for _ in range(2):
            with transaction.atomic(using=self.web):
                notify("orders", "a", using=self.web)
        self.assertEqual(len(self.worker.notifies), 2)

    def test_a_folded_duplicate_survives_the_rollback_of_the_first(self):
        with transaction.atomic(using=self.web):
            try:
                with transaction.atomic(using=self.web):
                    notify("orders", "a", using=self.web)
                    raise ValueError
            except ValueError:
                pass
            notify("orders", "a", using=self.web)
        self.assertEqual(self.payloads(self.worker), [("orders", "a")])

    def test_once_per_listening_connection_and_the_sender_hears_itself(self):
        listen("orders", using=self.worker)  # twice: still one copy
        listen("orders", using=self.web)
        notify("orders", "1", using=self.web)
        self.assertEqual(len(self.worker.notifies), 1)
        self.assertEqual(self.web.notifies, [Notify(self.web.pid, "orders", "1")])
        self.assertEqual(self.other.notifies, [])

    def test_payload_of_8000_bytes_is_refused_with_postgresqls_message(self):
        notify("orders", "x" * 7999, using=self.web)
        with self.assertRaisesRegex(DataError, "^payload string too long$"):
            notify("orders", "x" * 8000, using=self.web)
        with self.assertRaisesRegex(DataError, "payload string too long"):
            notify("orders", "é" * 4000, using=self.web)  # 8000 bytes in UTF-8
        self.assertEqual(len(self.worker.notifies), 1)

    def test_too_large_inside_atomic_spoils_the_block(self):
        with self.assertRaises(DataError):
            with transaction.atomic(using=self.web):
                notify("orders", "fine", using=self.web)
                try:
                    notify("orders", "x" * 9000, using=self.web)
                except DataError:
                    pass
                with self.assertRaises(TransactionManagementError):
                    self.web.execute("SELECT 1")
                raise DataError("give up")
        self.assertEqual(self.worker.notifies, [], "the block rolled back: nothing sent")

    def test_bad_channel_names(self):
        with self.assertRaisesRegex(DataError, "channel name cannot be empty"):
            notify("", "x", using=self.web)
        with self.assertRaisesRegex(DataError, "channel name too long"):
            listen("c" * 64, using=self.web)
        with self.assertRaises(TypeError):
            notify("orders", 42, using=self.web)

    def test_listen_and_unlisten_inside_a_transaction_take_effect_at_commit(self):
        with self.assertRaises(ValueError):
            with transaction.atomic(using=self.other):
                listen("orders", using=self.other)
                raise ValueError
        notify("orders", "1", using=self.web)
        self.assertEqual(self.other.notifies, [], "the LISTEN was rolled back")
        with transaction.atomic(using=self.other):
            listen("orders", using=self.other)
            notify("orders", "2", using=self.other)
        self.assertEqual(self.payloads(self.other), [("orders", "2")])
        unlisten("orders", using=self.worker)
        listen("a", using=self.other)
        unlisten("*", using=self.other)
        pg_notify("orders", "3", using=self.web)
        pg_notify("a", "3", using=self.web)
        self.assertEqual([each.payload for each in self.worker.notifies], ["1", "2"])
        self.assertEqual(self.other.listening, [])

    def test_a_listener_that_never_reads_loses_its_oldest_with_a_trace_event(self):
        bus = Bus(queue_limit=3)
        sender, slow = Connection(), Connection()
        bus.attach(sender)
        bus.attach(slow)
        listen("ticks", using=slow)
        trace = Trace()
        with sender.tracing(trace):
            for number in range(5):
                notify("ticks", str(number), using=sender)
        self.assertEqual([each.payload for each in slow.notifies], ["2", "3", "4"])
        overflows = [event for event in trace.of_type("notify") if event["op"] == "overflow"]
        self.assertEqual([event["payload"] for event in overflows], ["0", "1"])
        self.assertEqual(overflows[0]["listener"], slow.pid)
        self.assertIn("oldest was dropped", overflows[0]["message"])

    def test_the_trace_tells_the_story(self):
        trace = Trace()
        with self.web.tracing(trace):
            with transaction.atomic(using=self.web):
                notify("orders", "1", using=self.web)
                notify("orders", "1", using=self.web)
            with self.assertRaises(ValueError):
                with transaction.atomic(using=self.web):
                    notify("orders", "2", using=self.web)
                    raise ValueError
        told = [(e["op"], e.get("payload"), e.get("listeners")) for e in trace.of_type("notify")]
        self.assertEqual(told, [("notify", "1", None), ("fold", "1", None),
                                ("deliver", "1", 1), ("notify", "2", None),
                                ("discard", "2", None)])
        types = [(e["type"], e.get("sql", e.get("op"))) for e in trace
                 if e["type"] in ("sql", "notify")]
        self.assertLess(types.index(("sql", "COMMIT")), types.index(("notify", "deliver")))

    def test_connections_to_one_file_share_a_bus(self):
        first, second = Connection("shared-notify.db"), Connection("shared-notify.db")
        self.assertIs(bus_for(first), bus_for(second))
        self.assertIsNot(bus_for(Connection()), bus_for(Connection()))


if __name__ == "__main__":
    unittest.main()
