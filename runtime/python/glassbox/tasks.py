"""Background tasks: work done after the response, shaped like Django's Tasks framework.

Sending the confirmation email inside the order view makes the customer wait for the mail
server, and fails the order when the mail server is down. Instead the view *enqueues* a task,
answers at once, and a worker runs the task later:

    @task()
    def send_confirmation(order_id):
        ...

    def place_order(request):
        with transaction.atomic():
            order = Order.objects.create(...)
            # After COMMIT: a rolled-back order must send nothing.
            transaction.on_commit(lambda: send_confirmation.enqueue(order.id))
        return redirect(...)

The names are Django 6's (`django.tasks`): `@task()` makes a `Task`; `task.enqueue(*args,
**kwargs)` hands back a `TaskResult` whose `status` is one of `TaskResultStatus.READY` (waiting),
`RUNNING`, `SUCCESSFUL` or `FAILED`, with `return_value`, `errors`, `attempts`, `enqueued_at`,
`started_at`, `finished_at`, and `refresh()` to read it again. The arguments and the return
value must be JSON (they are stored, then read back by another process). A task defined with
`@task(takes_context=True)` gets a `TaskContext` first: `context.attempt` says which run this
is (2 or more: an earlier run did not finish). `get_result(id)` raises `TaskResultDoesNotExist`
for an id it does not know; a task that cannot be (or arguments that cannot be stored) raise
`InvalidTask`. Backends:

- `ImmediateBackend` runs the task at once, inside `enqueue()` (Django's default; handy in tests,
  useless for speed).
- `DummyBackend` runs nothing: it keeps the results in `.results`, so a test can check what was
  enqueued.
- `DatabaseBackend` stores each task as a row of the table `glassbox_task`, which you can read
  (`SELECT * FROM glassbox_task`). By default the table is in the app's own database, so an
  enqueue inside `atomic()` is rolled back with it; `DatabaseBackend(connection=Connection())`
  keeps the queue in a database of its own, as a Redis queue would be, where a rollback cannot
  reach it (then enqueue from `on_commit`). `run_worker(max_tasks=...)` is the worker: it claims a due
  row in a transaction (status RUNNING, a lease until when), runs the function outside that
  transaction, then marks the row SUCCESSFUL, only after the function has returned. A task
  that raises is retried after a backoff that doubles each time (`backoff_seconds`, on the
  virtual clock, glassbox.clock), and after `max_attempts` it is FAILED with its errors kept.

Where glassbox differs from Django:

- Django ships only the immediate and dummy backends; a database queue comes from a third-party
  package (django-tasks' DatabaseBackend), and retries are the backend's business (Django's
  Tasks have none). glassbox's database backend is a small one written to be read.
- Django's worker is another process (`manage.py db_worker`); glassbox has no second process in
  the browser, so `run_worker()` is a step you call, and the task runs in the same Python.
- Django finds a task by its import path; glassbox keeps the `@task` functions in a registry
  (`TASKS`), by the same path.
- Django's ImmediateBackend does not officially support `get_result()` (the result cannot be
  read from another thread); glassbox's keeps its results and answers.
- A worker that dies mid-task (the run's watchdog stops a task that never ends) leaves its row
  RUNNING; when the claim's lease (`lease_seconds`) has passed on the virtual clock, the next
  worker claims it again. So a task may run twice: make tasks safe to repeat (idempotent).
  Exactly-once is not free. On PostgreSQL a claim would be `SELECT ... FOR UPDATE SKIP
  LOCKED`; SQLite has one writer at a time, so a guarded UPDATE (`... WHERE status = ?`) does.

Every step is a "task" event in the trace (glassbox.trace): op "enqueue", "claim", "run",
"success", "retry", "fail".
"""

import datetime
import inspect
import json
import traceback as traceback_module
import uuid

from glassbox import clock


