"""The organisation's letterhead: the address, sign-off and logo its letters carry."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from putright.audit import services as audit
from putright.organisations.models import Organisation, User
from putright.organisations.services.common import _check_list_actor

#: The largest logo kept, in bytes: it is embedded in every letter's PDF.
LOGO_LIMIT = 512 * 1024
_LOGO_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def _logo_type(content: bytes) -> str:
    for signature, kind in _LOGO_TYPES:
        if content.startswith(signature):
            return kind
    raise ValidationError("The logo must be a PNG or JPEG image.")


def organisation_letterhead_update(
    *,
    organisation: Organisation,
    actor: User | None,
    address: str,
    letter_sign_off: str,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Organisation:
    """Set the address, sign-off and logo on the organisation's letters. A manager or senior
    lead (or the command line) changes them. The logo is checked by its content (PNG or JPEG, up
    to 512 KB); ``logo=None`` keeps the one there is and ``remove_logo`` takes it off."""
    _check_list_actor(actor, organisation)
    lines = [" ".join(line.split()) for line in address.splitlines()]
    address = "\n".join(line for line in lines if line)
    sign_off = " ".join(letter_sign_off.split())
    if len(address) > 500:
        raise ValidationError("Keep the address to 500 characters.")
    if not sign_off:
        raise ValidationError("Give who letters are signed by, such as 'Complaints team'.")
    if len(sign_off) > 200:
        raise ValidationError("Keep who letters are signed by to 200 characters.")
    wanted: dict[str, object] = {"address": address, "letter_sign_off": sign_off}
    if logo is not None:
        if len(logo) > LOGO_LIMIT:
            raise ValidationError("The logo is larger than 512 KB: use a smaller image.")
        wanted |= {"logo": logo, "logo_type": _logo_type(logo)}
    elif remove_logo:
        wanted |= {"logo": b"", "logo_type": ""}
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = [f for f, v in wanted.items() if bytes_or(getattr(organisation, f)) != v]
        if not changed:
            return organisation
        before = {f: _shown(f, getattr(organisation, f)) for f in changed}
        for field in changed:
            setattr(organisation, field, wanted[field])
        organisation.save(update_fields=[*changed, "updated"])
        audit.record(
            action="organisation.letterhead",
            actor=actor,
            organisation=organisation,
            target=organisation,
            before=before,
            after={f: _shown(f, wanted[f]) for f in changed},
        )
    return organisation


def bytes_or(value: object) -> object:
    """A binary field's value as bytes (databases hand back memoryview)."""
    return bytes(value) if isinstance(value, memoryview) else value


def _shown(field: str, value: object) -> object:
    if field == "logo":
        content = bytes_or(value)
        assert isinstance(content, bytes)  # noqa: S101 - a binary field
        return f"sha256:{hashlib.sha256(content).hexdigest()}" if content else ""
    return value
