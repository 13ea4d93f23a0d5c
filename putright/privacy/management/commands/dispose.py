"""``putright dispose SLUG [--commit]``: apply an organisation's retention schedule.

Without ``--commit`` it is a dry run: it lists what is due and changes nothing. With it, what is
due is anonymised in batches and each thing is written to the destruction log. Bad input exits 2
with one line on standard error; progress goes to standard error on a long run.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from putright.management.base import BAD_INPUT, ContractCommand
from putright.organisations.selectors import organisation_get
from putright.privacy.services.disposal import Disposal, DueCase, disposal_run

#: Cases listed in full on a dry run; more are counted.
LISTED = 200


class Command(ContractCommand):
    help = (
        "List the cases and people due for anonymisation under an organisation's retention "
        "schedule (a dry run); with --commit, anonymise them and write the destruction log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", metavar="SLUG", help="the organisation's slug")
        parser.add_argument(
            "--commit", action="store_true", help="anonymise what is due (default: a dry run)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_get(slug=options["slug"])
        if organisation is None:
            raise CommandError(f"unknown organisation {options['slug']!r}", returncode=BAD_INPUT)
        quiet = options["json"] or options["verbosity"] == 0
        found = disposal_run(
            organisation=organisation,
            commit=options["commit"],
            progress=None if quiet else self._progress,
        )
        if options["json"]:
            self.stdout.write(json.dumps(as_json(found, committed=options["commit"])))
            return
        for line in readable(found, committed=options["commit"]):
            self.stdout.write(line)

    def _progress(self, done: int, total: int, what: str) -> None:
        self.stderr.write(f"Anonymised {done:,} of {total:,} ({what})")
        self.stderr.flush()


def _case(case: DueCase) -> dict[str, Any]:
    return {
        "kind": case.kind,
        "id": case.pk,
        "reference": case.reference,
        "closed_on": case.closed_on.isoformat(),
        "due_on": case.due_on.isoformat(),
        "rule": case.rule,
    }


def as_json(found: Disposal, *, committed: bool) -> dict[str, Any]:
    return {
        "organisation": found.organisation.slug,
        "as_of": found.as_of.isoformat(),
        "committed": committed and found.run is not None,
        "run": found.run.pk if found.run else None,
        "complaints": [_case(c) for c in found.complaints],
        "service_requests": [_case(r) for r in found.service_requests],
        "individuals": found.individuals,
    }


def _day(day: date) -> str:
    return f"{day:%-d %b %Y}"


def readable(found: Disposal, *, committed: bool) -> list[str]:
    org = found.organisation
    lines = [f"{org.name} ({org.slug}): retention schedule applied on {_day(found.as_of)}", ""]
    cases = [*found.complaints, *found.service_requests]
    for case in cases[:LISTED]:
        lines.append(
            f"  {case.reference}  closed {_day(case.closed_on)}, due {_day(case.due_on)}  "
            f"({case.rule})"
        )
    if len(cases) > LISTED:
        lines.append(f"  ... and {len(cases) - LISTED:,} more")
    if cases:
        lines.append("")
    counts = (
        f"{len(found.complaints):,} complaint(s), {len(found.service_requests):,} service "
        f"request(s) and {len(found.individuals):,} person record(s)"
    )
    if not found.total:
        lines.append("Nothing is due for anonymisation.")
    elif committed and found.run is not None:
        run = found.run
        lines.append(
            f"Anonymised {run.complaints:,} complaint(s), {run.service_requests:,} service "
            f"request(s) and {run.individuals:,} person record(s); {run.documents:,} file(s) "
            f"deleted. Destruction log: run {run.pk}."
        )
    else:
        lines.append(
            f"Due for anonymisation: {counts}. This was a dry run: nothing was changed. "
            "Run again with --commit to anonymise them."
        )
    return lines
