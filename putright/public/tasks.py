"""The residents' side's periodic task (``django_tasks``; queued by ``putright worker``)."""

from __future__ import annotations

from django_tasks import task

from putright.public import services


@task()
def public_purge_task() -> dict[str, int]:
    """Every hour: remove the files of journeys never sent (after 24 hours), tracking links a
    day past their expiry and rate-limit counts older than the longest window. Safe to run twice
    at once: each removes only what is already stale."""
    return {
        "pending_uploads": services.pending_upload_purge(),
        "tracking_links": services.tracking_link_purge(),
        "rate_limit_hits": services.rate_limit_purge(),
    }
