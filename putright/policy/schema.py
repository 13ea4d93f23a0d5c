"""Typed Code profiles, their loader and their validation.

A Code profile is the set of rules of one Complaint Handling Code (or of a statutory procedure),
kept as data in ``profiles/<id>.toml``. Every rule is a table that carries the clause it comes from,
so a number can be corrected without a release and every refusal can cite its source. A profile
that is broken (a rule without a clause, a negative number, an unknown key) is refused with one
message that names the file and the key.
"""

from __future__ import annotations

import functools
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

PROFILES_DIR = Path(__file__).parent / "profiles"

Clause = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
NonNegative = Annotated[int, Field(ge=0)]

#: The elements a written response may have to contain, with their plain-language labels.
CONTENT_ELEMENTS: dict[str, str] = {
    "stage": "the complaint stage",
    "definition": "the complaint definition",
    "decision": "the decision on the complaint",
    "reasons": "the reasons for any decisions made",
    "remedy": "the details of any remedy offered to put things right",
    "outstanding_actions": "details of any outstanding actions",
    "escalation": "how to escalate the complaint to the next stage",
    "ombudsman": "how to go to the Ombudsman",
    # What letters other than a response must contain (``putright.rules.contents``).
    "extension_reason": "the reason for the extension",
    "new_date": "the new date for the response",
    "progress": "the progress made on the complaint",
    "next_update": "when the next update will be",
    "alternative": "what is offered instead",
}


class ProfileError(ValueError):
    """A Code profile that cannot be used; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Rule(_Strict):
    """A rule of a Code: whatever it says, it names the clause it comes from."""

    clause: Clause
    note: str = ""


class Flag(Rule):
    """A yes/no rule, such as 'staff must not be named in letters'."""

    value: bool


class Text(Rule):
    """A rule whose content is a word or phrase, such as the name of the complaints role."""

    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Step(Rule):
    """A period within which something must happen.

    ``start`` is what the clock runs from: ``received`` (the complaint, or at a later stage the
    escalation request), ``acknowledged`` (the acknowledgement, or its deadline if that is earlier),
    or the key of an earlier step of the same stage. A step has working ``days``, calendar
    ``months``, or neither (no fixed period: it is agreed with the individual).
    """

    key: Key
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    days: NonNegative | None = None
    months: NonNegative | None = None
    start: Key = "received"

    @model_validator(mode="after")
    def _one_unit(self) -> Step:
        if self.days is not None and self.months is not None:
            raise ValueError("a step has working days or months, not both")
        return self


class Extension(Rule):
    """How far a response may be extended and on what terms."""

    limit_days: NonNegative | None = Field(
        default=None, description="working days allowed without a good reason; none: no limit"
    )
    beyond_limit: Literal["with_reason", "never"] = "with_reason"
    ombudsman_details: Flag | None = None


class Contents(Rule):
    """What a written response at this stage must contain."""

    written: bool = True
    required: tuple[Key, ...] = ()

    @model_validator(mode="after")
    def _known_elements(self) -> Contents:
        unknown = [k for k in self.required if k not in CONTENT_ELEMENTS]
        if unknown:
            raise ValueError(
                f"unknown content element {unknown[0]!r}; known: {', '.join(CONTENT_ELEMENTS)}"
            )
        return self


class Stage(_Strict):
    """One stage of a procedure, with its deadlines and its rules."""

    number: Annotated[int, Field(ge=1)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    may_start_here: Flag | None = None
    acknowledge: Step | None = None
    steps: tuple[Step, ...] = ()
    respond: Step | None = None
    extension: Extension | None = None
    contents: Contents | None = None
    different_handler: Flag | None = None
    definition_on_acknowledgement: Flag | None = None
    reasons_for_escalation: Flag | None = None

    @model_validator(mode="after")
    def _steps_chain(self) -> Stage:
        known = {"received"}
        if self.acknowledge is not None:
            if self.acknowledge.start != "received":
                raise ValueError("acknowledge.start must be 'received'")
            known.add("acknowledged")
        for step in (*self.steps, *([self.respond] if self.respond else [])):
            if step.start not in known:
                raise ValueError(
                    f"step {step.key!r} starts from {step.start!r}, which is not an earlier step"
                )
            known.add(step.key)
        return self

    @functools.cached_property
    def deadline_steps(self) -> tuple[Step, ...]:
        """Every period of the stage in order: acknowledgement, intermediate steps, response."""
        head = (self.acknowledge,) if self.acknowledge else ()
        tail = (self.respond,) if self.respond else ()
        return (*head, *self.steps, *tail)


class Outcomes(Rule):
    """The outcomes a stage may record. ``set_by`` 'organisation' means the list is the
    organisation's own and ``values`` is only the suggested default."""

    set_by: Literal["code", "organisation"]
    values: tuple[Key, ...] = Field(min_length=1)
    partially_upheld_allowed: bool = True


class TimeLimit(Rule):
    """How long after the issue a complaint may be made, and whether discretion applies."""

    months: NonNegative
    start: Literal["issue", "issue_or_awareness"] = "issue_or_awareness"
    discretion: bool = True
    kind: Literal["must_accept_within", "may_exclude_after"] = "must_accept_within"


