"""Background tasks for mail in (``django_tasks``; run by ``putright worker``)."""

from __future__ import annotations

from django_tasks import task

from putright.inbound import services


@task()
def mailbox_poll_task() -> dict[str, int]:
    """Periodic: read every enabled mailbox (each claimed first, so two workers never read the
    same one at once); return how many messages were read and stored, and mailboxes failing."""
    results = services.mailboxes_poll().values()
    return {
        "mailboxes": len(results),
        "read": sum(r.read for r in results),
        "stored": sum(r.stored for r in results),
        "failing": sum(1 for r in results if r.error),
    }
