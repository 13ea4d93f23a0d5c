"""``putright deadlines``: the deadlines of one stage of a complaint, each with its clause.

The contract is in the project's command-line specification: options, JSON keys and exit status 2
with one line for bad input stay exactly as written there.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from putright.management.base import BAD_INPUT, ContractCommand
from putright.policy import get_profile, load_profiles
from putright.rules.calendar import DIVISIONS, CalendarError, calendar_for
from putright.rules.deadlines import FactsError, StageFacts, stage_deadlines


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} {value!r} is not a date: use YYYY-MM-DD, e.g. 2025-04-01",
            returncode=BAD_INPUT,
        ) from None


class Command(ContractCommand):
    help = (
        "Print the deadlines of one stage of a complaint under a Code profile: when it must be "
        "acknowledged and responded to, and with an extension, each with the clause it comes from."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--code",
            required=True,
            metavar="PROFILE",
            help="Code profile id, e.g. hos-2024 (see `putright codes`)",
        )
        parser.add_argument(
            "--division",
            required=True,
            metavar="DIVISION",
            help=f"GOV.UK division: {', '.join(DIVISIONS)}",
        )
        parser.add_argument("--stage", required=True, metavar="N", help="stage number (1, 2, …)")
        parser.add_argument(
            "--received",
            required=True,
            metavar="DATE",
            help="when the complaint (stage 1) or the escalation request was received",
        )
        parser.add_argument(
            "--acknowledged", metavar="DATE", help="when the stage was acknowledged, if it has been"
        )
        parser.add_argument(
            "--extension",
            metavar="WORKING_DAYS",
            help="working days of extension granted at this stage",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            profile = get_profile(options["code"])
        except KeyError:
            known = ", ".join(load_profiles())
            raise CommandError(
                f"unknown Code profile {options['code']!r} (known: {known})", returncode=BAD_INPUT
            ) from None
        division = options["division"]
        if division not in DIVISIONS:
            raise CommandError(
                f"unknown division {division!r} (known: {', '.join(DIVISIONS)})",
                returncode=BAD_INPUT,
            )
        try:
            number = int(options["stage"])
            stage = profile.stage(number)
        except ValueError:
            raise CommandError(
                f"--stage {options['stage']!r} is not a stage number", returncode=BAD_INPUT
            ) from None
        except KeyError as exc:
            raise CommandError(exc.args[0], returncode=BAD_INPUT) from None
        received = _date(options["received"], "--received")
        acknowledged = (
            _date(options["acknowledged"], "--acknowledged") if options["acknowledged"] else None
        )
        extension: int | None = None
        if options["extension"] is not None:
            try:
                extension = int(options["extension"])
            except ValueError:
                extension = -1
            if extension < 0:
                raise CommandError(
                    f"--extension {options['extension']!r} is not a whole number of working days",
                    returncode=BAD_INPUT,
                )
        try:
            result = stage_deadlines(
                profile,
                stage,
                calendar_for(division),
                StageFacts(received, acknowledged, extension or 0),
            )
        except (CalendarError, FactsError) as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None

        ack = stage.acknowledge
        respond = stage.respond
        data: dict[str, Any] = {
            "profile": profile.id,
            "division": division,
            "stage": number,
            "received": received.isoformat(),
            "acknowledge_by": _iso(result.acknowledge_by),
            "respond_by": _iso(result.respond_by),
        }
        clauses: dict[str, str | None] = {
            "acknowledge_by": ack.clause if ack else None,
            "respond_by": respond.clause if respond else None,
        }
        if extension is not None:
            within = bool(result.extension_within_limit) if extension else True
            if stage.extension is None:
                within = extension == 0
            data["extended_respond_by"] = _iso(
                result.extended_respond_by if extension else result.respond_by
            )
            data["extension_within_limit"] = within
            clauses["extended_respond_by"] = stage.extension.clause if stage.extension else None
        data["clauses"] = clauses

        if options["json"]:
            self.stdout.write(json.dumps(data))
            return
        self._print(profile.cite, data, clauses, result, stage)

    def _print(
        self,
        cite: Any,
        data: dict[str, Any],
        clauses: dict[str, str | None],
        result: Any,
        stage: Any,
    ) -> None:
        rows: list[tuple[str, str]] = []

        def line(label: str, value: str, clause: str | None = None) -> None:
            where = f"  ({cite(clause)})" if clause else ""
            rows.append((label, f"{value}{where}"))

        line("Profile", data["profile"])
        line("Division", data["division"])
        named = "" if stage.name == f"Stage {stage.number}" else f" ({stage.name})"
        line("Stage", f"{data['stage']}{named}")
        line("Received", _readable(data["received"]))
        for deadline in result.deadlines:
            if deadline.key in ("acknowledge_by", "respond_by", "extended_respond_by"):
                continue
            line(deadline.label, _readable(_iso(deadline.due)), deadline.clause)
        line(
            "Acknowledge by",
            _readable(data["acknowledge_by"], "no acknowledgement step at this stage"),
            clauses["acknowledge_by"],
        )
        line("Respond by", _readable(data["respond_by"]), clauses["respond_by"])
        if "extended_respond_by" in data:
            limit = stage.extension.limit_days if stage.extension else None
            if stage.extension is None:
                note = "this stage has no extension rule"
            elif limit is None:
                note = "no fixed limit"
            else:
                within = "within" if data["extension_within_limit"] else "over"
                note = f"{within} the limit of {limit} working days"
                if not data["extension_within_limit"]:
                    note += "; only with a good reason, explained to the individual"
            line(
                "Extended respond by",
                f"{_readable(data['extended_respond_by'])} ({note})",
                clauses["extended_respond_by"],
            )
        width = max(len(label) for label, _ in rows) + 2
        for label, value in rows:
            self.stdout.write(f"{label + ':':<{width}}{value}")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _readable(iso: str | None, missing: str = "no fixed period") -> str:
    if iso is None:
        return missing
    return f"{iso} ({date.fromisoformat(iso).strftime('%A')})"