class TaskResultStatus:
    READY = "READY"            # waiting to be run (or to be retried)
    RUNNING = "RUNNING"        # claimed by a worker
    SUCCESSFUL = "SUCCESSFUL"  # finished: `return_value` is set
    FAILED = "FAILED"          # raised on every attempt: see `errors`


class InvalidTask(Exception):
    """A function that cannot be a task, or arguments that cannot be stored."""


InvalidTaskError = InvalidTask  # the name in django-tasks and early Django 6 drafts


class TaskResultDoesNotExist(Exception):
    """get_result() was given an id no backend knows."""


class TaskContext:
    """What a task defined with `@task(takes_context=True)` gets as its first argument."""

    def __init__(self, task_result):
        self.task_result = task_result

    @property
    def attempt(self):
        """Which run this is, from 1: more than 1 means an earlier one did not finish."""
        return self.task_result.attempts

    def __repr__(self):
        return f"<TaskContext attempt {self.attempt} of {self.task_result!r}>"


class TaskError:
    """One failed attempt: the exception's class path and its traceback, as text."""

    def __init__(self, exception_class_path, traceback):
        self.exception_class_path, self.traceback = exception_class_path, traceback

    def __repr__(self):
        return f"TaskError({self.exception_class_path!r})"


TASKS = {}  # "module.function" -> Task: how a worker finds the function of a stored row


class Task:
    """A function that can be run later: `enqueue()` it."""

    def __init__(self, func, priority=0, queue_name="default", backend="default",
                 run_after=None, takes_context=False):
        if not callable(func):
            raise InvalidTask(f"{func!r} is not a function")
        if takes_context and next(iter(inspect.signature(func).parameters), None) != "context":
            raise InvalidTask("Task takes context but does not have a first argument of "
                              "'context'.")
        self.func, self.priority, self.queue_name = func, priority, queue_name
        self.backend, self.run_after, self.takes_context = backend, run_after, takes_context

    @property
    def name(self):
        return self.func.__name__

    @property
    def module_path(self):
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def using(self, priority=None, queue_name=None, run_after=None, backend=None):
        """A copy with other options: `send.using(run_after=clock.time() + 60).enqueue()`."""
        return Task(self.func, self.priority if priority is None else priority,
                    queue_name or self.queue_name, backend or self.backend,
                    self.run_after if run_after is None else run_after, self.takes_context)

    def get_backend(self):
        return self.backend if isinstance(self.backend, BaseTaskBackend) else \
            task_backends[self.backend]

    def enqueue(self, *args, **kwargs):
        """Store the task for a worker (or run it, with ImmediateBackend); a TaskResult."""
        return self.get_backend().enqueue(self, stored(args), stored(kwargs))

    def get_result(self, result_id):
        return self.get_backend().get_result(result_id)

    def call(self, *args, **kwargs):
        """Run the function now, here, as a plain call."""
        return self.func(*args, **kwargs)

    def run(self, result):
        """Run the function for a claimed `result`, with its context first if it takes one."""
        if self.takes_context:
            return self.func(TaskContext(result), *result.args, **result.kwargs)
        return self.func(*result.args, **result.kwargs)

    def __repr__(self):
        return f"<Task {self.module_path}>"


def task(function=None, *, priority=0, queue_name="default", backend="default",
         takes_context=False):
    """`@task()` (or `@task`) turns a module-level function into a Task."""

    def make(func):
        made = Task(func, priority, queue_name, backend, None, takes_context)
        TASKS[made.module_path] = made
        return made

    return make(function) if function is not None else make


