"""Writes for people: individuals, their representatives, reasonable adjustments and restrictions.

Every service checks that the actor works for the individual's organisation in a role that changes
cases, validates what it was given, writes only what changed inside one transaction and records it
in the audit record. Personal details (names, contact details, disabilities, what was agreed or
restricted) stay out of the audit record, which outlives their erasure: it names the fields that
changed, with dates and decisions in full and personal text withheld.
"""

from putright.people.services.common import (
    WITHHELD,
    PeopleInputError,
    disabilities_profile,
)
from putright.people.services.individuals import (
    individual_create,
    individual_update,
    representative_add,
    representative_end,
)
from putright.people.services.reviews import (
    adjustment_agree,
    adjustment_review,
    restriction_impose,
    restriction_review,
)

__all__ = [
    "WITHHELD",
    "PeopleInputError",
    "adjustment_agree",
    "adjustment_review",
    "disabilities_profile",
    "individual_create",
    "individual_update",
    "representative_add",
    "representative_end",
    "restriction_impose",
    "restriction_review",
]
