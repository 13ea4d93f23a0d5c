"""The full record of a complaint (draft 5.10): correspondence in and out, documents, requests for
clarification, agreed keep-informed intervals and issues raised during the complaint."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from putright.cases.models.complaints import Complaint
from putright.cases.models.requests import ServiceRequest


class Direction(models.TextChoices):
    IN = "in", "Received"
    OUT = "out", "Sent"


class Correspondence(models.Model):
    """A letter, email, call or meeting with the individual or another party, in or out."""

    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="correspondence"
    )
    service_request = models.ForeignKey(
        ServiceRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correspondence",
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    channel = models.CharField(max_length=20)
    party = models.CharField(
        max_length=200, blank=True, help_text="Who it was with, if not the individual."
    )
    date = models.DateField()
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(complaint__isnull=False)
                | models.Q(service_request__isnull=False),
                name="correspondence_belongs_to_a_case",
            ),
        ]

    def __str__(self) -> str:
        return self.summary


def _document_path(instance: Document, filename: str) -> str:
    # Files are stored under an opaque name; the original name is kept in the row.
    return f"documents/{instance.organisation_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file kept on a case: an attachment to correspondence, a report, a photo, a survey."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    service_request = models.ForeignKey(
        ServiceRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    correspondence = models.ForeignKey(
        Correspondence,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(upload_to=_document_path)
    name = models.CharField(max_length=255, help_text="The file's name as it was given.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300, blank=True)
    destroyed = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the file was deleted from storage under the retention schedule or on "
        "erasure; the row stays as a record that it existed.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.name


class Clarification(models.Model):
    """A question asked to understand the complaint, and the answer (draft 5.3, 5.4a)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="clarifications"
    )
    stage = models.PositiveSmallIntegerField()
    question = models.TextField()
    asked_on = models.DateField()
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "asked_on", "pk"]

    def __str__(self) -> str:
        return self.question[:60]


class KeepInformed(models.Model):
    """Intervals agreed with the individual for updates when a response will be late (draft 5.7)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="keep_informed")
    stage = models.PositiveSmallIntegerField()
    interval_days = models.PositiveSmallIntegerField(help_text="Working days between updates.")
    agreed_on = models.DateField()
    next_update_by = models.DateField()
    note = models.TextField(blank=True)
    ended_on = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "agreed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_days__gte=1), name="keep_informed_interval_ge_1"
            ),
        ]

    def __str__(self) -> str:
        return f"every {self.interval_days} working days"


class AdditionalIssue(models.Model):
    """An issue raised while a complaint is open: folded into the stage 1 response when related
    and not yet answered, otherwise logged as a new linked complaint (draft 6.9)."""

    class Handling(models.TextChoices):
        FOLDED = "folded", "Added to this complaint"
        NEW_COMPLAINT = "new_complaint", "Logged as a new complaint"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="additional_issues"
    )
    stage = models.PositiveSmallIntegerField()
    received = models.DateField()
    description = models.TextField()
    handling = models.CharField(max_length=20, choices=Handling.choices)
    reason = models.TextField(blank=True, help_text="Why it was handled this way.")
    new_complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "received", "pk"]

    def __str__(self) -> str:
        return self.description[:60]
