"""A letter sent about a complaint: what it said (text and HTML), to whom, how, and where its
copies are kept (the correspondence entry, the PDF document and the email)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from putright.rules.contents import LETTER_KINDS


class LetterKind(models.TextChoices):
    """The letters the system writes (``rules.contents.LETTER_KINDS``); values never change."""

    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    EXTENSION = "extension", "Extension notice"
    EXCLUSION = "exclusion", "Complaint not accepted"
    RESPONSE = "response", "Stage 1 response"
    FINAL_RESPONSE = "final_response", "Final response"
    UPDATE = "update", "Keep-informed update"
    REMEDY_NOT_DELIVERED = "remedy_not_delivered", "A remedy that cannot be delivered"


assert tuple(LetterKind.values) == LETTER_KINDS  # noqa: S101 - one list of kinds


class Letter(models.Model):
    """One letter as sent: the correspondence entry holds its text, the document its PDF."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    complaint = models.ForeignKey(
        "cases.Complaint", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    stage = models.PositiveSmallIntegerField()
    token = models.CharField(
        max_length=64, help_text="From the form it was sent with, so a second click sends nothing."
    )
    subject = models.CharField(max_length=300)
    parts = models.JSONField(default=dict, help_text="The text of each part, by element.")
    text = models.TextField()
    html = models.TextField()
    to_name = models.CharField(max_length=200)
    to_email = models.EmailField(blank=True)
    to_address = models.TextField(blank=True)
    by_post = models.BooleanField(
        default=False, help_text="No email address: the PDF is to be printed and posted."
    )
    printed_on = models.DateField(null=True, blank=True)
    staff_named = models.JSONField(
        default=list, blank=True, help_text="Staff names the sender confirmed were needed."
    )
    reading_ease = models.FloatField(null=True, blank=True)
    reading_grade = models.FloatField(null=True, blank=True)
    correspondence = models.OneToOneField(
        "cases.Correspondence", on_delete=models.PROTECT, related_name="letter"
    )
    document = models.OneToOneField(
        "cases.Document", on_delete=models.PROTECT, related_name="letter"
    )
    email = models.OneToOneField(
        "correspondence.OutboundEmail",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "token"], name="letter_token_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=LETTER_KINDS), name="letter_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.subject
