"""Reads for letters, scoped to the user's organisation: another organisation's is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from putright.cases.models import Complaint
from putright.letters.models import Letter
from putright.organisations.models import User


def letters_for(user: User, complaint: Complaint) -> QuerySet[Letter]:
    """The letters sent about a complaint the user may see, oldest first."""
    return Letter.objects.filter(
        organisation_id=user.organisation_id, complaint=complaint
    ).select_related("email", "document", "sent_by")


def letter_get(user: User, complaint: Complaint, pk: int) -> Letter:
    """One letter on this complaint; 404 across organisations or complaints."""
    found = letters_for(user, complaint).filter(pk=pk).first()
    if found is None:
        raise Http404("No such letter")
    return found
