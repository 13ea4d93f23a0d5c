"""Rate limits on what the public pages let anyone do: send a complaint or request, upload a
file, ask for a tracking link.

Each attempt is a row in the database, so every server process counts the same attempts. The
key stored is a keyed digest of what is counted (an address, a journey, a case), never the value
itself. Two attempts at the same instant may both pass the last free place: a limit is a brake on
abuse, not an exact count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from putright.public.models import RateLimitHit

#: Attempts allowed per window (seconds) for each scope. ``PUTRIGHT_PUBLIC_RATE_LIMITS`` in the
#: settings overrides any of them.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "submit_ip": (10, 60 * 60),
    "submit_journey": (3, 60 * 60),
    "upload_ip": (60, 60 * 60),
    "upload_journey": (30, 60 * 60),
    "link_ip": (10, 60 * 60),
    "link_journey": (5, 60 * 60),
    "link_case": (3, 60 * 60),
    "feedback_ip": (20, 60 * 60),
}


class RateLimited(Exception):
    """Too many attempts: ``retry_after`` is how many seconds until the next one is allowed."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(retry_after, 1)
        minutes = -(-self.retry_after // 60)
        super().__init__(
            f"You have tried this too many times. Try again in {minutes} "
            f"minute{'s' if minutes != 1 else ''}."
        )


@dataclass(frozen=True, slots=True)
class Limit:
    scope: str
    attempts: int
    seconds: int


def limit_for(scope: str) -> Limit:
    """The limit of one scope, from the settings or the defaults."""
    configured = {**DEFAULT_LIMITS, **getattr(settings, "PUTRIGHT_PUBLIC_RATE_LIMITS", {})}
    attempts, seconds = configured[scope]
    return Limit(scope, int(attempts), int(seconds))


def _key(scope: str, value: str) -> str:
    return salted_hmac("putright.public.rate-limit", f"{scope}\x00{value}").hexdigest()


def rate_limit_hit(*, counted: Iterable[tuple[str, str]], now: datetime | None = None) -> None:
    """Count one attempt against each ``(scope, value)``, or refuse it (``RateLimited``) without
    counting anything when any of them has used up its attempts in its window."""
    now = now or timezone.now()
    checks = [(limit_for(scope), _key(scope, value)) for scope, value in counted]
    with transaction.atomic():
        wait = 0
        for limit, key in checks:
            since = now - timedelta(seconds=limit.seconds)
            hits = RateLimitHit.objects.filter(scope=limit.scope, key=key, at__gt=since)
            times = list(hits.order_by("-at").values_list("at", flat=True)[: limit.attempts])
            if len(times) >= limit.attempts:
                frees_at = times[-1] + timedelta(seconds=limit.seconds)
                wait = max(wait, int((frees_at - now).total_seconds()) + 1)
        if wait:
            raise RateLimited(wait)
        RateLimitHit.objects.bulk_create(
            RateLimitHit(scope=limit.scope, key=key, at=now) for limit, key in checks
        )


def rate_limit_purge(*, now: datetime | None = None) -> int:
    """Forget attempts older than the longest window; returns how many were removed."""
    now = now or timezone.now()
    longest = max(limit_for(scope).seconds for scope in DEFAULT_LIMITS)
    removed, _ = RateLimitHit.objects.filter(at__lt=now - timedelta(seconds=longest)).delete()
    return removed
