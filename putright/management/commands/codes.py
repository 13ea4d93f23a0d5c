"""``putright codes``: the Code profiles, listed or one in full, each rule with its clause.

``putright codes`` prints one line per profile; ``putright codes PROFILE`` prints every rule of one
profile as ``describe_profile`` groups them (what the staff pages show); ``--json`` prints the same
as one JSON object. An unknown profile exits with status 2 and one line naming the known ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.management.base import CommandError, CommandParser

from putright.management.base import BAD_INPUT, ContractCommand
from putright.policy import Profile, ProfileError, describe_profile, get_profile, load_profiles


def _stages(profile: Profile) -> str:
    count = len(profile.stages)
    return f"{count} stage{'s' if count != 1 else ''}"


def _applies_from(profile: Profile) -> str:
    return profile.applies_from.isoformat() if profile.applies_from else "-"


def render_list(profiles: Iterable[Profile]) -> str:
    """One line per profile: id, name, status, the date it applies from, number of stages."""
    items = list(profiles)
    if not items:
        return ""
    id_width = max(len(p.id) for p in items)
    name_width = max(len(p.name) for p in items)
    lines = [
        f"{p.id:<{id_width}}  {p.name:<{name_width}}  {p.status:<9}  "
        f"{_applies_from(p):<10}  {_stages(p)}"
        for p in items
    ]
    return "\n".join(line.rstrip() for line in lines)


def render_profile(profile: Profile) -> str:
    """Every rule of one profile, section by section: 'rule: value (clause)'."""
    lines = [f"{profile.name} ({profile.id}, version {profile.version})"]
    if profile.source:
        lines.append(f"Source: {profile.source}")
    for section in describe_profile(profile):
        lines.extend(("", section.title))
        for row in section.rows:
            where = f" ({profile.cite(row.clause)})" if row.clause else ""
            lines.append(f"  {row.rule}: {row.value}{where}")
    return "\n".join(lines)


def list_json(profiles: Iterable[Profile]) -> dict[str, Any]:
    """The list as JSON: a summary per profile."""
    return {
        "profiles": [
            {
                "id": p.id,
                "name": p.name,
                "status": p.status,
                "applies_from": p.applies_from.isoformat() if p.applies_from else None,
                "stages": len(p.stages),
            }
            for p in profiles
        ]
    }


def profile_json(profile: Profile) -> dict[str, Any]:
    """One profile as JSON, exactly as its file defines it (with defaults filled in)."""
    return profile.model_dump(mode="json")


class Command(ContractCommand):
    help = (
        "List the Code profiles, or print every rule of one profile with the clause it comes from."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "profile",
            nargs="?",
            metavar="PROFILE",
            help="a profile id, e.g. hos-2024; without it, list every profile",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            profiles = load_profiles()
        except ProfileError as exc:
            raise CommandError(str(exc)) from None
        profile_id: str | None = options["profile"]
        if profile_id is None:
            if options["json"]:
                self.stdout.write(json.dumps(list_json(profiles.values())))
            else:
                self.stdout.write(render_list(profiles.values()))
            return
        try:
            profile = get_profile(profile_id)
        except KeyError as exc:
            raise CommandError(exc.args[0], returncode=BAD_INPUT) from None
        if options["json"]:
            self.stdout.write(json.dumps(profile_json(profile), ensure_ascii=False))
        else:
            self.stdout.write(render_profile(profile))
