"""Background work of the privacy app: making a large Ombudsman's file."""

from __future__ import annotations

from django_tasks import task

from putright.privacy.services.casefile import casefile_build


@task()
def casefile_build_task(casefile_id: int) -> None:
    """Make a requested Ombudsman's file; safe to run twice (a file made is left alone)."""
    casefile_build(casefile_id=casefile_id)