class Exclusions(_Strict):
    """Rules on refusing to accept or escalate a complaint."""

    evidence_required: Flag
    blanket_allowed: Flag
    explain_with_ombudsman: Flag
    safeguarding_excludable: Flag | None = None


class OmbudsmanTimeLimit(Rule):
    """How long the individual has to go to the Ombudsman. ``start`` is what the months run from:
    ``final_response`` (the end of the organisation's procedure) or ``awareness`` (when they
    first knew of the problem). The clause names its own instrument (the Ombudsman's scheme or
    Act), so it is quoted as written, not as a clause of the Code."""

    months: Annotated[int, Field(ge=1)]
    start: Literal["final_response", "awareness"]


class OmbudsmanDetails(_Strict):
    """Where and how the individual reaches an Ombudsman, as letters give it."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    address: tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...] = (
        Field(min_length=1)
    )
    phone: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    website: Annotated[str, StringConstraints(pattern=r"^https://[^\s/]+(/\S*)?$")]
    email: str = ""
    time_limit: OmbudsmanTimeLimit

    @property
    def website_words(self) -> str:
        """The website as it is written in a letter: 'www.lgo.org.uk'."""
        return self.website.removeprefix("https://").rstrip("/")

    def one_line(self) -> str:
        """The details on one line: name, address, telephone and website."""
        parts = [self.name, ", ".join(self.address), f"Telephone {self.phone}", self.website_words]
        return ". ".join(parts)


class Profile(_Strict):
    """The rules of one Code, as published on ``applies_from``."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: str
    short_name: str
    version: str
    status: Literal["statutory", "guidance", "draft"]
    applies_from: date | None = None
    ombudsman: str
    ombudsman_details: tuple[OmbudsmanDetails, ...] = ()
    source: str = ""
    strength: Text
    max_stages: Annotated[int, Field(ge=1)]
    max_stages_clause: Clause
    stages: tuple[Stage, ...] = Field(min_length=1)
    outcomes: Outcomes
    time_limit: TimeLimit | None = None
    exclusions: Exclusions | None = None
    service_requests: Text | None = None
    naming_staff_allowed: Flag | None = None
    remedy_not_delivered: Flag | None = None
    record_of_disabilities: Flag | None = None
    reasonable_adjustments: Flag | None = None
    keep_informed: Flag | None = None
    exceptional_circumstances_notice: Flag | None = None
    complaints_role: Text | None = None
    annual_report: Flag | None = None
    self_assessment: Text | None = None

    @field_validator("stages")
    @classmethod
    def _stages_numbered(cls, stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
        numbers = [s.number for s in stages]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"stages must be numbered 1, 2, … in order; found {numbers}")
        return stages

    @model_validator(mode="after")
    def _stages_within_max(self) -> Profile:
        if len(self.stages) > self.max_stages:
            raise ValueError(f"{len(self.stages)} stages but max_stages is {self.max_stages}")
        return self

    def stage(self, number: int) -> Stage:
        """The stage with this number; KeyError names the stages the profile has."""
        for stage in self.stages:
            if stage.number == number:
                return stage
        have = ", ".join(str(s.number) for s in self.stages)
        raise KeyError(f"{self.id} has no stage {number} (it has stage {have})")

    def cite(self, clause: str) -> str:
        """A clause as a reader would quote it: 'HOS Code 6.3'."""
        return f"{self.short_name} {clause}" if clause else ""


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _own_errors(exc: ValidationError) -> list[ErrorDetails]:
    """The errors, less the 'too short' that a list reports when one of its items failed."""
    errors = exc.errors()
    locs = [tuple(e["loc"]) for e in errors]

    def echo(err: ErrorDetails) -> bool:
        at = tuple(err["loc"])
        return err["type"] == "too_short" and any(
            len(loc) > len(at) and loc[: len(at)] == at for loc in locs
        )

    return [e for e in errors if not echo(e)] or errors


def load_profile(path: Path) -> Profile:
    """Read and validate one profile file; refuse it with one line naming the file and key."""
    name = path.name
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ProfileError(f"{name}: cannot be read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{name}: not valid TOML: {exc}") from exc
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        errors = _own_errors(exc)
        err = errors[0]
        loc = _format_loc(tuple(err["loc"])) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "missing":
            msg = "required key is missing"
        elif err["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ProfileError(f"{name}: {loc}: {msg}{more}") from exc
    if profile.id != path.stem:
        raise ProfileError(f"{name}: id: {profile.id!r} does not match the file name")
    return profile


def load_profiles_from(directory: Path) -> dict[str, Profile]:
    """Every profile in a directory, keyed and sorted by id."""
    profiles = [load_profile(p) for p in sorted(directory.glob("*.toml"))]
    return {p.id: p for p in profiles}


@functools.cache
def load_profiles() -> dict[str, Profile]:
    """The profiles shipped with putright, loaded once per process."""
    return load_profiles_from(PROFILES_DIR)


def get_profile(profile_id: str) -> Profile:
    """One shipped profile; KeyError with the known ids for an unknown one."""
    profiles = load_profiles()
    try:
        return profiles[profile_id]
    except KeyError:
        known = ", ".join(profiles)
        raise KeyError(f"unknown Code profile {profile_id!r} (known: {known})") from None
