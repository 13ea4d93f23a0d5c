"""The self-assessment against a Code ('comply or explain') and the register of exceptional
circumstances in which the organisation could not comply (draft 8.1 a, 8.3 and 8.5).

Models hold data and constraints only: every write goes through ``reporting.services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from putright.organisations.models import Organisation


class Trigger(models.TextChoices):
    """Why a self-assessment was carried out (draft 8.1 a, 8.3, 8.4); stored values never change."""

    ANNUAL = "annual", "The annual self-assessment"
    RESTRUCTURE = "restructure", "A significant restructure"
    MERGER = "merger", "A merger"
    PROCEDURE = "procedure", "A change in procedures"
    OMBUDSMAN = "ombudsman", "Asked to after an Ombudsman investigation"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    SIGNED_OFF = "signed_off", "Signed off"


class SelfAssessment(models.Model):
    """One version of the organisation's self-assessment against one Code for a year
    (1 April to 31 March), read-only once signed off."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    profile = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField(help_text="The year starting 1 April of this year.")
    version = models.PositiveSmallIntegerField(default=1)
    trigger = models.CharField(max_length=20, choices=Trigger.choices, default=Trigger.ANNUAL)
    trigger_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "profile", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "profile", "year", "version"],
                name="self_assessment_version_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AssessmentStatus.values),
                name="self_assessment_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.year}-{(self.year + 1) % 100:02d} version {self.version}"

    @property
    def signed_off(self) -> bool:
        return self.status == AssessmentStatus.SIGNED_OFF


class SelfAssessmentRow(models.Model):
    """One provision (HOS, the draft) or one section (LGSCO): comply or explain."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.PROTECT, related_name="rows")
    position = models.PositiveSmallIntegerField()
    section = models.PositiveSmallIntegerField()
    clause = models.CharField(max_length=20)
    requirement = models.TextField()
    comply = models.BooleanField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    commentary = models.TextField(blank=True, help_text="Commentary, or the explanation.")
    suggested = models.BooleanField(
        null=True, blank=True, help_text="What the records suggest, where they can say."
    )
    from_records = models.TextField(blank=True, help_text="What the records evidenced.")

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "position"], name="self_assessment_row_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.clause


class ExceptionalCircumstance(models.Model):
    """A period in which the organisation could not comply with the Code, e.g. a cyber incident,
    with the notice to the Ombudsman, the published statement and the return to compliance
    (draft 8.5)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    period_from = models.DateField()
    period_to = models.DateField(null=True, blank=True)
    what_happened = models.TextField()
    ombudsman_notified_on = models.DateField(null=True, blank=True)
    statement_published_on = models.DateField(null=True, blank=True)
    compliance_returns_on = models.DateField(
        null=True, blank=True, help_text="The timescale given for returning to compliance."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__isnull=True)
                | models.Q(period_to__gte=models.F("period_from")),
                name="exceptional_circumstance_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"From {self.period_from:%-d %B %Y}"


def _annual_path(instance: models.Model, filename: str) -> str:
    return f"annual-reports/{instance.organisation_id}/{uuid.uuid4().hex}"  # type: ignore[attr-defined]


class AnnualReportDetails(models.Model):
    """What the annual report takes that the records do not hold: the Ombudsman's annual letter
    (uploaded, kept as checked by content) and the governing body's response, published beside
    the report (code-rules.md, 'The annual complaints performance and service improvement
    report')."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The year starting 1 April of this year.")
    letter = models.FileField(upload_to=_annual_path, blank=True)
    letter_name = models.CharField(max_length=255, blank=True)
    letter_content_type = models.CharField(max_length=100, blank=True)
    letter_size = models.PositiveIntegerField(default=0)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    letter_received_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True, help_text="The governing body's response.")
    response_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="annual_report_details_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class AnnualReport(models.Model):
    """One making of the annual report for a year, as a web page and a tagged PDF: the full
    version for the governing body, or the publishable one with no personal data. Made in the
    background, with its progress."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    publishable = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested = models.DateTimeField(auto_now_add=True)
    built = models.DateTimeField(null=True, blank=True)
    html = models.TextField(blank=True)
    pdf = models.FileField(upload_to=_annual_path, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested", "-pk"]
        indexes = [models.Index(fields=["organisation", "year"], name="annual_report_year")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="annual_report_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        kind = "publishable" if self.publishable else "full"
        return f"Annual report {self.year}-{(self.year + 1) % 100:02d} ({kind})"

    @property
    def ready(self) -> bool:
        return self.status == ReportStatus.READY


class ProcedureChange(models.Model):
    """A significant restructure, merger or change in procedures, after which the organisation
    carries out its self-assessment again (draft 8.3)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Trigger.choices)
    changed_on = models.DateField()
    what = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["restructure", "merger", "procedure"]),
                name="procedure_change_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.changed_on:%-d %B %Y}"
