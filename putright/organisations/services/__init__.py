"""Writes for organisations, their staff and their settings: each one checks who is acting,
validates, runs atomically and is audited.

``organisations``: organisations and staff accounts; ``areas``: service areas (each under one
Code profile) and closure days, whose change recomputes open complaints' deadlines; ``lists``:
the organisation's own exclusion reasons and outcomes. Only a manager or senior lead of the
organisation (or the command line) changes its settings.
"""

from putright.organisations.services.areas import (
    ClosureChange,
    closure_day_add,
    closure_day_remove,
    service_area_create,
    service_area_update,
)
from putright.organisations.services.common import LIST_ROLES
from putright.organisations.services.letterhead import organisation_letterhead_update
from putright.organisations.services.lists import (
    OUTCOME_KEY,
    exclusion_reason_add,
    exclusion_reason_deactivate,
    outcome_option_add,
    outcome_option_deactivate,
)
from putright.organisations.services.organisations import (
    DEFAULT_SERVICE_AREA,
    organisation_create_or_update,
    staff_member_create,
    superuser_create,
)

__all__ = [
    "DEFAULT_SERVICE_AREA",
    "LIST_ROLES",
    "OUTCOME_KEY",
    "ClosureChange",
    "closure_day_add",
    "closure_day_remove",
    "exclusion_reason_add",
    "exclusion_reason_deactivate",
    "organisation_create_or_update",
    "organisation_letterhead_update",
    "outcome_option_add",
    "outcome_option_deactivate",
    "service_area_create",
    "service_area_update",
    "staff_member_create",
    "superuser_create",
]
