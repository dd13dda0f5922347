"""glassbox.tasks: Django's Tasks API, and a database queue worked by run_worker()."""

import datetime
import unittest

from glassbox import clock
from glassbox.db import connection, transaction
from glassbox.tasks import (DatabaseBackend, DummyBackend, ImmediateBackend, InvalidTask,
                            InvalidTaskError, TaskResultDoesNotExist, TaskResultStatus,
                            run_worker, task, task_backends)
from glassbox.trace import Trace

SENT = []
FLAKY = {"failures_left": 0}


@task()
def send_confirmation(order_id, to="ada@example.com"):
    SENT.append((order_id, to))
    return {"sent": order_id}


@task(priority=5)
def urgent(note):
    SENT.append(note)


@task()
def flaky(order_id):
    if FLAKY["failures_left"]:
        FLAKY["failures_left"] -= 1
        raise ConnectionError("mail server down")
    SENT.append(order_id)
    return "ok"


class Crash(BaseException):
    """Stands for the watchdog stopping a task that never ends: not an Exception (the real
    watchdog, a KeyboardInterrupt, is tested in runtime/tests/task_watchdog.rs)."""


@task()
def never_ends():
    raise Crash("stopped by the watchdog")


ATTEMPTS = []


@task(takes_context=True)
def send_once(context, order_id):
    ATTEMPTS.append((order_id, context.attempt, context.task_result.id))
    if context.attempt == 1 and FLAKY["failures_left"]:
        FLAKY["failures_left"] -= 1
        raise ConnectionError("mail server down")
    return context.attempt


class BackendsTest(unittest.TestCase):
    def setUp(self):
        SENT.clear()
        self.saved = task_backends["default"]

    def tearDown(self):
        task_backends["default"] = self.saved

    def test_immediate_runs_inside_enqueue(self):
        task_backends["default"] = ImmediateBackend()
        result = send_confirmation.enqueue(7)
        self.assertEqual((result.status, result.return_value, SENT),
                         (TaskResultStatus.SUCCESSFUL, {"sent": 7}, [(7, "ada@example.com")]))
        self.assertTrue(result.is_finished)
        self.assertIs(send_confirmation.get_result(result.id), result)

    def test_immediate_keeps_the_error(self):
        task_backends["default"] = ImmediateBackend()
        FLAKY["failures_left"] = 1
        result = flaky.enqueue(1)
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertEqual(result.errors[0].exception_class_path, "builtins.ConnectionError")
        self.assertIn("mail server down", result.errors[0].traceback)
        with self.assertRaises(ValueError):
            result.return_value

    def test_dummy_runs_nothing(self):
        backend = task_backends["default"] = DummyBackend()
        result = send_confirmation.enqueue(7, to="bob@example.com")
        self.assertEqual((result.status, SENT), (TaskResultStatus.READY, []))
        self.assertEqual([(each.args, each.kwargs) for each in backend.results],
                         [([7], {"to": "bob@example.com"})])
        backend.clear()
        self.assertEqual(backend.results, [])

    def test_arguments_must_be_json(self):
        task_backends["default"] = DummyBackend()
        with self.assertRaisesRegex(InvalidTaskError, "JSON"):
            send_confirmation.enqueue(object())

    def test_takes_context_gets_the_attempt_first(self):
        task_backends["default"] = ImmediateBackend()
        ATTEMPTS.clear()
        result = send_once.enqueue(9)
        self.assertEqual(ATTEMPTS, [(9, 1, result.id)])
        self.assertEqual(result.return_value, 1)
        with self.assertRaisesRegex(InvalidTask, "first argument of 'context'"):
            task(takes_context=True)(lambda order_id: None)

    def test_unknown_result_ids(self):
        for backend in (ImmediateBackend(), DummyBackend()):
            with self.assertRaises(TaskResultDoesNotExist):
                backend.get_result("no-such-id")
        self.assertIs(InvalidTaskError, InvalidTask)

    def test_names(self):
        self.assertEqual(send_confirmation.name, "send_confirmation")
        self.assertTrue(send_confirmation.module_path.endswith("send_confirmation"))
        self.assertEqual(send_confirmation.call(1), {"sent": 1})
        self.assertEqual(send_confirmation.using(priority=9).priority, 9)


