"""Background work of the reporting app: making the annual report."""

from __future__ import annotations

from django_tasks import task

from putright.reporting.annual_services import annual_report_build


@task()
def annual_report_build_task(report_id: int) -> None:
    """Make a requested annual report; safe to run twice (a report made is left alone)."""
    annual_report_build(report_id=report_id)
