"""The retention schedule: how long each kind of case is kept after it closes, per organisation.

Each organisation has a rule for complaints and one for service requests (the defaults below
until it sets its own), and may add narrower rules: for complaints not accepted, withdrawn, or
with a given final outcome; for service requests done or cancelled. The narrowest rule that
matches a case decides. A case is kept for the rule's months after it closed, then it is due for
anonymisation (UK GDPR Article 5(1)(e): kept no longer than necessary).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from putright.audit import services as audit
from putright.organisations.models import Organisation, User
from putright.privacy.models import CaseType, RetentionRule
from putright.privacy.services.common import PrivacyInputError, require_privacy_manager

#: Six years after closure: the limitation period for a claim in contract or tort (Limitation
#: Act 1980, ss. 2 and 5), after which a complaint's record is rarely needed as evidence, and the
#: period local government retention guidance gives for complaints. Organisations change it.
DEFAULT_MONTHS: dict[str, int] = {CaseType.COMPLAINT: 72, CaseType.SERVICE_REQUEST: 72}
#: What a rule may be narrowed to, beyond a whole kind of case (outcomes come from the Codes).
COMPLAINT_STATES = {"excluded": "not accepted", "withdrawn": "withdrawn"}
REQUEST_STATES = {"done": "done", "cancelled": "cancelled"}
MAX_MONTHS = 1200


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of the schedule as applied: an organisation's own, or a default (``pk`` None)."""

    case_type: str
    applies_to: str
    months: int
    pk: int | None = None

    @property
    def scope(self) -> str:
        """'Complaints not accepted'."""
        return describe_scope(self.case_type, self.applies_to)

    @property
    def period(self) -> str:
        """'6 years after closure'."""
        return describe_period(self.months)

    @property
    def label(self) -> str:
        """'Complaints not accepted: 6 years after closure'."""
        return f"{self.scope}: {self.period}"


def describe_scope(case_type: str, applies_to: str) -> str:
    kind = CaseType(case_type).label
    if not applies_to:
        return kind
    if applies_to.startswith("outcome:"):
        outcome = applies_to.removeprefix("outcome:").replace("_", " ")
        return f"{kind} with the final outcome '{outcome}'"
    words = {**COMPLAINT_STATES, **REQUEST_STATES}.get(applies_to, applies_to)
    return f"{kind} {words}"


def describe_period(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year" + ("s" if years != 1 else ""))
    if rest:
        parts.append(f"{rest} month" + ("s" if rest != 1 else ""))
    return " and ".join(parts) + " after closure"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_schedule(organisation: Organisation) -> list[Rule]:
    """The organisation's rules, with the default for each kind of case it has not set itself."""
    rules = [
        Rule(r.case_type, r.applies_to, r.months, r.pk)
        for r in RetentionRule.objects.filter(organisation=organisation)
    ]
    for case_type, months in DEFAULT_MONTHS.items():
        if not any(r.case_type == case_type and not r.applies_to for r in rules):
            rules.append(Rule(case_type, "", months))
    return sorted(rules, key=lambda r: (r.case_type, r.applies_to != "", r.applies_to))


def rule_for(rules: list[Rule], case_type: str, *, state: str, outcome: str = "") -> Rule:
    """The narrowest rule for a case: its state (not accepted, withdrawn, done, cancelled), then
    its final outcome, then the rule for its whole kind."""
    mine = {r.applies_to: r for r in rules if r.case_type == case_type}
    for key in (state, f"outcome:{outcome}" if outcome else ""):
        if key and key in mine:
            return mine[key]
    return mine[""]


def _check_scope(case_type: str, applies_to: str) -> str:
    if case_type not in CaseType.values:
        raise PrivacyInputError(
            f"Unknown kind of case {case_type!r}: use complaint or service_request.",
            field="case_type",
        )
    applies_to = applies_to.strip()
    states = COMPLAINT_STATES if case_type == CaseType.COMPLAINT else REQUEST_STATES
    if applies_to in states or not applies_to:
        return applies_to
    outcome = applies_to.removeprefix("outcome:").strip()
    if case_type == CaseType.COMPLAINT and applies_to.startswith("outcome:") and outcome:
        return applies_to
    raise PrivacyInputError(
        f"A rule for {CaseType(case_type).label.lower()} cannot apply to {applies_to!r}.",
        field="applies_to",
    )


def retention_rule_set(
    *, actor: User, case_type: str, applies_to: str = "", months: int
) -> RetentionRule:
    """Set how long a kind of case (optionally narrowed by state or outcome) is kept after it
    closes, for the actor's organisation; a rule for the same cases is replaced (UK GDPR Article
    5(1)(e): storage limitation)."""
    require_privacy_manager(actor, actor.organisation_id, what="change the retention schedule")
    applies_to = _check_scope(case_type, applies_to)
    if not 1 <= months <= MAX_MONTHS:
        raise PrivacyInputError(
            f"Keep cases for 1 to {MAX_MONTHS} months after closure, not {months}.",
            field="months",
        )
    with transaction.atomic():
        found = (
            RetentionRule.objects.select_for_update()
            .filter(organisation_id=actor.organisation_id, case_type=case_type)
            .filter(applies_to=applies_to)
            .first()
        )
        before = {"months": found.months} if found else None
        try:
            if found is None:
                found = RetentionRule.objects.create(
                    organisation_id=actor.organisation_id,
                    case_type=case_type,
                    applies_to=applies_to,
                    months=months,
                )
            elif found.months != months:
                found.months = months
                found.save(update_fields=["months", "updated"])
        except IntegrityError:
            raise PrivacyInputError("That rule was set by someone else: try again.") from None
        audit.record(
            action="privacy.retention_rule_set",
            actor=actor,
            target=found,
            before=before,
            after={"case_type": case_type, "applies_to": applies_to, "months": months},
        )
    return found


def retention_rule_remove(*, actor: User, rule: RetentionRule) -> None:
    """Remove a rule of the schedule: its cases follow the next wider rule, or the default."""
    require_privacy_manager(actor, rule.organisation_id, what="change the retention schedule")
    with transaction.atomic():
        values = {
            "case_type": rule.case_type,
            "applies_to": rule.applies_to,
            "months": rule.months,
        }
        audit.record(
            action="privacy.retention_rule_remove", actor=actor, target=rule, before=values
        )
        RetentionRule.objects.filter(pk=rule.pk).delete()
