from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One thing that happened: who, in which organisation, to what, and the fields that changed.

    Rows are only ever added: the database refuses updates (see the first migration) and the
    admin shows them read-only.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the actor was called at the time (or the username tried, for a failed sign-in).
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created"], name="audit_org_created"),
            models.Index(
                fields=["object_type", "object_id", "-created", "-id"], name="audit_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.actor_label}".strip()
