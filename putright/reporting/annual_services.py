"""Writes of the annual report: the Ombudsman's annual letter and the governing body's response
for a year, and the making of the report as a web page and a tagged PDF, in the background.

A manager or senior lead of the organisation writes; every write is audited, and a refused write
writes nothing. Making the report is queued after the commit (``tasks.annual_report_build_task``)
and shows its progress on the report's page as it goes.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.services.common import CaseInputError
from putright.cases.services.record.files import file_check
from putright.organisations.models import User
from putright.reporting.annual import annual_report_data, report_charts
from putright.reporting.models import AnnualReport, AnnualReportDetails, ReportStatus
from putright.reporting.services import may_write

logger = logging.getLogger(__name__)

#: The years a report can be made for.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check(actor: User, year: int) -> None:
    if not may_write(actor):
        raise PermissionDenied("Only a manager or senior lead changes the annual report.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(f"{year} is not a year the report can be for.")


def _details(actor: User, year: int) -> AnnualReportDetails:
    found, _ = AnnualReportDetails.objects.select_for_update().get_or_create(
        organisation=actor.organisation, year=year
    )
    return found


def annual_report_response_save(
    *, actor: User, year: int, response: str, response_on: date | None
) -> AnnualReportDetails:
    """Record the governing body's response to the year's report, published beside it
    (HOS 8.2; LGSCO 8.1: through the organisation's governance arrangements)."""
    _check(actor, year)
    response = response.strip()
    if response_on is not None and not response:
        raise ValidationError("Enter the governing body's response, or leave the date empty.")
    with transaction.atomic():
        details = _details(actor, year)
        before = {"response": details.response, "response_on": audit.jsonable(details.response_on)}
        details.response, details.response_on, details.updated_by = response, response_on, actor
        details.save(update_fields=["response", "response_on", "updated_by", "updated"])
        audit.record(
            action="annual_report.response_save",
            actor=actor,
            organisation=actor.organisation,
            target=details,
            before=before,
            after={"response": response, "response_on": audit.jsonable(response_on)},
        )
    return details


def annual_report_letter_upload(
    *, actor: User, year: int, upload: UploadedFile, received_on: date | None
) -> AnnualReportDetails:
    """Keep the Ombudsman's annual letter (or annual report) about the organisation for the year,
    checked by its content; a new letter replaces the one before, which stays in storage."""
    _check(actor, year)
    try:
        checked = file_check(upload)
    except CaseInputError as error:
        raise ValidationError(str(error)) from None
    with transaction.atomic():
        details = _details(actor, year)
        before = {"letter_name": details.letter_name, "letter_sha256": details.letter_sha256}
        upload.seek(0)
        details.letter.save(checked.name, ContentFile(upload.read()), save=False)
        details.letter_name = checked.name
        details.letter_content_type = checked.content_type
        details.letter_size = checked.size
        details.letter_sha256 = checked.sha256
        details.letter_received_on = received_on
        details.updated_by = actor
        details.save()
        audit.record(
            action="annual_report.letter_upload",
            actor=actor,
            organisation=actor.organisation,
            target=details,
            before=before,
            after={"letter_name": checked.name, "letter_sha256": checked.sha256},
        )
    return details


def annual_report_request(*, actor: User, year: int, publishable: bool) -> AnnualReport:
    """Ask for the year's report, full or publishable; it is made in the background."""
    from putright.reporting.tasks import annual_report_build_task

    _check(actor, year)
    with transaction.atomic():
        report = AnnualReport.objects.create(
            organisation=actor.organisation, year=year, publishable=publishable, requested_by=actor
        )
        audit.record(
            action="annual_report.request",
            actor=actor,
            organisation=actor.organisation,
            target=report,
            before={},
            after={"year": year, "publishable": publishable},
        )
        transaction.on_commit(lambda: annual_report_build_task.enqueue(report.pk))
    return report


def _progress(report_id: int):  # type: ignore[no-untyped-def]
    def told(percent: int, step: str) -> None:
        AnnualReport.objects.filter(pk=report_id).update(
            status=ReportStatus.RUNNING, progress=min(percent, 99), step=step
        )

    return told


def annual_report_build(*, report_id: int) -> AnnualReport:
    """Make a requested report: assemble it, render the web page and the tagged PDF, and store
    them, telling its progress as it goes. A failure is recorded on the report with the error;
    a report already made is left as it is, so running twice is safe."""
    from putright.pdf import html_to_pdf

    report = AnnualReport.objects.select_related("organisation").get(pk=report_id)
    if report.status == ReportStatus.READY:
        return report
    told = _progress(report.pk)
    try:
        data = annual_report_data(
            organisation=report.organisation,
            year=report.year,
            publishable=report.publishable,
            progress=told,
        )
        told(82, "Drawing the charts")
        drawn = report_charts(data)
        told(85, "Writing the web page")
        body = render_to_string("reporting/_annual_body.html", {"report": data, "charts": drawn})
        told(90, "Making the tagged PDF")
        pdf = html_to_pdf(
            render_to_string("reporting/annual_report_pdf.html", {"report": data, "body": body})
        )
    except Exception as error:  # recorded on the report, for the page to say it failed
        logger.exception("Annual report %s failed", report.pk)
        AnnualReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=str(error)[:2000]
        )
        report.refresh_from_db()
        return report
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        kind = "publishable" if locked.publishable else "full"
        locked.pdf.save(f"annual-report-{locked.year}-{kind}.pdf", ContentFile(pdf), save=False)
        locked.pdf_size = len(pdf)
        locked.html = body
        locked.status = ReportStatus.READY
        locked.progress = 100
        locked.step = ""
        locked.built = timezone.now()
        locked.save()
    return locked
