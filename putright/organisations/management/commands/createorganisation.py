from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from putright.management.base import BAD_INPUT, ContractCommand
from putright.organisations.models import Division
from putright.organisations.services import organisation_create_or_update


class Command(ContractCommand):
    help = "Create an organisation, or update it if SLUG exists (safe to run twice)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slug", metavar="SLUG", help="short name used in URLs, e.g. riverside")
        parser.add_argument("--name", required=True, metavar="NAME")
        parser.add_argument(
            "--division",
            required=True,
            metavar="DIVISION",
            help=f"bank-holiday division: {', '.join(Division.values)}",
        )
        parser.add_argument(
            "--code",
            required=True,
            metavar="PROFILE",
            help="Code profile of the default service area, e.g. hos-2024",
        )
        parser.add_argument("--homes", type=int, metavar="N", help="number of homes let")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation, created = organisation_create_or_update(
                slug=options["slug"],
                name=options["name"],
                division=options["division"],
                default_profile=options["code"],
                homes=options["homes"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=BAD_INPUT) from None
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} organisation {organisation.slug} ({organisation.name}).")
