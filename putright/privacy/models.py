"""Data protection and the Ombudsman's file: the retention schedule, the runs that dispose of what
is due and their destruction log, and the files made for the Ombudsman.

Models hold data and constraints only: writes go through ``putright.privacy.services``. The
destruction log holds no personal data: what was anonymised is named by its type, its id and its
case reference, with the rule that made it due.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from putright.cases.models import Complaint
from putright.organisations.models import Organisation


class CaseType(models.TextChoices):
    """The kinds of case a retention rule applies to; stored values never change."""

    COMPLAINT = "complaint", "Complaints"
    SERVICE_REQUEST = "service_request", "Service requests"


class RetentionRule(models.Model):
    """How long one kind of case is kept after it closes, e.g. '6 years after closure'.

    ``applies_to`` narrows the rule: blank for every case of the type; for complaints
    ``excluded``, ``withdrawn`` or ``outcome:<key>`` (the final outcome); for service requests
    ``done`` or ``cancelled``. The narrowest rule that matches a case decides.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case_type = models.CharField(max_length=20, choices=CaseType.choices)
    applies_to = models.CharField(max_length=60, blank=True)
    months = models.PositiveSmallIntegerField(help_text="Months kept after the case closes.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case_type", "applies_to", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "case_type", "applies_to"], name="retention_rule_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=1200), name="retention_months_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_type} {self.applies_to or 'all'}: {self.months} months"


class DisposalRun(models.Model):
    """One run that anonymised what was due (``putright dispose --commit``), or one erasure."""

    class Kind(models.TextChoices):
        SCHEDULE = "schedule", "Retention schedule"
        ERASURE = "erasure", "Erasure of an individual"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    reason = models.TextField(
        blank=True, help_text="Why an individual was erased (the legal ground), for an erasure."
    )
    as_of = models.DateField(help_text="The day the schedule was applied for.")
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    complaints = models.PositiveIntegerField(default=0)
    service_requests = models.PositiveIntegerField(default=0)
    individuals = models.PositiveIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started:%Y-%m-%d %H:%M}"


class DestructionEntry(models.Model):
    """One thing anonymised or destroyed by a run: what (type, id, reference), under which rule,
    when. Never a name, an address or any other personal detail."""

    run = models.ForeignKey(DisposalRun, on_delete=models.PROTECT, related_name="entries")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    reference = models.CharField(max_length=60, blank=True)
    rule = models.CharField(max_length=200)
    closed_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "pk"]
        indexes = [models.Index(fields=["organisation", "-created"], name="destruction_org")]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"


def _casefile_path(instance: CaseFile, filename: str) -> str:
    return f"casefiles/{instance.organisation_id}/{uuid.uuid4().hex}"


class CaseFile(models.Model):
    """The complete record of a complaint assembled for the Ombudsman: a tagged PDF bundle with an
    index and the chronology, and a zip of the original files with the PDF inside."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    built = models.DateTimeField(null=True, blank=True)
    special_category = models.BooleanField(
        default=False,
        help_text="Whether the bundle includes reasonable adjustments (special-category data), "
        "so only the roles that may see them can download it.",
    )
    pdf = models.FileField(upload_to=_casefile_path, blank=True)
    archive = models.FileField(upload_to=_casefile_path, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    archive_size = models.PositiveIntegerField(default=0)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    archive_sha256 = models.CharField(max_length=64, blank=True)
    documents = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    destroyed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested", "-pk"]
        indexes = [models.Index(fields=["complaint", "-requested"], name="casefile_complaint")]

    def __str__(self) -> str:
        return f"Ombudsman's file {self.pk}"
