"""The short survey offered once a complaint is finished: how it was handled, not its outcome.

Where an organisation asks for feedback it says how to complain about anything else (draft 1.5);
the page does, and the survey itself records only how the handling felt.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from putright.audit import services as audit
from putright.cases.models import Complaint
from putright.cases.services import CaseInputError
from putright.organisations.permissions import Resident
from putright.public.models import Rating, SurveyResponse

QUESTIONS = ("ease", "kept_informed", "respect", "overall")
COMMENT_LIMIT = 2000


def survey_response_record(
    *,
    resident: Resident,
    complaint: Complaint,
    ease: str,
    kept_informed: str,
    respect: str,
    overall: str,
    comment: str = "",
    today: date,
) -> SurveyResponse:
    """Record the individual's feedback on how their finished complaint was handled, once."""
    if resident.complaint_id != complaint.pk or resident.organisation_id != (
        complaint.organisation_id
    ):
        raise PermissionDenied("You can only give feedback on your own complaint.")
    if complaint.is_open:
        raise CaseInputError("You can give feedback once your complaint is finished.")
    answers = {"ease": ease, "kept_informed": kept_informed, "respect": respect, "overall": overall}
    for key, value in answers.items():
        if value not in Rating.values:
            field = SurveyResponse._meta.get_field(key)
            raise CaseInputError(f"Select how satisfied you are with {field.verbose_name}.")
    comment = comment.strip()
    if len(comment) > COMMENT_LIMIT:
        raise CaseInputError(f"Your comments must be {COMMENT_LIMIT} characters or fewer.")
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                organisation_id=complaint.organisation_id,
                complaint=complaint,
                comment=comment,
                submitted_on=today,
                **answers,
            )
            audit.record(
                action="public.feedback",
                actor=resident,
                organisation=complaint.organisation,
                target=complaint,
                after={**answers, "comment": "(withheld)" if comment else ""},
            )
    except IntegrityError:
        raise CaseInputError("You have already given feedback on this complaint.") from None
    return response
