"""How fast does news travel? Notifications delivered and background tasks run, per second.

- notify: one transaction with `NOTIFY_PER_COMMIT` notifications (distinct payloads, so none is
  folded), committed to `LISTENERS` listening connections of one bus (glassbox.db.notify);
  counted as deliveries (one notification reaching one listener), then the listeners read and
  empty their lists. The BEGIN and COMMIT are real SQLite statements.
- tasks: `TASKS` tasks enqueued into the database queue (glassbox.tasks.DatabaseBackend, the
  table glassbox_task), then `run_worker()` claims, runs and marks each: per task a SELECT and
  an UPDATE in one transaction for the claim, a SELECT to read the row, the (empty) function,
  and an UPDATE in a second transaction for the result. The enqueue is timed apart.

Run natively with `glassbox run runtime/benches/realtime.py`; `make bench` also runs it in the
browser.
"""

from glassbox.db import connection, transaction
from glassbox.db.connection import Connection
from glassbox.db.notify import Bus, listen, notify
from glassbox.tasks import DatabaseBackend, run_worker, task, task_backends

import timing

ROUNDS = 10
LISTENERS = 10
NOTIFY_PER_COMMIT = 100
TASKS = 50


@task()
def nothing(number):
    return number


def main():
    bus = Bus(queue_limit=NOTIFY_PER_COMMIT)
    sender = Connection()
    bus.attach(sender)
    listeners = [Connection() for _ in range(LISTENERS)]
    for listener in listeners:
        bus.attach(listener)
        listen("orders", using=listener)

    def one_commit():
        with transaction.atomic(using=sender):
            for number in range(NOTIFY_PER_COMMIT):
                notify("orders", str(number), using=sender)
        for listener in listeners:
            assert len(listener.notifies) == NOTIFY_PER_COMMIT
            listener.notifies.clear()

    commit_ms = timing.median_ms(one_commit, rounds=ROUNDS)
    deliveries = NOTIFY_PER_COMMIT * LISTENERS
    print(f"notify:  {deliveries / commit_ms * 1000:,.0f} deliveries/s ({NOTIFY_PER_COMMIT} "
          f"NOTIFYs in one transaction to {LISTENERS} listeners: {commit_ms:.2f} ms; median of "
          f"{ROUNDS})")

    connection.reset()
    task_backends["default"] = DatabaseBackend()

    def enqueue_all():
        for number in range(TASKS):
            nothing.enqueue(number)

    def work_all():
        assert len(run_worker(max_tasks=TASKS)) == TASKS

    enqueue_all()  # warm up, untimed
    work_all()
    enqueue_samples, work_samples = [], []
    for _ in range(ROUNDS):
        enqueue_samples.append(timing.median_ms(enqueue_all, rounds=1, warmup=0))
        work_samples.append(timing.median_ms(work_all, rounds=1, warmup=0))
        connection.queries.clear()
    enqueue_samples.sort()
    work_samples.sort()
    enqueue_ms, work_ms = enqueue_samples[ROUNDS // 2], work_samples[ROUNDS // 2]
    print(f"tasks:   {TASKS / work_ms * 1000:,.0f} tasks/s run by run_worker() ({TASKS} tasks: "
          f"{work_ms:.1f} ms; median of {ROUNDS})")
    print(f"enqueue: {TASKS / enqueue_ms * 1000:,.0f} tasks/s into glassbox_task ({TASKS} "
          f"INSERTs: {enqueue_ms:.1f} ms)")


main()
