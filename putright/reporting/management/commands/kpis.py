"""``putright kpis``: one organisation's complaint-handling figures for a period.

The contract is in the project's command-line specification: the options, the JSON keys and exit
status 2 with one line for bad input stay exactly as written there. The figures are defined in
``docs/figures.md``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from putright.management.base import BAD_INPUT, ContractCommand
from putright.organisations.selectors import organisation_get
from putright.reporting.figures import (
    Figures,
    StageFigures,
    complaint_figures,
    service_area_named,
)


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
        "Print an organisation's complaint-handling figures for a period (both dates included): "
        "volumes, timeliness with and without extensions, outcomes, CH01 and CH02, and financial "
        "remedies."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", metavar="SLUG", help="the organisation's slug")
        parser.add_argument(
            "--from", dest="start", required=True, metavar="DATE", help="first day, YYYY-MM-DD"
        )
        parser.add_argument(
            "--to", dest="end", required=True, metavar="DATE", help="last day, YYYY-MM-DD"
        )
        parser.add_argument("--service-area", metavar="NAME", help="only this service area's cases")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        if start > end:
            raise CommandError(
                f"--from {start.isoformat()} is after --to {end.isoformat()}: the period must "
                "start on or before the day it ends",
                returncode=BAD_INPUT,
            )
        organisation = organisation_get(slug=options["slug"])
        if organisation is None:
            raise CommandError(f"unknown organisation {options['slug']!r}", returncode=BAD_INPUT)
        area = None
        if options["service_area"] is not None:
            area = service_area_named(organisation=organisation, name=options["service_area"])
            if area is None:
                raise CommandError(
                    f"{organisation.slug} has no service area {options['service_area']!r}",
                    returncode=BAD_INPUT,
                )
        figures = complaint_figures(
            organisation=organisation, start=start, end=end, service_area=area
        )
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_json()))
            return
        for line in readable(figures):
            self.stdout.write(line)


def readable(figures: Figures) -> list[str]:
    """The figures as lines for a person to read."""
    org = figures.organisation
    lines = [
        f"{org.name} ({org.slug})",
        f"{figures.start:%-d %B %Y} to {figures.end:%-d %B %Y}"
        + (f", {figures.service_area.name} only" if figures.service_area else ""),
        "",
        f"Service requests received: {figures.service_requests_received}",
        f"Complaints received: {figures.complaints_received} "
        f"({figures.complaints_refused} not accepted)",
    ]
    for number, stage in ((1, figures.stage1), (2, figures.stage2)):
        lines += ["", f"Stage {number}", *_stage_lines(number, stage)]
    homes = f"{org.homes:,} homes" if org.homes else "homes not known"
    lines += [
        "",
        f"CH01, complaints per 1,000 homes ({homes}): "
        f"stage 1 {_number(figures.stage1_per_1000_homes)}, "
        f"stage 2 {_number(figures.stage2_per_1000_homes)}",
        "CH02, responded to within the Code's timescales: "
        f"stage 1 {_share(figures.stage1.percent_on_time)} "
        f"({_share(figures.stage1.percent_on_time_without_extensions)} without extensions), "
        f"stage 2 {_share(figures.stage2.percent_on_time)} "
        f"({_share(figures.stage2.percent_on_time_without_extensions)} without extensions)",
        f"Financial remedies: £{figures.financial_remedies_total:,.2f}",
    ]
    return lines


def _stage_lines(number: int, stage: StageFigures) -> list[str]:
    what = "Received (accepted)" if number == 1 else "Escalations received (accepted)"
    outcomes = ", ".join(f"{key} {count}" for key, count in stage.outcomes.items()) or "none"
    return [
        f"  {what}: {stage.received}",
        f"  Acknowledged: {stage.acknowledged}, on time {stage.acknowledged_on_time} "
        f"({_share(stage.percent_acknowledged_on_time)})",
        f"  Responded: {stage.responded}, on time {stage.responded_on_time} "
        f"({_share(stage.percent_on_time)}); without extensions "
        f"{stage.responded_on_time_without_extensions} "
        f"({_share(stage.percent_on_time_without_extensions)})",
        f"  Outcomes: {outcomes}",
    ]


def _share(percent: float | None) -> str:
    return "n/a" if percent is None else f"{percent:.1f}%"


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"