def stored(value):
    """The value as a worker will see it: through JSON, as it is stored."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError) as error:
        raise InvalidTask(f"Task arguments must be JSON (an id, not a model instance): "
                               f"{error}") from error


class TaskResult:
    """What became of one enqueued task."""

    def __init__(self, task, id, backend, args, kwargs):
        self.task, self.id, self.backend = task, id, backend
        self.args, self.kwargs = args, kwargs
        self.status = TaskResultStatus.READY
        self.enqueued_at = clock.now()
        self.started_at = self.finished_at = self.last_attempted_at = None
        self.errors = []
        self.worker_ids = []
        self.attempts = 0
        self._return_value = None

    @property
    def return_value(self):
        if self.status != TaskResultStatus.SUCCESSFUL:
            raise ValueError(f"The task has not succeeded (its status is {self.status}).")
        return self._return_value

    @property
    def is_finished(self):
        return self.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)

    def refresh(self):
        """Read the status again from the backend (the worker may have moved on)."""
        fresh = self.backend.get_result(self.id)
        self.__dict__.update({key: value for key, value in fresh.__dict__.items()
                              if key != "backend"})

    def __repr__(self):
        return f"<TaskResult {self.task.name} {self.id}: {self.status}>"


def trace_task(connection, op, result, **data):
    """A "task" event in the connection's trace (see glassbox.trace), or, for a queue in a
    database of its own that no request traces, in the trace of the app's database."""
    from glassbox import db

    trace = connection.trace if connection is not None else None
    if trace is None:
        trace = db.connection.trace
    if trace is not None:
        trace.record("task", op=op, task=result.task.module_path, id=result.id,
                     attempt=result.attempts, status=result.status, **data)


def moment(seconds):
    """A stored time (seconds on the virtual clock) as an aware datetime, or None."""
    if seconds is None:
        return None
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)


def error_of(exception):
    return TaskError(f"{type(exception).__module__}.{type(exception).__qualname__}",
                     "".join(traceback_module.format_exception(
                         type(exception), exception, exception.__traceback__)))


# -- backends -----------------------------------------------------------------------------------

class BaseTaskBackend:
    def get_result(self, result_id):
        raise NotImplementedError


class ImmediateBackend(BaseTaskBackend):
    """Runs the task inside enqueue(): the result comes back finished."""

    def __init__(self):
        self.results = {}

    def enqueue(self, task, args, kwargs):
        result = TaskResult(task, str(uuid.uuid4()), self, args, kwargs)
        self.results[result.id] = result
        trace_task(None, "enqueue", result)
        result.status, result.attempts = TaskResultStatus.RUNNING, 1
        result.started_at = result.last_attempted_at = clock.now()
        trace_task(None, "run", result)
        try:
            result._return_value = stored(task.run(result))
            result.status = TaskResultStatus.SUCCESSFUL
            trace_task(None, "success", result)
        except Exception as error:
            result.errors.append(error_of(error))
            result.status = TaskResultStatus.FAILED
            trace_task(None, "fail", result, error=f"{type(error).__name__}: {error}")
        result.finished_at = clock.now()
        return result

    def get_result(self, result_id):
        if result_id not in self.results:
            raise TaskResultDoesNotExist(result_id)
        return self.results[result_id]


class DummyBackend(BaseTaskBackend):
    """Runs nothing: keeps what was enqueued in `results` for a test to look at."""

    def __init__(self):
        self.results = []

    def enqueue(self, task, args, kwargs):
        result = TaskResult(task, str(uuid.uuid4()), self, args, kwargs)
        self.results.append(result)
        trace_task(None, "enqueue", result)
        return result

    def get_result(self, result_id):
        for result in self.results:
            if result.id == result_id:
                return result
        raise TaskResultDoesNotExist(result_id)

    def clear(self):
        self.results.clear()


TABLE = "glassbox_task"

CREATE_TABLE = f"""CREATE TABLE IF NOT EXISTS "{TABLE}" (
    "id" text NOT NULL PRIMARY KEY,
    "task_path" text NOT NULL,
    "args" text NOT NULL,
    "kwargs" text NOT NULL,
    "queue_name" text NOT NULL,
    "priority" integer NOT NULL,
    "status" text NOT NULL,
    "run_after" real NOT NULL,
    "attempts" integer NOT NULL,
    "enqueued_at" real NOT NULL,
    "started_at" real NULL,
    "finished_at" real NULL,
    "claimed_until" real NULL,
    "worker_id" text NULL,
    "return_value" text NULL,
    "errors" text NOT NULL
)"""


