"""``putright importcases SLUG FILE.csv``: complaints and service requests from a legacy system.

The contract is in the project's command-line specification: all or nothing, every bad row named
by line and column, the same file twice creates nothing new, exit status 2 for bad input. The file
format is in ``docs/import.md``.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from putright.cases.importer import ImportFileError, ImportRejected, cases_import
from putright.management.base import BAD_INPUT, ContractCommand
from putright.organisations.selectors import organisation_get


def _plain(message: str) -> str:
    return message


class Command(ContractCommand):
    help = (
        "Import complaints and service requests from a CSV file (docs/import.md), all or "
        "nothing; a reference the organisation already has is skipped."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slug", metavar="SLUG", help="the organisation, e.g. riverside")
        parser.add_argument("file", metavar="FILE.csv", help="the CSV file, with a header row")

    def run_from_argv(self, argv: list[str]) -> None:
        """As the contract commands do, but a file with bad rows prints a summary line and then
        one line per problem, since the error names every bad row."""
        try:
            super().run_from_argv(argv)
        except ImportRejected as rejected:
            sys.stderr.write(f"{self._prog}: {rejected.summary}\n")
            sys.stderr.writelines(f"{line}\n" for line in rejected.lines[1:])
            sys.exit(BAD_INPUT)

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"]
        organisation = organisation_get(slug=slug)
        if organisation is None:
            raise CommandError(
                f"unknown organisation {slug!r}: create it with `putright createorganisation`",
                returncode=BAD_INPUT,
            )
        path = Path(options["file"])
        try:
            stream = path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file", returncode=BAD_INPUT) from None
        except IsADirectoryError:
            raise CommandError(
                f"{path} is a folder, not a CSV file", returncode=BAD_INPUT
            ) from None
        except OSError as error:
            raise CommandError(
                f"{path} cannot be read: {error.strerror}", returncode=BAD_INPUT
            ) from None
        verbosity = options["verbosity"]
        show = verbosity >= 2 or (verbosity >= 1 and self.stderr.isatty())
        with stream:
            try:
                result = cases_import(
                    organisation=organisation,
                    lines=stream,
                    file_name=path.name,
                    today=timezone.localdate(),
                    progress=self._progress if show else None,
                )
            except ImportFileError as error:
                raise CommandError(f"{path}: {error}", returncode=BAD_INPUT) from None
            except ImportRejected as rejected:
                if self._called_from_command_line:
                    raise
                raise CommandError(str(rejected), returncode=BAD_INPUT) from None
        self.stdout.write(
            f"Imported {result.complaints} complaints and {result.service_requests} service "
            f"requests; {result.already_imported} already imported; "
            f"{result.extensions_over_limit_without_reason} extensions over the Code's limit "
            "without a reason."
        )
        if result.service_areas_created and verbosity >= 1:
            self.stdout.write(
                f"New service areas, under {organisation.default_profile}: "
                f"{', '.join(result.service_areas_created)}."
            )

    def _progress(self, done: str, count: int, total: int | None) -> None:
        of = f" of {total:,}" if total is not None else ""
        what = "rows" if done == "checked" else "new cases"
        self.stderr.write(f"{done.capitalize()} {count:,}{of} {what}", style_func=_plain)
