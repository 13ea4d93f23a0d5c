"""Reads for organisations and their staff."""

from __future__ import annotations

from django.db.models import QuerySet

from putright.organisations.models import Organisation, User


def organisation_get(*, slug: str) -> Organisation | None:
    """The organisation with this slug, or None."""
    return Organisation.objects.filter(slug=slug).first()


def staff_for_organisation(*, organisation: Organisation) -> QuerySet[User]:
    """The organisation's staff accounts, by username."""
    return User.objects.filter(organisation=organisation).order_by("username")
