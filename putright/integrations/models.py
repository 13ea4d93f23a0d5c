"""Other systems' access: API tokens with scopes, and the idempotency keys of what they made."""

from django.conf import settings
from django.db import models


class Scope(models.TextChoices):
    """What a token may do through the API; stored values never change."""

    COMPLAINTS_READ = "complaints:read", "Read complaints, their correspondence and files"
    COMPLAINTS_WRITE = "complaints:write", "Log complaints, take their steps, add to their record"
    REQUESTS_READ = "requests:read", "Read service requests"
    REQUESTS_WRITE = "requests:write", "Record service requests"
    FIGURES_READ = "figures:read", "Read the complaint-handling figures"


class ApiToken(models.Model):
    """A secret another system sends to act for one organisation, within its scopes.

    Only the SHA-256 digest of the secret is kept: it is shown once, when the token is made. The
    token acts as its own service account (``account``), so every step it takes goes through the
    same services, rules and audit record as a member of staff's, under the token's name.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'Housing CRM'.")
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token"
    )
    scopes = models.JSONField(default=list)
    prefix = models.CharField(max_length=16, unique=True, help_text="Shown to tell tokens apart.")
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="api_token_name_unique_in_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def active(self) -> bool:
        return self.revoked is None


class IdempotencyKey(models.Model):
    """A key another system sent with a request that made something, kept per organisation and
    token: the same key with the same request gives back what was made, never a second one.

    Only a digest of the request and the object made are kept, not the response itself, so no
    second copy of anyone's personal details outlives their erasure.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body.")
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "token", "key"], name="idempotency_key_unique_per_token"
            ),
        ]

    def __str__(self) -> str:
        return self.key
