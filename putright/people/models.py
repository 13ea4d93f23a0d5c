"""The people complaints are about and from: individuals, their representatives, the reasonable
adjustments agreed with them and any restrictions on their contact.

Special-category data (disclosed disabilities) is kept only where the Code profile keeps a record of
it (HOS 5.11, draft 5.8; not LGSCO). Nothing here is ever deleted by a normal user action.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from putright.organisations.models import Organisation


class ContactMethod(models.TextChoices):
    """How the individual prefers to be contacted; stored values never change."""

    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    TEXT = "text", "Text message"
    IN_PERSON = "in_person", "In person"


class Individual(models.Model):
    """A person who has complained or made a service request (a resident, for a landlord)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    contact_preference = models.CharField(max_length=20, choices=ContactMethod.choices, blank=True)
    contact_notes = models.TextField(
        blank=True, help_text="When and how to get in touch, e.g. 'after 4pm', 'large print'."
    )
    disabilities = models.TextField(
        blank=True,
        help_text="Disabilities the individual has disclosed; kept only where the Code keeps a "
        "record of them. Restricted: only roles that need it see it.",
    )
    anonymised = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the personal details were replaced, under the retention schedule or on "
        "erasure (putright.privacy); the record stays so the figures stay right.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["organisation", "name"], name="individual_name"),
            models.Index(fields=["organisation", "email"], name="individual_email"),
            models.Index(fields=["organisation", "postcode"], name="individual_postcode"),
        ]

    def __str__(self) -> str:
        return self.name


class Representative(models.Model):
    """Someone acting for an individual, with the individual's consent recorded (draft 3.6)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    individual = models.ForeignKey(
        Individual, on_delete=models.PROTECT, related_name="representatives"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(
        max_length=100, blank=True, help_text="e.g. daughter, advocate, councillor, MP."
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    consent_given = models.BooleanField(default=False)
    consent_date = models.DateField(null=True, blank=True)
    consent_evidence = models.TextField(
        blank=True, help_text="How consent was given, e.g. 'signed form received 3 March'."
    )
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_given=False) | models.Q(consent_date__isnull=False),
                name="representative_consent_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReasonableAdjustment(models.Model):
    """A reasonable adjustment agreed with an individual, kept under active review (HOS 5.11)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    individual = models.ForeignKey(Individual, on_delete=models.PROTECT, related_name="adjustments")
    description = models.TextField(help_text="What was agreed.")
    agreed_on = models.DateField()
    review_by = models.DateField()
    reviewed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_by", "pk"]
        indexes = [models.Index(fields=["organisation", "review_by"], name="adjustment_review")]

    def __str__(self) -> str:
        return self.description[:60]


class Restriction(models.Model):
    """A restriction on an individual's contact because of unacceptable behaviour.

    It records what is restricted, why, the evidence, why it is proportionate (with regard to the
    Equality Act 2010), and when it will be reviewed (draft 5.12, 5.13).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    individual = models.ForeignKey(
        Individual, on_delete=models.PROTECT, related_name="restrictions"
    )
    restriction = models.TextField(help_text="What is restricted, e.g. 'one named contact'.")
    reason = models.TextField(help_text="The behaviour that led to it.")
    evidence = models.TextField()
    proportionality = models.TextField(
        help_text="Why it is proportionate, with regard to the Equality Act 2010."
    )
    starts = models.DateField()
    review_by = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_by", "pk"]
        indexes = [models.Index(fields=["organisation", "review_by"], name="restriction_review")]

    def __str__(self) -> str:
        return self.restriction[:60]


class RestrictionReview(models.Model):
    """A review of a restriction: kept, changed or ended, and why."""

    class Decision(models.TextChoices):
        KEEP = "keep", "Keep it"
        CHANGE = "change", "Change it"
        END = "end", "End it"

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    notes = models.TextField(blank=True)
    next_review_by = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["restriction", "reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.reviewed_on.isoformat()}"