class DatabaseBackend(BaseTaskBackend):
    """A queue in the table `glassbox_task`; `run_worker()` works through it."""

    def __init__(self, connection=None, max_attempts=3, backoff_seconds=10, lease_seconds=300):
        self.explicit_connection = connection
        self.max_attempts, self.backoff_seconds = max_attempts, backoff_seconds
        self.lease_seconds = lease_seconds
        self.ready_on = None

    @property
    def connection(self):
        if self.explicit_connection is not None:
            return self.explicit_connection
        from glassbox import db

        return db.connection

    def table(self):
        """The connection, with the queue's table created on first use."""
        connection = self.connection
        if self.ready_on is not connection or TABLE not in connection.table_names():
            connection.execute(CREATE_TABLE)
            self.ready_on = connection
        return connection

    def enqueue(self, task, args, kwargs):
        connection = self.table()
        result = TaskResult(task, str(uuid.uuid4()), self, args, kwargs)
        # run_after may be a datetime (Django's) or seconds on the virtual clock.
        run_after = clock.time() if task.run_after is None else clock.as_seconds(task.run_after)
        connection.execute(
            f'INSERT INTO "{TABLE}" ("id", "task_path", "args", "kwargs", "queue_name", '
            '"priority", "status", "run_after", "attempts", "enqueued_at", "errors") '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, '[]')",
            [result.id, task.module_path, json.dumps(args), json.dumps(kwargs), task.queue_name,
             task.priority, TaskResultStatus.READY, run_after, clock.time()])
        trace_task(connection, "enqueue", result, queue_name=task.queue_name)
        return result

    def get_result(self, result_id):
        row = self.table().execute(f'SELECT * FROM "{TABLE}" WHERE "id" = ?',
                                   [result_id]).fetchone()
        if row is None:
            raise TaskResultDoesNotExist(f"No task {result_id!r} in {TABLE}")
        return self.result_from_row(row)

    def result_from_row(self, row):
        (id, task_path, args, kwargs, _queue, _priority, status, _run_after, attempts,
         enqueued_at, started_at, finished_at, _claimed_until, worker_id, return_value,
         errors) = row
        task = TASKS.get(task_path)
        if task is None:
            raise InvalidTask(f"No @task is registered as {task_path!r}")
        result = TaskResult(task, id, self, json.loads(args), json.loads(kwargs))
        result.status, result.attempts = status, attempts
        result.enqueued_at, result.started_at = moment(enqueued_at), moment(started_at)
        result.finished_at = moment(finished_at)
        result.last_attempted_at = result.started_at
        result.worker_ids = [worker_id] if worker_id else []
        result.errors = [TaskError(path, text) for path, text in json.loads(errors)]
        if return_value is not None:
            result._return_value = json.loads(return_value)
        return result

    # -- the worker -----------------------------------------------------------------------------

    def claim(self, worker_id, queue_names=None):
        """In one transaction: pick the next due row and mark it RUNNING. None if none is due.

        Due: READY with `run_after` passed, or RUNNING whose claim's lease has run out (its
        worker died)."""
        from glassbox.db.transaction import atomic

        connection = self.table()
        now = clock.time()
        queues = ""
        params = [TaskResultStatus.READY, now, TaskResultStatus.RUNNING, now]
        if queue_names:
            queues = f' AND "queue_name" IN ({", ".join("?" for _ in queue_names)})'
            params += list(queue_names)
        with atomic(using=connection):
            row = connection.execute(
                f'SELECT "id", "status" FROM "{TABLE}" WHERE (("status" = ? AND "run_after" <= ?)'
                f' OR ("status" = ? AND "claimed_until" <= ?)){queues} '
                'ORDER BY "priority" DESC, "run_after", "enqueued_at" LIMIT 1', params).fetchone()
            if row is None:
                return None
            result_id, was = row
            claimed = connection.execute(
                f'UPDATE "{TABLE}" SET "status" = ?, "attempts" = "attempts" + 1, '
                '"started_at" = ?, "claimed_until" = ?, "worker_id" = ? '
                'WHERE "id" = ? AND "status" = ?',
                [TaskResultStatus.RUNNING, now, now + self.lease_seconds, worker_id, result_id,
                 was])
            if claimed.rowcount != 1:  # another worker was quicker
                return None
        result = self.get_result(result_id)
        trace_task(connection, "claim", result, worker_id=worker_id,
                   reclaimed=was == TaskResultStatus.RUNNING,
                   claimed_until=now + self.lease_seconds)
        return result

    def run_one(self, result, worker_id):
        """Run a claimed task; record success, a retry or the failure, after it has finished."""
        from glassbox.db.transaction import atomic

        connection = self.connection
        trace_task(connection, "run", result, worker_id=worker_id)
        try:
            value = stored(result.task.run(result))
        except Exception as error:
            errors = [(each.exception_class_path, each.traceback) for each in result.errors]
            errors.append((error_of(error).exception_class_path, error_of(error).traceback))
            message = f"{type(error).__name__}: {error}"
            with atomic(using=connection):
                if result.attempts < self.max_attempts:
                    delay = self.backoff_seconds * 2 ** (result.attempts - 1)
                    connection.execute(
                        f'UPDATE "{TABLE}" SET "status" = ?, "run_after" = ?, '
                        '"claimed_until" = NULL, "errors" = ? WHERE "id" = ?',
                        [TaskResultStatus.READY, clock.time() + delay, json.dumps(errors),
                         result.id])
                    result.status = TaskResultStatus.READY
                    trace_task(connection, "retry", result, error=message, delay_seconds=delay,
                               attempts_left=self.max_attempts - result.attempts)
                else:
                    connection.execute(
                        f'UPDATE "{TABLE}" SET "status" = ?, "finished_at" = ?, '
                        '"claimed_until" = NULL, "errors" = ? WHERE "id" = ?',
                        [TaskResultStatus.FAILED, clock.time(), json.dumps(errors), result.id])
                    result.status = TaskResultStatus.FAILED
                    trace_task(connection, "fail", result, error=message)
        else:
            with atomic(using=connection):
                connection.execute(
                    f'UPDATE "{TABLE}" SET "status" = ?, "finished_at" = ?, '
                    '"claimed_until" = NULL, "return_value" = ? WHERE "id" = ?',
                    [TaskResultStatus.SUCCESSFUL, clock.time(), json.dumps(value), result.id])
            result.status = TaskResultStatus.SUCCESSFUL
            trace_task(connection, "success", result)
        result.refresh()
        return result


def run_worker(max_tasks=None, backend="default", queue_names=None, worker_id="worker-1"):
    """Claim and run due tasks, one at a time, until none is due or `max_tasks` have run;
    return their TaskResults. Retries wait on the virtual clock: `clock.advance()` to reach them.
    """
    backend = backend if isinstance(backend, BaseTaskBackend) else task_backends[backend]
    if not isinstance(backend, DatabaseBackend):
        raise InvalidTask(f"run_worker() needs a DatabaseBackend, not "
                               f"{type(backend).__name__}: the others keep no queue to work on.")
    done = []
    while max_tasks is None or len(done) < max_tasks:
        result = backend.claim(worker_id, queue_names)
        if result is None:
            break
        done.append(backend.run_one(result, worker_id))
    return done


# The backends by name, as Django's TASKS setting makes them; "default" unless a task says.
task_backends = {"default": ImmediateBackend()}
default_task_backend = task_backends["default"]
