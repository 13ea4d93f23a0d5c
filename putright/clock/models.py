"""The clock: the notices the sweep has sent, each organisation's reminder setting, and when each
periodic job was last queued.

A ``Notice`` is unique on (organisation, what it is about, kind, due date) and is inserted before
its emails are queued, in the same transaction: two workers, a restart or a re-run of the sweep
find the row there and send nothing more. Rows change only through ``clock.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models


class NoticeKind(models.TextChoices):
    """What a notice says; stored values never change (``rules.notices`` makes them)."""

    ACKNOWLEDGE_SOON = "acknowledge_soon", "Acknowledgement due soon"
    ACKNOWLEDGE_OVERDUE = "acknowledge_overdue", "Acknowledgement overdue"
    RESPOND_SOON = "respond_soon", "Response due soon"
    RESPOND_OVERDUE = "respond_overdue", "Response overdue"
    UPDATE_SOON = "update_soon", "Update to the individual due soon"
    UPDATE_OVERDUE = "update_overdue", "Update to the individual overdue"
    ADJUSTMENT_REVIEW_SOON = "adjustment_review_soon", "Review of an adjustment due soon"
    ADJUSTMENT_REVIEW_OVERDUE = "adjustment_review_overdue", "Review of an adjustment overdue"
    RESTRICTION_REVIEW_SOON = "restriction_review_soon", "Review of a restriction due soon"
    RESTRICTION_REVIEW_OVERDUE = "restriction_review_overdue", "Review of a restriction overdue"
    REMEDY_SOON = "remedy_soon", "Remedy due soon"
    REMEDY_OVERDUE = "remedy_overdue", "Remedy overdue"
    ACTION_SOON = "action_soon", "Outstanding action due soon"
    ACTION_OVERDUE = "action_overdue", "Outstanding action overdue"


class Notice(models.Model):
    """A reminder or alert the sweep sent: about what, of which kind, for which date, to whom."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    subject_type = models.CharField(
        max_length=50, help_text="The model the notice is about, e.g. cases.stage."
    )
    subject_id = models.PositiveBigIntegerField()
    due = models.DateField(help_text="The date the notice is about.")
    complaint = models.ForeignKey(
        "cases.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.PositiveSmallIntegerField(
        default=0, help_text="How many staff it was emailed to."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "subject_type", "subject_id", "kind", "due"],
                name="notice_once",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=NoticeKind.values), name="notice_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "-created"], name="notice_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due.isoformat()})"


class ClockSettings(models.Model):
    """An organisation's reminder setting: how many working days before a date to remind."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(20)],
        help_text="Working days before a deadline that the handler is reminded.",
    )
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "clock settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reminder_days__lte=20), name="clock_reminder_days_le_20"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reminder_days} working days"


class PeriodicJob(models.Model):
    """When a periodic job was last queued, shared by every worker, so that however many run,
    each job is queued once per period (and the jobs are safe to run twice besides)."""

    task_path = models.CharField(max_length=200, unique=True)
    last_queued = models.DateTimeField(null=True, blank=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["task_path"]

    def __str__(self) -> str:
        return self.task_path
