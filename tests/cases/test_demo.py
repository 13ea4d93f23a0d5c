from io import StringIO

import pytest
from django.core.management import call_command

from putright.audit.models import AuditEvent
from putright.cases.models import CaseStatus, Complaint, Extension
from putright.organisations.models import ServiceArea

pytestmark = pytest.mark.django_db


def test_demo_creates_about_300_cases_in_every_state_once() -> None:
    call_command("demo", stdout=StringIO())

    areas = dict(ServiceArea.objects.values_list("name", "profile"))
    assert areas == {
        "General": "lgsco-2024",
        "Housing": "hos-2024",
        "Council tax and benefits": "lgsco-2024",
        "Waste and recycling": "lgsco-2024",
        "Planning": "lgsco-2024",
        "Children's services": "children-act-2006",
        "Adult social care": "asc-2009",
    }
    complaints = Complaint.objects.all()
    assert complaints.count() == 300
    assert set(complaints.values_list("status", flat=True)) == set(CaseStatus.values)
    at_stage_2 = set(complaints.filter(stage=2).values_list("status", flat=True))
    assert {"received", "acknowledged", "responded", "closed"} <= at_stage_2
    assert Extension.objects.filter(stage__complaint__status="acknowledged").exists()
    assert set(complaints.values_list("service_area__name", flat=True)) == set(areas) - {"General"}
    assert AuditEvent.objects.filter(action="complaint.receive").count() == 300
    assert (
        not complaints.filter(status__in=["received", "acknowledged"], next_due=None)
        .exclude(profile="asc-2009")
        .exists()
    )
    events = AuditEvent.objects.count()

    out = StringIO()
    call_command("demo", stdout=out)

    assert Complaint.objects.count() == 300
    assert AuditEvent.objects.count() == events
    assert "Demo complaints" not in out.getvalue()
