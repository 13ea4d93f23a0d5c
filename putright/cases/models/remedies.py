"""Putting things right: remedies tracked to completion and actions promised in a response
(draft 6.6, 7.1 to 7.4), Ombudsman referrals and the learning that comes out of complaints (9.1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from putright.cases.models.complaints import Complaint
from putright.organisations.models import Organisation, ServiceArea


class RemedyKind(models.TextChoices):
    """The Code's remedies (draft 7.1); stored values never change."""

    APOLOGY = "apology", "Apology"
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledging where things went wrong"
    EXPLANATION = "explanation", "An explanation, assistance or reasons"
    ACTION = "action", "Action taken, if there has been delay"
    RECONSIDERATION = "reconsideration", "Reconsidering or changing a decision"
    RECORD = "record", "Amending a record or adding a correction or addendum"
    FINANCIAL = "financial", "Financial remedy"
    POLICY = "policy", "Changing policies, procedures or practices"
    OTHER = "other", "Other"


class RemedyStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANNOT_DELIVER = "cannot_deliver", "Cannot be delivered"


class Remedy(models.Model):
    """What will be done to put things right and by when, followed through to completion."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="remedies")
    stage = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=RemedyKind.choices)
    description = models.TextField(help_text="What will happen.")
    due = models.DateField(null=True, blank=True, help_text="By when.")
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=RemedyStatus.choices, default=RemedyStatus.OFFERED
    )
    completed_on = models.DateField(null=True, blank=True)
    cannot_deliver_reason = models.TextField(blank=True)
    alternative = models.TextField(blank=True, help_text="The alternative offered instead.")
    ombudsman_reminded = models.BooleanField(
        default=False, help_text="The individual was reminded they can go to the Ombudsman."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["complaint", "due", "pk"]
        verbose_name_plural = "remedies"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="financial") | models.Q(amount__isnull=False),
                name="remedy_financial_has_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="remedy_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class OutstandingAction(models.Model):
    """Something promised in a response that is not yet done, tracked with updates (draft 6.6)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="outstanding_actions"
    )
    stage = models.PositiveSmallIntegerField()
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    completed_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "due", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class ActionUpdate(models.Model):
    """Progress on an outstanding action, and when the individual was told."""

    action = models.ForeignKey(OutstandingAction, on_delete=models.PROTECT, related_name="updates")
    note = models.TextField()
    individual_told_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "created", "pk"]

    def __str__(self) -> str:
        return self.note[:60]


class ReferralDecision(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    NOT_INVESTIGATED = "not_investigated", "Not investigated"
    NO_FAULT = "no_fault", "Investigated: no fault"
    FAULT = "fault", "Investigated: fault found"
    SETTLED = "settled", "Settled or resolved"


class OmbudsmanReferral(models.Model):
    """A complaint taken to the Ombudsman: the decision, findings and recommendations."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="ombudsman_referrals"
    )
    ombudsman = models.CharField(max_length=200)
    referred_on = models.DateField()
    ombudsman_reference = models.CharField(max_length=100, blank=True)
    decision = models.CharField(
        max_length=20, choices=ReferralDecision.choices, default=ReferralDecision.PENDING
    )
    decided_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint", "referred_on", "pk"]

    def __str__(self) -> str:
        return self.ombudsman_reference or f"Referral of {self.referred_on.isoformat()}"


class Recommendation(models.Model):
    """An Ombudsman recommendation and whether it was carried out."""

    referral = models.ForeignKey(
        OmbudsmanReferral, on_delete=models.PROTECT, related_name="recommendations"
    )
    description = models.TextField()
    due = models.DateField(null=True, blank=True)
    carried_out_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["referral", "due", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class Learning(models.Model):
    """A service improvement that comes out of one or more complaints (draft 9.1)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField()
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complaints = models.ManyToManyField(Complaint, related_name="learning", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    implemented_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "pk"]
        verbose_name_plural = "learning"

    def __str__(self) -> str:
        return self.title
