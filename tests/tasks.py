"""Running queued background tasks inside a test, as ``putright worker`` would.

The tests' database is one transaction, so the worker's own loop (which closes stale connections)
cannot run in it; ``run_queued_tasks`` claims and runs each ready task with the worker's own
``run_task`` instead, and fails the test if any task raised. ``time_passes`` moves waiting work
into the past, as if the clock had moved on. A real worker process is tested in
``tests/clock/test_worker_process.py``.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max


def run_queued_tasks(limit: int = 1000) -> int:
    """Run every task that is ready now (and those they queue), oldest first; return how many."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        result = DBTaskResult.objects.ready().first()
        if result is None:
            break
        result.claim("test-worker")
        worker.run_task(result)
        ran += 1
    failed = DBTaskResult.objects.failed()
    if failed.exists():
        errors = [f"{r.task_path}: {r.traceback}" for r in failed]
        raise AssertionError("A task failed:\n" + "\n".join(errors))
    return ran


def time_passes(delta: timedelta) -> None:
    """Bring forward everything that waits for a time (send tasks, retries) by ``delta``."""
    from putright.correspondence.models import OutboundEmail

    DBTaskResult.objects.exclude(run_after=get_date_max()).update(run_after=F("run_after") - delta)
    OutboundEmail.objects.filter(next_attempt_at__isnull=False).update(
        next_attempt_at=F("next_attempt_at") - delta
    )
    OutboundEmail.objects.filter(enqueued_at__isnull=False).update(
        enqueued_at=F("enqueued_at") - delta
    )
    OutboundEmail.objects.filter(claimed_at__isnull=False).update(
        claimed_at=F("claimed_at") - delta
    )