class DatabaseQueueTest(unittest.TestCase):
    def setUp(self):
        SENT.clear()
        FLAKY["failures_left"] = 0
        connection.reset()
        self.backend = DatabaseBackend(max_attempts=3, backoff_seconds=10, lease_seconds=60)
        self.saved = task_backends["default"]
        task_backends["default"] = self.backend
        clock.freeze(1_700_000_000)
        self.trace = Trace()
        self.tracing = connection.tracing(self.trace)
        self.tracing.__enter__()

    def tearDown(self):
        self.tracing.__exit__(None, None, None)
        clock.unfreeze()
        task_backends["default"] = self.saved

    def rows(self):
        return connection.execute(
            'SELECT "status", "attempts" FROM "glassbox_task" ORDER BY "enqueued_at"').fetchall()

    def test_the_queue_is_a_table_and_the_worker_works_through_it(self):
        result = send_confirmation.enqueue(7)
        self.assertEqual((result.status, SENT, self.rows()), ("READY", [], [("READY", 0)]))
        done = run_worker(max_tasks=10)
        self.assertEqual(SENT, [(7, "ada@example.com")])
        self.assertEqual([each.status for each in done], ["SUCCESSFUL"])
        self.assertEqual(self.rows(), [("SUCCESSFUL", 1)])
        result.refresh()
        self.assertEqual((result.status, result.return_value, result.attempts),
                         ("SUCCESSFUL", {"sent": 7}, 1))
        ops = [e["op"] for e in self.trace.of_type("task")]
        self.assertEqual(ops, ["enqueue", "claim", "run", "success"])

    def test_marked_done_only_after_it_finished(self):
        seen = []

        @task()
        def look_at_own_row():
            seen.append(self.rows())

        look_at_own_row.enqueue()
        run_worker(max_tasks=1)
        self.assertEqual(seen, [[("RUNNING", 1)]])
        self.assertEqual(self.rows(), [("SUCCESSFUL", 1)])

    def test_max_tasks_and_priority(self):
        send_confirmation.enqueue(1)
        urgent.enqueue("first")
        self.assertEqual(len(run_worker(max_tasks=1)), 1)
        self.assertEqual(SENT, ["first"])
        self.assertEqual(len(run_worker(max_tasks=5)), 1)
        self.assertEqual(run_worker(max_tasks=5), [])

    def test_a_task_that_raises_is_retried_with_backoff_then_failed(self):
        FLAKY["failures_left"] = 5
        result = flaky.enqueue(3)
        self.assertEqual(run_worker(max_tasks=10)[0].status, "READY")
        self.assertEqual(run_worker(max_tasks=10), [], "not due for 10 seconds")
        clock.advance(10)
        run_worker(max_tasks=10)
        clock.advance(19)
        self.assertEqual(run_worker(max_tasks=10), [], "the second wait is 20 seconds")
        clock.advance(1)
        last = run_worker(max_tasks=10)[0]
        self.assertEqual((last.status, last.attempts, len(last.errors)), ("FAILED", 3, 3))
        self.assertEqual(SENT, [])
        told = [(e["op"], e.get("delay_seconds")) for e in self.trace.of_type("task")
                if e["op"] in ("retry", "fail")]
        self.assertEqual(told, [("retry", 10), ("retry", 20), ("fail", None)])
        result.refresh()
        self.assertEqual(result.status, TaskResultStatus.FAILED)

    def test_a_retry_can_succeed(self):
        FLAKY["failures_left"] = 1
        flaky.enqueue(4)
        run_worker()
        clock.advance(10)
        self.assertEqual(run_worker()[0].return_value, "ok")
        self.assertEqual(self.rows(), [("SUCCESSFUL", 2)])

    def test_a_task_stopped_mid_run_stays_claimable_after_its_lease(self):
        never_ends.enqueue()
        with self.assertRaises(Crash):
            run_worker(max_tasks=1)
        self.assertEqual(self.rows(), [("RUNNING", 1)], "the worker died: no one marked it")
        self.assertEqual(run_worker(max_tasks=1, worker_id="worker-2"), [])
        clock.advance(60)
        with self.assertRaises(Crash):
            run_worker(max_tasks=1, worker_id="worker-2")
        claims = [e for e in self.trace.of_type("task") if e["op"] == "claim"]
        self.assertEqual([(e["worker_id"], e["reclaimed"]) for e in claims],
                         [("worker-1", False), ("worker-2", True)])

    def test_enqueue_on_commit_so_a_rolled_back_order_sends_nothing(self):
        with self.assertRaises(ValueError):
            with transaction.atomic():
                transaction.on_commit(lambda: send_confirmation.enqueue(1))
                raise ValueError("payment refused")
        with transaction.atomic():
            transaction.on_commit(lambda: send_confirmation.enqueue(2))
        run_worker()
        self.assertEqual(SENT, [(2, "ada@example.com")])

    def test_a_retry_sees_its_attempt_and_unknown_ids_are_refused(self):
        ATTEMPTS.clear()
        FLAKY["failures_left"] = 1
        result = send_once.enqueue(5)
        run_worker()
        clock.advance(10)
        run_worker()
        self.assertEqual([attempt for _, attempt, _ in ATTEMPTS], [1, 2])
        result.refresh()
        self.assertEqual((result.status, result.return_value), ("SUCCESSFUL", 2))
        with self.assertRaises(TaskResultDoesNotExist):
            self.backend.get_result("no-such-id")

    def test_run_after_as_a_datetime_waits_on_the_virtual_clock(self):
        send_confirmation.using(run_after=clock.now() + datetime.timedelta(minutes=5)).enqueue(1)
        self.assertEqual(run_worker(), [])
        clock.advance(minutes=5)
        self.assertEqual([each.status for each in run_worker()], ["SUCCESSFUL"])

    def test_no_committed_row_is_lost_when_the_worker_dies_between_run_and_mark(self):
        """The task ran to its end, but the worker died before it marked the row: the row
        is still RUNNING, so after the lease it runs again. At least once, not exactly once."""
        send_confirmation.enqueue(8)
        real_execute = connection.execute

        def die_on_the_mark(sql, params=(), **options):
            if "SUCCESSFUL" in list(params or []):
                raise Crash("the worker process was killed")
            return real_execute(sql, params, **options)

        connection.execute = die_on_the_mark  # this connection only, until deleted below
        try:
            with self.assertRaises(Crash):
                run_worker(max_tasks=1)
        finally:
            del connection.execute
        self.assertEqual(connection.savepoint_ids, [], "the mark's transaction rolled back")
        self.assertEqual(SENT, [(8, "ada@example.com")])
        self.assertEqual(self.rows(), [("RUNNING", 1)])
        clock.advance(60)
        run_worker(max_tasks=1, worker_id="worker-2")
        self.assertEqual(SENT, [(8, "ada@example.com")] * 2, "sent twice: make tasks idempotent")
        self.assertEqual(self.rows(), [("SUCCESSFUL", 2)])

    def test_a_queue_in_its_own_database_is_not_rolled_back_and_is_traced(self):
        from glassbox.db import Connection

        elsewhere = DatabaseBackend(connection=Connection(":memory:"))
        task_backends["default"] = elsewhere
        with self.assertRaises(ValueError):
            with transaction.atomic():
                send_confirmation.enqueue(1)  # the mistake on_commit prevents
                raise ValueError("payment refused")
        self.assertEqual(len(run_worker(backend=elsewhere)), 1, "the rollback did not reach it")
        self.assertEqual(SENT, [(1, "ada@example.com")])
        self.assertEqual([e["op"] for e in self.trace.of_type("task")],
                         ["enqueue", "claim", "run", "success"])

    def test_run_worker_needs_a_queue(self):
        with self.assertRaisesRegex(InvalidTaskError, "DatabaseBackend"):
            run_worker(backend=DummyBackend())


if __name__ == "__main__":
    unittest.main()
