"""What the residents' side keeps of its own: the organisation's public contact details, files
uploaded during a journey until it is sent, reasonable adjustments asked for on the form (until
staff agree them), one-time tracking links, feedback surveys and the rate-limit counters.

Models hold data and constraints only: every write goes through ``putright.public.services``.
Complaints, service requests, people and documents themselves live in their own apps.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from putright.cases.models import Complaint, ServiceRequest
from putright.organisations.models import Organisation
from putright.people.models import Individual, ReasonableAdjustment


class ContactDetails(models.Model):
    """How residents can reach the organisation's complaints team, shown on every public page."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="public_contact"
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    opening_hours = models.CharField(max_length=200, blank=True)
    policy_url = models.URLField(
        "complaints policy address", blank=True, help_text="The complaints policy on the website."
    )
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Contact details of {self.organisation_id}"


def _pending_path(instance: PendingUpload, filename: str) -> str:
    # Stored under an opaque name; the name given is kept in the row.
    return f"public/pending/{instance.organisation_id}/{uuid.uuid4().hex}"


class PendingUpload(models.Model):
    """A file a resident has added to a complaint or request they have not sent yet, checked by its
    content and size; kept with their journey until it is sent (then it becomes a ``Document``)
    or abandoned (then the purge removes it)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    journey = models.CharField(max_length=64, help_text="The journey's random key.")
    file = models.FileField(upload_to=_pending_path)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["journey", "created"], name="pending_upload_journey")]

    def __str__(self) -> str:
        return self.name


class AdjustmentStatus(models.TextChoices):
    REQUESTED = "requested", "Asked for"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Not agreed"


class AdjustmentRequest(models.Model):
    """A reasonable adjustment a resident asked for on the web form: a request for staff to
    consider and agree with them (e.g. LGSCO 5.8), never an adjustment until they do."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="+")
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_request = models.ForeignKey(
        ServiceRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(help_text="What the resident asked for, in their words.")
    requested_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=AdjustmentStatus.choices, default=AdjustmentStatus.REQUESTED
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why it was not agreed.")
    adjustment = models.ForeignKey(
        ReasonableAdjustment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(complaint__isnull=False)
                | models.Q(service_request__isnull=False),
                name="adjustment_request_belongs_to_a_case",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AdjustmentStatus.values),
                name="adjustment_request_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="adjustment_request_status"),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class TrackingLink(models.Model):
    """A one-time link to a complaint's progress, emailed to the address on the complaint. Only
    the token's SHA-256 digest is kept; the link works once, before it expires."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["expires"], name="tracking_link_expires")]

    def __str__(self) -> str:
        return f"Link to {self.complaint_id}"


class Rating(models.TextChoices):
    """The answers of the feedback survey's questions, from best to worst; stored values never
    change."""

    VERY_SATISFIED = "very_satisfied", "Very satisfied"
    SATISFIED = "satisfied", "Satisfied"
    NEITHER = "neither", "Neither satisfied nor dissatisfied"
    DISSATISFIED = "dissatisfied", "Dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied"


class SurveyResponse(models.Model):
    """A resident's feedback on how their complaint was handled (not on its outcome), given once
    after it was closed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="+")
    ease = models.CharField("how easy it was to complain", max_length=20, choices=Rating.choices)
    kept_informed = models.CharField(
        "how they were kept informed", max_length=20, choices=Rating.choices
    )
    respect = models.CharField(
        "how fairly and respectfully they were treated", max_length=20, choices=Rating.choices
    )
    overall = models.CharField("the handling overall", max_length=20, choices=Rating.choices)
    comment = models.TextField(blank=True)
    submitted_on = models.DateField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "submitted_on"], name="survey_submitted"),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.complaint_id}"


class RateLimitHit(models.Model):
    """One attempt counted against a rate limit: shared by every server process, since it is in
    the database. ``key`` is a keyed digest (of an address, a journey or a case), never the
    value itself."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="rate_limit_hit")]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"
