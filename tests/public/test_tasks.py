"""The hourly purge of what the residents' side keeps only for a while."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from putright.organisations.models import Organisation, User
from putright.public.models import PendingUpload, RateLimitHit, TrackingLink
from putright.public.services import pending_upload_add, rate_limit_hit, tracking_link_issue
from putright.public.tasks import public_purge_task
from tests.record_factories import PDF_BYTES, complaint_for, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_purge_is_a_periodic_job() -> None:
    assert ("putright.public.tasks.public_purge_task", 3600) in settings.PUTRIGHT_PERIODIC_TASKS


def test_the_purge_removes_only_what_is_stale(
    org_a: Organisation, org_a_handler: User, media: Path
) -> None:
    long_ago = timezone.now() - timedelta(days=3)
    old = pending_upload_add(organisation=org_a, journey="old", upload=upload("a.pdf", PDF_BYTES))
    PendingUpload.objects.filter(pk=old.pk).update(created=long_ago)
    fresh = pending_upload_add(organisation=org_a, journey="new", upload=upload("b.pdf", PDF_BYTES))
    case = complaint_for(org_a_handler, email="pat@example.net")
    tracking_link_issue(complaint=case, now=long_ago)
    tracking_link_issue(complaint=case)
    rate_limit_hit(counted=[("link_ip", "192.0.2.1")], now=long_ago)
    rate_limit_hit(counted=[("link_ip", "192.0.2.1")])

    result = public_purge_task.call()

    assert result == {"pending_uploads": 1, "tracking_links": 1, "rate_limit_hits": 1}
    assert list(PendingUpload.objects.all()) == [fresh]
    assert not (media / old.file.name).exists()
    assert (media / fresh.file.name).exists()
    assert TrackingLink.objects.count() == 1
    assert RateLimitHit.objects.count() == 1
