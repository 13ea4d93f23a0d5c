"""Service requests: not complaints, but recorded, monitored and reviewed (draft 1.4, LGSCO 1.4).

When the individual is dissatisfied with the response, they are offered a complaint (LGSCO: the
opportunity; HOS: the choice); the complaint opens at stage 1 linked to the request, and the request
keeps being worked on until it is done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from putright.organisations.models import Organisation, ServiceArea
from putright.people.models import Individual


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ServiceRequest(models.Model):
    """A request to provide or improve a service, fix a problem or reconsider a decision."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=40)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20)
    received = models.DateField()
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    individual = models.ForeignKey(
        Individual, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    name = models.CharField("individual's name", max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    category = models.CharField(max_length=100, blank=True)
    description = models.TextField()
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default="open")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_date = models.DateField(null=True, blank=True, help_text="When it should be done by.")
    review_by = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    dissatisfied_on = models.DateField(
        null=True, blank=True, help_text="When the individual said they were dissatisfied."
    )
    complaint_offered_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    anonymised = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the personal data was replaced (putright.privacy); the dates stay.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target_date", "received", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="service_request_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values),
                name="service_request_status_known",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "target_date"], name="service_request_queue"
            ),
            models.Index(fields=["organisation", "received"], name="service_request_received"),
        ]

    def __str__(self) -> str:
        return self.reference


class RequestUpdate(models.Model):
    """A note on the progress of a service request."""

    service_request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="updates"
    )
    note = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service_request", "created", "pk"]

    def __str__(self) -> str:
        return self.note[:60]
