//! A background task that never ends, stopped by the run's real watchdog (a `KeyboardInterrupt`
//! from `Session::set_time_limit`), not by a stand-in exception: the worker dies mid-task, the
//! committed rows stay, and the task's queue row is left RUNNING, claimable again once its lease
//! has passed on the virtual clock (glassbox.tasks).

mod support;

use support::with_session;

const QUEUE: &str = r#"
from glassbox import clock
from glassbox.db import connection
from glassbox.tasks import DatabaseBackend, run_worker, task, task_backends

clock.freeze(1_700_000_000)
backend = task_backends["default"] = DatabaseBackend(lease_seconds=60)


@task()
def quick(n):
    return n


@task()
def never_ends():
    while True:
        pass


quick.enqueue(1)
never_ends.enqueue()
run_worker()
"#;

const AFTER: &str = r#"
rows = connection.execute(
    'SELECT "task_path", "status", "attempts" FROM "glassbox_task" ORDER BY "enqueued_at"'
).fetchall()
print([(path.split(".")[-1], status, attempts) for path, status, attempts in rows])
print("in a transaction:", bool(connection.savepoint_ids))
print("claimable now:", backend.claim("worker-2"))
clock.advance(60)
print("claimable after the lease:", backend.claim("worker-2").task.name)
"#;

#[test]
fn a_task_that_never_ends_is_stopped_and_its_row_is_left_claimable() {
    let (stopped, after) = with_session(|session| {
        session.set_time_limit(Some(std::time::Duration::from_millis(500)));
        let stopped = session.run(QUEUE);
        session.set_time_limit(None);
        (stopped, session.run(AFTER))
    });
    let error = stopped.error.expect("the endless task is stopped");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(after.error, None, "{after:?}");
    assert_eq!(
        after.stdout,
        "[('quick', 'SUCCESSFUL', 1), ('never_ends', 'RUNNING', 1)]\n\
         in a transaction: False\n\
         claimable now: None\n\
         claimable after the lease: never_ends\n"
    );
}
