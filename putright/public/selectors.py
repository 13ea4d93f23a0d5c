"""Reads of the residents' side: an organisation's public pages, and the one complaint a tracking
link opened. Nothing here reads another organisation's records: every query is filtered by the
organisation of the page, and a complaint by the id the link gave the session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.http import Http404

from putright.cases.models import (
    Complaint,
    Correspondence,
    Direction,
    Document,
    OutstandingAction,
    Remedy,
    Stage,
)
from putright.cases.selectors import allowed_actions
from putright.organisations.models import Organisation, ServiceArea
from putright.policy import get_profile
from putright.public.models import ContactDetails, SurveyResponse
from putright.rules.stages import Action


def organisation_public(slug: str) -> Organisation:
    """The organisation whose public pages these are; 404 for an unknown one."""
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise Http404("No such organisation")
    return found


def service_areas_public(organisation: Organisation) -> list[ServiceArea]:
    """The services a resident may complain about, by name."""
    return list(ServiceArea.objects.filter(organisation=organisation).order_by("name"))


def contact_details_public(organisation: Organisation) -> ContactDetails | None:
    return ContactDetails.objects.filter(organisation=organisation).first()


def tracked_complaint(organisation: Organisation, complaint_id: int) -> Complaint:
    """The complaint a tracking link opened, on its own organisation's pages only."""
    found = (
        Complaint.objects.select_related("service_area", "organisation")
        .filter(organisation=organisation, pk=complaint_id, anonymised__isnull=True)
        .first()
    )
    if found is None:
        raise Http404("No such complaint")
    return found


def tracked_document(complaint: Complaint, pk: int) -> Document:
    """A file sent to the individual with a letter or email on their complaint (never a file
    received, nor one whose content has been destroyed); 404 for anything else."""
    found = Document.objects.filter(
        complaint=complaint, pk=pk, correspondence__direction=Direction.OUT, destroyed__isnull=True
    ).first()
    if found is None:
        raise Http404("No such file")
    return found


@dataclass(frozen=True, slots=True)
class StageView:
    number: int
    name: str
    stage: Stage


@dataclass(frozen=True, slots=True)
class Progress:
    """What the tracking page shows: where the complaint is, what is due and what has been sent."""

    complaint: Complaint
    stages: list[StageView]
    current: StageView
    letters: list[Correspondence]
    actions: list[OutstandingAction]
    remedies: list[Remedy]
    can_escalate: bool
    can_withdraw: bool
    last_stage: bool
    ombudsman: str
    feedback_given: bool

    @property
    def next_date(self) -> date | None:
        stage = self.current.stage
        if not self.complaint.is_open:
            return None
        if stage.acknowledged is None:
            return stage.acknowledge_by
        if stage.responded is None:
            return stage.final_respond_by
        return None


def complaint_progress(complaint: Complaint) -> Progress:
    """The progress of one complaint as its individual may see it: stages and their dates, letters
    and emails sent to them, outstanding actions and remedies, and which steps they can take."""
    profile = get_profile(complaint.profile)
    stages = [
        StageView(s.number, profile.stage(s.number).name, s)
        for s in Stage.objects.filter(complaint=complaint).order_by("number")
    ]
    current = next(s for s in stages if s.number == complaint.stage)
    decisions = allowed_actions(complaint) if complaint.is_open else {}
    return Progress(
        complaint=complaint,
        stages=stages,
        current=current,
        letters=list(
            Correspondence.objects.filter(complaint=complaint, direction=Direction.OUT)
            .prefetch_related(
                Prefetch(
                    "attachments",
                    queryset=Document.objects.filter(destroyed__isnull=True).order_by("pk"),
                    to_attr="files",
                )
            )
            .order_by("-date", "-pk")
        ),
        actions=list(
            OutstandingAction.objects.filter(complaint=complaint).order_by("-status", "due", "pk")
        ),
        remedies=list(Remedy.objects.filter(complaint=complaint).order_by("due", "pk")),
        can_escalate=bool(decisions.get(Action.ESCALATE)),
        can_withdraw=bool(decisions.get(Action.WITHDRAW)),
        last_stage=complaint.stage >= len(profile.stages),
        ombudsman=profile.ombudsman,
        feedback_given=SurveyResponse.objects.filter(complaint=complaint).exists(),
    )


@dataclass(frozen=True, slots=True)
class Sent:
    """What the confirmation page says of a complaint or request just sent."""

    reference: str
    kind: str
    acknowledge_by: date | None = None
    respond_by: date | None = None
    email: str = ""


def sent_case(organisation: Organisation, reference: str, kind: str) -> Sent:
    """The dates the Code gives a complaint just received (stored on its first stage), or the
    reference alone of a service request."""
    if kind == "complaint":
        stage = (
            Stage.objects.select_related("complaint")
            .filter(complaint__organisation=organisation, complaint__reference=reference, number=1)
            .first()
        )
        if stage is not None:
            complaint = stage.complaint
            email = complaint.email
            if not email and complaint.representative_id:
                email = complaint.representative.email if complaint.representative else ""
            return Sent(reference, kind, stage.acknowledge_by, stage.final_respond_by, email)
    return Sent(reference, kind)
