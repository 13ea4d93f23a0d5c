"""The integrations' periodic task (``django_tasks``; queued by ``putright worker``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from putright.integrations import services


@task()
def idempotency_keys_prune_task() -> int:
    """Every day: forget the idempotency keys older than ``services.KEY_DAYS`` days."""
    return services.idempotency_keys_prune(now=timezone.now())
