from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$"
slug_validator = RegexValidator(
    SLUG_PATTERN,
    "A slug is 1 to 50 lower-case letters, digits and hyphens, "
    "starting and ending with a letter or digit.",
)


class Division(models.TextChoices):
    """The GOV.UK bank-holiday divisions: they decide which days are working days."""

    ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class Role(models.TextChoices):
    """What a member of staff may do; stored values never change."""

    HANDLER = "handler", "Complaint handler"
    MANAGER = "manager", "Manager"
    SENIOR_LEAD = "senior_lead", "Senior lead for complaints"
    MEMBER = "member", "Member Responsible for Complaints"
    AUDITOR = "auditor", "Auditor"


#: The roles that may take steps on cases; the Member Responsible for Complaints and auditors read.
CASE_WRITE_ROLES = frozenset({Role.HANDLER, Role.MANAGER, Role.SENIOR_LEAD})


class Organisation(models.Model):
    """A council, housing association or other body that handles complaints."""

    slug = models.CharField(max_length=50, unique=True, validators=[slug_validator])
    name = models.CharField(max_length=200)
    division = models.CharField(max_length=20, choices=Division.choices)
    default_profile = models.CharField(
        max_length=64, help_text="The Code profile of its default service area, e.g. hos-2024."
    )
    homes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Homes let, for the Regulator's CH01 figure."
    )
    address = models.TextField(blank=True, help_text="The postal address letters come from.")
    letter_sign_off = models.CharField(
        max_length=200,
        blank=True,
        default="Complaints team",
        help_text="Who letters are signed by: a team, since some Codes say staff are not named.",
    )
    logo = models.BinaryField(blank=True, default=b"", help_text="A PNG or JPEG for letters.")
    logo_type = models.CharField(max_length=20, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(division__in=Division.values), name="organisation_division_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of an organisation's staff, or (with no organisation) a superuser."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)

    class Meta:
        constraints = [
            # Staff have an organisation and a role; an account without one has neither.
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=True, role="")
                    | models.Q(organisation__isnull=False, role__in=Role.values)
                ),
                name="user_role_with_organisation",
            ),
        ]


class ServiceArea(models.Model):
    """A part of an organisation's services, handled under one Code profile.

    A council with housing stock handles housing complaints under the HOS Code and the rest under
    the LGSCO Code; children's and adult social care go to their statutory procedures.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="service_areas"
    )
    name = models.CharField(max_length=200)
    profile = models.CharField(max_length=64, help_text="The Code profile id, e.g. hos-2024.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="service_area_name_unique_in_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ClosureDay(models.Model):
    """A day the organisation is closed beyond its division's bank holidays."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="closure_days"
    )
    day = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "day"], name="closure_day_unique_in_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.day.isoformat()


class ExclusionReason(models.Model):
    """One of the organisation's reasons for not accepting (or not escalating) a complaint.

    The Codes ask for the circumstances to be set out in the complaints policy and applied to each
    complaint on its merits, never as a blanket rule (e.g. HOS 2.1 to 2.5).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="exclusion_reasons"
    )
    label = models.CharField(max_length=200)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "label"], name="exclusion_reason_unique_in_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class OutcomeOption(models.Model):
    """An outcome in the organisation's own list, where its Code leaves the list to it (LGSCO)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="outcome_options"
    )
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="outcome_option_unique_in_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.label
