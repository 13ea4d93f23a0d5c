"""Writes of the residents' side. Each service checks who is acting, writes inside one
transaction and records what changed in the audit record; the case and people services do the
case work, with the resident as the actor."""

from putright.public.services.adjustments import (
    adjustment_request_agree,
    adjustment_request_decline,
)
from putright.public.services.contact import contact_details_update
from putright.public.services.feedback import survey_response_record
from putright.public.services.journey import (
    COMPLAINT,
    SERVICE_REQUEST,
    Submission,
    journey_key,
    pending_upload_add,
    pending_upload_purge,
    pending_upload_remove,
    pending_uploads,
    public_submission_send,
)
from putright.public.services.limits import RateLimited, rate_limit_hit, rate_limit_purge
from putright.public.services.tracking import (
    IssuedLink,
    LinkRefused,
    contact_address_for,
    information_add,
    tracking_link_issue,
    tracking_link_purge,
    tracking_link_redeem,
    tracking_link_request,
)

__all__ = [
    "COMPLAINT",
    "SERVICE_REQUEST",
    "IssuedLink",
    "LinkRefused",
    "RateLimited",
    "Submission",
    "adjustment_request_agree",
    "adjustment_request_decline",
    "contact_address_for",
    "contact_details_update",
    "information_add",
    "journey_key",
    "pending_upload_add",
    "pending_upload_purge",
    "pending_upload_remove",
    "pending_uploads",
    "public_submission_send",
    "rate_limit_hit",
    "rate_limit_purge",
    "survey_response_record",
    "tracking_link_issue",
    "tracking_link_purge",
    "tracking_link_redeem",
    "tracking_link_request",
]
