"""``putright worker``: run the queued background tasks, and queue the periodic jobs on time.

One process is enough: the main thread is django-tasks-db's own worker (the ``db_worker`` loop),
and a clock thread queues each job of ``settings.PUTRIGHT_PERIODIC_TASKS`` every its number of
seconds. However many workers run, each job is queued once per period: the clock claims the
period with a conditional update of the job's ``clock.PeriodicJob`` row, as the send task claims
a message (and the jobs are safe to run twice besides). A worker that starts queues every job
whose period has passed, so the sweep catches up at once after downtime.

With the tasks on RQ and Redis instead (see docs/architecture.md), run ``rqworker`` for the tasks
and ``putright worker --clock-only`` for the periodic jobs.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from argparse import ArgumentParser
from datetime import timedelta
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks.base import Task

from putright.clock.services import periodic_job_claim
from putright.management.base import ContractCommand

logger = logging.getLogger("putright.worker")


def periodic_jobs() -> list[tuple[str, Task[Any, Any], int]]:
    """The periodic jobs from the settings, each checked: a task that takes no arguments, and a
    whole number of seconds above zero."""
    jobs = []
    for entry in getattr(settings, "PUTRIGHT_PERIODIC_TASKS", []):
        try:
            path, every = entry
        except (TypeError, ValueError):
            raise CommandError(
                f"PUTRIGHT_PERIODIC_TASKS: {entry!r} is not (dotted path of a task, seconds)"
            ) from None
        try:
            task = import_string(path)
        except ImportError as error:
            raise CommandError(f"PUTRIGHT_PERIODIC_TASKS: cannot import {path}: {error}") from None
        if not isinstance(task, Task):
            raise CommandError(f"PUTRIGHT_PERIODIC_TASKS: {path} is not a django_tasks task")
        if not isinstance(every, int) or isinstance(every, bool) or every < 1:
            raise CommandError(f"PUTRIGHT_PERIODIC_TASKS: {path} must run every 1 second or more")
        jobs.append((path, task, every))
    return jobs


class Clock:
    """Queues each periodic job when its period has passed, once across all workers."""

    def __init__(self, jobs: list[tuple[str, Task[Any, Any], int]], *, tick: float) -> None:
        self.jobs = jobs
        self.tick_seconds = tick
        self.stopped = threading.Event()

    def tick(self) -> list[str]:
        """Queue every job that is due now; return the paths queued by this worker."""
        now = timezone.now()
        queued = []
        for path, task, every in self.jobs:
            if periodic_job_claim(task_path=path, every=timedelta(seconds=every), now=now):
                task.enqueue()
                queued.append(path)
                logger.info("Queued periodic job %s", path)
        return queued

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.tick()
            except Exception:
                # A database that is briefly away must not stop the clock for good.
                logger.exception("The clock could not queue the periodic jobs; trying again")
            finally:
                connections.close_all()
            self.stopped.wait(self.tick_seconds)


class Command(ContractCommand):
    help = (
        "Run the queued background tasks (sending mail, making files) and queue the periodic "
        "jobs (the reminder sweep, ...) on time. Stop it with Ctrl-C; it finishes the task in "
        "hand first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue-name",
            default="*",
            help="The queues to run, separated by commas; '*' for all (the default).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait, when no task is ready, before looking again (default 1).",
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=5.0,
            help="Seconds between the clock's looks at the periodic jobs (default 5).",
        )
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help="Stop after running this many tasks (for tests and one-off runs).",
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="This worker's id, unique among the workers (default: made up).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--no-clock", action="store_true", help="Run tasks only; queue no periodic jobs."
        )
        mode.add_argument(
            "--clock-only",
            action="store_true",
            help="Queue the periodic jobs only (when another worker, such as RQ's, runs tasks).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0 or options["tick"] <= 0:
            raise CommandError("--interval must be 0 or more and --tick more than 0 seconds")
        if options["max_tasks"] is not None and options["max_tasks"] < 1:
            raise CommandError("--max-tasks must be 1 or more")
        worker_id = options["worker_id"] or f"putright-{get_random_string(12)}"
        if len(worker_id) > 64:
            raise CommandError("--worker-id must be 64 characters or fewer")
        self._configure_logging(options["verbosity"])
        jobs = [] if options["no_clock"] else periodic_jobs()
        clock = Clock(jobs, tick=options["tick"])
        if options["clock_only"]:
            self._run_clock_only(clock)
            return
        if jobs:
            threading.Thread(target=clock.run, name="putright-clock", daemon=True).start()
            logger.info(
                "The clock queues %s",
                ", ".join(f"{path} every {every}s" for path, _, every in jobs),
            )
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            clock.stopped.set()

    def _run_clock_only(self, clock: Clock) -> None:
        def stop(signum: int, frame: FrameType | None) -> None:
            clock.stopped.set()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        logger.info("The clock is running (tasks are run by another worker)")
        clock.run()

    def _configure_logging(self, verbosity: int) -> None:
        # -v 1 (the default) says what the worker and the clock do; -v 2 also every task run.
        level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("putright.worker", "putright.clock", "django_tasks_db"):
            logging.getLogger(name).setLevel(level)
        logging.getLogger("django_tasks").setLevel(
            logging.INFO if verbosity > 1 else logging.WARNING
        )
        if not logging.getLogger().handlers:
            logging.basicConfig(stream=sys.stdout, level=level)
