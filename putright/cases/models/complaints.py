"""Complaints, their stages and extensions, and service requests.

Models hold data and constraints only: every write goes through ``services``, which asks the Code
engine first, and every read through ``selectors``, scoped to the user's organisation. Computed
deadlines are stored on the stage with the profile version they were computed under, so work
queues and reports are plain SQL and a case keeps the rules it was received under.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper

from putright.organisations.models import Organisation, ServiceArea
from putright.people.models import Individual, Representative
from putright.rules.stages import Status


class Channel(models.TextChoices):
    """How a complaint or request reached the organisation; stored values never change."""

    WEB = "web", "Web form"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    SOCIAL_MEDIA = "social_media", "Social media"
    API = "api", "Another system"
    OTHER = "other", "Other"


class CaseStatus(models.TextChoices):
    """Where a complaint is within its current stage (the engine's ``Status``)."""

    RECEIVED = Status.RECEIVED.value, "Received"
    ACKNOWLEDGED = Status.ACKNOWLEDGED.value, "Acknowledged"
    RESPONDED = Status.RESPONDED.value, "Responded"
    CLOSED = Status.CLOSED.value, "Closed"
    EXCLUDED = Status.EXCLUDED.value, "Not accepted"
    WITHDRAWN = Status.WITHDRAWN.value, "Withdrawn"


OPEN_STATUSES = (CaseStatus.RECEIVED, CaseStatus.ACKNOWLEDGED, CaseStatus.RESPONDED)


class Complaint(models.Model):
    """An expression of dissatisfaction, logged from any channel by any member of staff."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=40)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    profile = models.CharField(max_length=64)
    profile_version = models.CharField(max_length=40)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received = models.DateField()
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    individual = models.ForeignKey(
        Individual, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    service_request = models.ForeignKey(
        "cases.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        help_text="The service request whose response the individual was dissatisfied with.",
    )
    linked_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked_complaints",
        help_text="The complaint this one was raised during, when logged as a new complaint.",
    )
    name = models.CharField("individual's name", max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    category = models.CharField(max_length=100, blank=True)
    description = models.TextField(help_text="The complaint in the individual's words.")
    outcome_sought = models.TextField(blank=True)
    issue_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the issue happened, or the individual became aware of it.",
    )
    outside_time_limit = models.BooleanField(
        default=False, help_text="Made after the Code's time limit (e.g. 12 months, LGSCO 2.2)."
    )
    discretion_note = models.TextField(
        blank=True, help_text="Why discretion was or was not used to accept it."
    )
    stage = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    next_due = models.DateField(
        null=True, blank=True, help_text="The earliest deadline still to be met, for work queues."
    )
    exclusion_reason = models.CharField(max_length=200, blank=True)
    exclusion_evidence = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every change, so a stale form cannot overwrite a newer one."
    )
    anonymised = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the personal data was replaced under the retention schedule or on "
        "erasure (putright.privacy); dates, stages and outcomes stay for the figures.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_due", "received", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="complaint_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="complaint_status_known"
            ),
            models.CheckConstraint(condition=models.Q(stage__gte=1), name="complaint_stage_ge_1"),
        ]
        indexes = [
            # The work queues read one page of open complaints in deadline order straight from
            # these partial indexes, whatever the size of the organisation (bench/cases.py).
            models.Index(
                fields=["organisation", "next_due", "received", "id"],
                condition=models.Q(status__in=["received", "acknowledged", "responded"]),
                name="complaint_open_queue",
            ),
            models.Index(
                fields=["organisation", "handler", "next_due", "received", "id"],
                condition=models.Q(status__in=["received", "acknowledged", "responded"]),
                name="complaint_open_handler_queue",
            ),
            models.Index(
                fields=["organisation", "service_area", "stage", "next_due", "received", "id"],
                condition=models.Q(status__in=["received", "acknowledged", "responded"]),
                name="complaint_open_area_queue",
            ),
            # A reference typed in any case (reference__iexact) is one index look-up.
            models.Index(F("organisation"), Upper("reference"), name="complaint_reference_upper"),
            models.Index(fields=["organisation", "received"], name="complaint_received"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Stage(models.Model):
    """One stage of a complaint, with its facts and its stored deadlines."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveSmallIntegerField()
    received = models.DateField(help_text="The complaint, or the request for this stage.")
    acknowledged = models.DateField(null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    definition = models.TextField(
        blank=True,
        help_text="The organisation's understanding of the complaint and the outcomes sought.",
    )
    responsible_for = models.TextField(
        blank=True, help_text="The parts of the complaint the organisation is responsible for."
    )
    not_responsible_for = models.TextField(
        blank=True, help_text="The parts it is not responsible for, and who is (draft 5.5)."
    )
    extension_days = models.PositiveSmallIntegerField(default=0)
    responded = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True)
    decision = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    acknowledge_by = models.DateField(null=True, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    extended_respond_by = models.DateField(null=True, blank=True)
    profile_version = models.CharField(max_length=40)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="stage_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="stage_number_ge_1"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint.reference} stage {self.number}"

    @property
    def final_respond_by(self) -> date | None:
        """The response deadline once any extension is applied."""
        return self.extended_respond_by or self.respond_by


class Extension(models.Model):
    """More time to respond at a stage, with the reason given to the individual."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    ombudsman_details_given = models.BooleanField(default=False)
    granted_on = models.DateField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stage", "granted_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gte=1), name="extension_days_ge_1"),
        ]

    def __str__(self) -> str:
        return f"{self.days} working days"
