"""Background tasks for mail out (``django_tasks``; run by ``putright worker``)."""

from __future__ import annotations

from django_tasks import task

from putright.correspondence import services


@task()
def email_send_task(email_id: int) -> str:
    """Send one queued message (claimed first, so a second task for it does nothing)."""
    return services.email_send(email_id=email_id, worker="task")


@task()
def email_dispatch_task() -> dict[str, int]:
    """Periodic: settle interrupted sends and queue again messages whose task was lost."""
    return services.email_dispatch_due()
