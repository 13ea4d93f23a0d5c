"""The exclude step offers the organisation's own reasons, where it has set them."""

from __future__ import annotations

from datetime import date

from django.test import Client

from putright.cases.models import CaseStatus, Complaint
from putright.organisations.models import User
from putright.organisations.services import exclusion_reason_add
from tests.factories import received_complaint
from tests.staff.test_cases import date_fields

REASON = "The matter is the subject of legal proceedings"


def test_the_exclude_step_offers_the_organisations_reasons(
    client: Client, org_a_handler: User, org_a_manager: User
) -> None:
    exclusion_reason_add(organisation=org_a_handler.organisation, label=REASON, actor=org_a_manager)
    case = received_complaint(org_a_handler)
    client.force_login(org_a_handler)
    url = f"/staff/cases/{case.reference}/exclude/"

    page = client.get(url).content.decode()
    assert '<select class="govuk-select"' in page
    assert REASON in page

    refused = client.post(url, {"version": case.version, "reason": "Because I said so"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert Complaint.objects.get(pk=case.pk).status == CaseStatus.RECEIVED

    done = client.post(
        url,
        {
            "version": case.version,
            "reason": REASON,
            "evidence": "Court claim issued on 1 March 2025.",
            "ombudsman_details_given": "on",
            **date_fields("decided", date(2025, 3, 5)),
        },
    )
    assert done.status_code == 302
    excluded = Complaint.objects.get(pk=case.pk)
    assert excluded.status == CaseStatus.EXCLUDED
    assert excluded.exclusion_reason == REASON


def test_without_a_list_the_reason_is_free_text(client: Client, org_a_handler: User) -> None:
    case = received_complaint(org_a_handler)
    client.force_login(org_a_handler)

    page = client.get(f"/staff/cases/{case.reference}/exclude/").content.decode()
    assert 'name="reason"' in page
    assert "govuk-select" not in page
