"""The clock's periodic task (``django_tasks``; queued by ``putright worker``)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from putright.clock import services


@task()
def sweep_task() -> dict[str, Any]:
    """Every minute: the reminders and alerts due today, each sent once."""
    return services.sweep()
