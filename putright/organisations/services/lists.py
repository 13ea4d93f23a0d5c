"""The organisation's own lists: its reasons for not accepting a complaint, and its outcomes
where its Code leaves the outcome list to it."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from putright.audit import services as audit
from putright.organisations.models import (
    ExclusionReason,
    Organisation,
    OutcomeOption,
    ServiceArea,
    User,
)
from putright.organisations.services.common import _check_list_actor
from putright.policy import Profile, get_profile

OUTCOME_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def exclusion_reason_add(
    *, organisation: Organisation, label: str, actor: User | None = None
) -> ExclusionReason:
    """Add a reason to the organisation's own list of reasons for not accepting a complaint, as
    its complaints policy sets them out; each complaint is still judged on its merits, never by a
    blanket rule (e.g. HOS 2.1 to 2.5). A reason switched off before is switched back on."""
    _check_list_actor(actor, organisation)
    label = " ".join(label.split())
    if not label:
        raise ValidationError("The reason must not be empty.")
    if len(label) > 200:
        raise ValidationError("Keep the reason to 200 characters.")
    with transaction.atomic():
        existing = (
            ExclusionReason.objects.select_for_update()
            .filter(organisation=organisation, label__iexact=label)
            .first()
        )
        if existing is not None and existing.active:
            raise ValidationError(f"{organisation.name} already has the reason {label!r}.")
        if existing is not None:
            existing.active = True
            existing.save(update_fields=["active"])
            audit.record(
                action="exclusion_reason.reactivate",
                actor=actor,
                organisation=organisation,
                target=existing,
                before={"active": False},
                after={"active": True},
            )
            return existing
        reason = ExclusionReason.objects.create(organisation=organisation, label=label)
        audit.record(
            action="exclusion_reason.create",
            actor=actor,
            organisation=organisation,
            target=reason,
            after={"label": label, "active": True},
        )
    return reason


def exclusion_reason_deactivate(
    *, reason: ExclusionReason, actor: User | None = None
) -> ExclusionReason:
    """Stop offering a reason for not accepting a complaint, when the complaints policy no longer
    sets it out (e.g. HOS 2.1 to 2.5). Complaints already decided keep the reason they were given;
    adding the reason again switches it back on. Switching off a reason already off changes
    nothing and records nothing."""
    _check_list_actor(actor, reason.organisation)
    with transaction.atomic():
        reason = ExclusionReason.objects.select_for_update().get(pk=reason.pk)
        if not reason.active:
            return reason
        reason.active = False
        reason.save(update_fields=["active"])
        audit.record(
            action="exclusion_reason.deactivate",
            actor=actor,
            organisation=reason.organisation,
            target=reason,
            before={"active": True},
            after={"active": False},
        )
    return reason


def _code_fixed_outcomes(organisation: Organisation) -> list[Profile]:
    """The Code profiles of the organisation's service areas, when every one of them fixes the
    outcomes itself; an empty list when one leaves the list to the organisation, or when there is
    no service area yet."""
    profiles = []
    for profile_id in sorted(
        set(ServiceArea.objects.filter(organisation=organisation).values_list("profile", flat=True))
    ):
        try:
            profile = get_profile(profile_id)
        except KeyError:
            continue
        if profile.outcomes.set_by == "organisation":
            return []
        profiles.append(profile)
    return profiles


def _refuse_unless_outcomes_settable(organisation: Organisation) -> None:
    """Under a Code that fixes the outcomes (e.g. HOS 6.7: upheld or not upheld) the
    organisation's list would never be used: say so, citing each Code's clause."""
    fixed = _code_fixed_outcomes(organisation)
    if not fixed:
        return
    rules = "; ".join(
        f"{p.cite(p.outcomes.clause)}: {', '.join(v.replace('_', ' ') for v in p.outcomes.values)}"
        for p in fixed
    )
    raise ValidationError(
        f"The Codes {organisation.name}'s service areas are under fix the outcomes themselves "
        f"({rules}), so an outcome list of its own would never be used. Add one only once a "
        "service area is under a Code that leaves the outcome list to the organisation, such as "
        "the LGSCO Code."
    )


def outcome_option_add(
    *, organisation: Organisation, label: str, key: str = "", actor: User | None = None
) -> OutcomeOption:
    """Add an outcome to the organisation's own list, for a Code that leaves the list to the
    organisation (LGSCO Code: no 'upheld or not upheld' definition). The key is stored on each
    response and never changes: lower-case letters, digits and underscores, made from the label
    when not given. Refused while every service area is under a Code that fixes the outcomes
    (e.g. HOS 6.7: upheld or not upheld). An outcome switched off before is switched back on."""
    _check_list_actor(actor, organisation)
    label = " ".join(label.split())
    if not label:
        raise ValidationError("The outcome's label must not be empty.")
    if len(label) > 100:
        raise ValidationError("Keep the outcome's label to 100 characters.")
    key = key.strip() or re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]
    if not OUTCOME_KEY.match(key):
        raise ValidationError(
            f"Bad key {key!r}: use up to 40 lower-case letters, digits and underscores, "
            "starting with a letter."
        )
    _refuse_unless_outcomes_settable(organisation)
    with transaction.atomic():
        mine = OutcomeOption.objects.select_for_update().filter(organisation=organisation)
        same_key = mine.filter(key=key).first()
        same_label = mine.filter(label__iexact=label).first()
        for existing in (same_key, same_label):
            if existing is not None and existing.active:
                what = key if existing is same_key else label
                raise ValidationError(f"{organisation.name} already has an outcome {what!r}.")
        switched_off = same_key or same_label
        if switched_off is not None:
            switched_off.active = True
            switched_off.save(update_fields=["active"])
            audit.record(
                action="outcome_option.reactivate",
                actor=actor,
                organisation=organisation,
                target=switched_off,
                before={"active": False},
                after={"active": True},
            )
            return switched_off
        option = OutcomeOption.objects.create(organisation=organisation, key=key, label=label)
        audit.record(
            action="outcome_option.create",
            actor=actor,
            organisation=organisation,
            target=option,
            after={"key": key, "label": label, "active": True},
        )
    return option


def outcome_option_deactivate(*, option: OutcomeOption, actor: User | None = None) -> OutcomeOption:
    """Stop offering an outcome of the organisation's own list (LGSCO Code 6.7 leaves the list to
    the organisation). Responses already recorded keep their outcome, since the key never
    changes; adding it again switches it back on. When no outcome of the list is left on, the
    Code's suggested outcomes apply again."""
    _check_list_actor(actor, option.organisation)
    with transaction.atomic():
        option = OutcomeOption.objects.select_for_update().get(pk=option.pk)
        if not option.active:
            return option
        option.active = False
        option.save(update_fields=["active"])
        audit.record(
            action="outcome_option.deactivate",
            actor=actor,
            organisation=option.organisation,
            target=option,
            before={"active": True},
            after={"active": False},
        )
    return option
