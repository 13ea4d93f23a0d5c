"""The demo council's complaints work, made through the services as staff would make it.

``demo_lists`` gives the organisation its own lists (reasons for not accepting a complaint, the
outcomes it uses under the LGSCO Code); ``demo_populate`` fills in about 300 complaints in every
state with the people behind them, about 60 service requests, the correspondence and the rest of
each case's record, remedies, outstanding actions, Ombudsman referrals, learning, a few
letters, a few emails in the mail-in queue, and a complaint and a service request sent on the web
form this week, each with a reasonable adjustment asked for and waiting for a decision. Every
write goes through a service, so deadlines, versions, links and the audit record are those of
real use.
The ``demo`` command calls both; it is the only caller.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from putright.cases.record_selectors import exclusion_reasons_for, outcome_options_for
from putright.organisations.demo.base import Demo
from putright.organisations.demo.cases import DemoCases
from putright.organisations.demo.letters import DemoLetters
from putright.organisations.demo.mail import DemoMailIn
from putright.organisations.demo.people import DemoPeople
from putright.organisations.demo.public import DemoPublic
from putright.organisations.demo.record import DemoRecord
from putright.organisations.demo.remedies import DemoRemedies
from putright.organisations.demo.requests import DemoRequests
from putright.organisations.demo.words import EXCLUSIONS, MORE_EXCLUSION_REASONS, OUTCOMES
from putright.organisations.models import Organisation, ServiceArea, User
from putright.organisations.services import exclusion_reason_add, outcome_option_add

#: Complaints made at random, besides those from service requests and the handler's queue.
DEMO_CASES = 290

__all__ = ["DEMO_CASES", "demo_lists", "demo_populate"]


def demo_lists(organisation: Organisation, lead: User) -> int:
    """Add the demo council's exclusion reasons and LGSCO outcomes where they are missing;
    return how many were added."""
    added = 0
    reasons = {r.label.lower() for r in exclusion_reasons_for(lead)}
    for label in [label for label, _ in EXCLUSIONS] + MORE_EXCLUSION_REASONS:
        if label.lower() not in reasons:
            exclusion_reason_add(organisation=organisation, label=label, actor=lead)
            added += 1
    outcomes = {o.key for o in outcome_options_for(lead)}
    for key, label in OUTCOMES:
        if key in outcomes:
            continue
        try:
            outcome_option_add(organisation=organisation, label=label, key=key, actor=lead)
        except ValidationError:
            continue  # there, but switched off: the organisation's choice stands
        added += 1
    return added


def demo_populate(
    *,
    organisation: Organisation,
    staff: dict[str, User],
    areas: list[tuple[ServiceArea, int]],
    today: date,
) -> dict[str, int]:
    """Fill an organisation that has no cases with the demo's work up to ``today``; return how
    many of each kind of thing were made. Deterministic for a given ``today``."""
    demo = Demo(organisation=organisation, staff=staff, areas=areas, today=today)
    people = DemoPeople(demo)
    cases = DemoCases(demo, people)
    arrivals = DemoRequests(demo, cases).create() + cases.queue_arrivals()
    cases.create(DEMO_CASES, arrivals)
    people.follow_up()
    DemoRecord(demo).create()
    DemoRemedies(demo).create()
    DemoMailIn(demo).create()
    DemoLetters(demo).create()
    DemoPublic(demo).create()
    return demo.made
