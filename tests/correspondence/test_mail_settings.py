"""The organisation's mail settings: SMTP or Notify, refused to a housing association, secrets
kept out of sight and out of the audit record, and a test message that says what happened."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from putright.audit.models import AuditEvent
from putright.correspondence.models import Channel, MailSettings, SmtpSecurity
from putright.correspondence.selectors import mail_settings_for
from putright.correspondence.services.mail_settings import (
    MailSettingsError,
    is_housing_association,
    mail_settings_test,
    mail_settings_update,
)
from putright.organisations.models import Organisation, User
from tests.factories import ServiceAreaFactory
from tests.mailservers import NotifyServer, SmtpServer

pytestmark = pytest.mark.django_db


def smtp_values(server: SmtpServer | None = None, **values: Any) -> dict[str, Any]:
    return {
        "channel": Channel.SMTP,
        "smtp_host": server.host if server else "smtp.org-a.example",
        "smtp_port": server.port if server else 587,
        "smtp_security": SmtpSecurity.NONE if server else SmtpSecurity.STARTTLS,
        "smtp_username": "mailer",
        "smtp_password": "first-password-1",
        "from_email": "complaints@org-a.example",
        **values,
    }


def test_smtp_settings_are_stored_and_the_password_is_never_audited(
    org_a: Organisation, org_a_manager: User
) -> None:
    row = mail_settings_update(organisation=org_a, actor=org_a_manager, **smtp_values())
    assert (row.channel, row.smtp_host, row.smtp_password) == (
        "smtp",
        "smtp.org-a.example",
        "first-password-1",
    )
    # Saving again without a password keeps the one stored.
    again = mail_settings_update(
        organisation=org_a, actor=org_a_manager, **smtp_values(smtp_password="", smtp_port=2525)
    )
    assert again.smtp_password == "first-password-1"
    assert again.smtp_port == 2525
    mail_settings_update(
        organisation=org_a,
        actor=org_a_manager,
        **smtp_values(smtp_password="second-password-2", smtp_port=2525),
    )
    events = list(AuditEvent.objects.filter(action="mail_settings.update").order_by("pk"))
    assert len(events) == 3
    assert events[0].after["smtp_password"] == "(changed)"
    assert events[1].before == {"smtp_port": 587}
    assert events[1].after == {"smtp_port": 2525}
    assert events[2].before == {"smtp_password": "(set)"}
    assert events[2].after == {"smtp_password": "(changed)"}
    for event in events:
        assert "password-" not in str(event.before) + str(event.after)
    view = mail_settings_for(org_a_manager)
    assert view.password == "Set"


def test_saving_what_is_already_stored_records_nothing(
    org_a: Organisation, org_a_manager: User
) -> None:
    mail_settings_update(organisation=org_a, actor=org_a_manager, **smtp_values())
    mail_settings_update(organisation=org_a, actor=org_a_manager, **smtp_values(smtp_password=""))
    assert AuditEvent.objects.filter(action="mail_settings.update").count() == 1


@pytest.mark.parametrize(
    ("values", "field", "problem"),
    [
        ({"smtp_host": ""}, "smtp_host", "host name"),
        ({"smtp_host": "smtp example"}, "smtp_host", "host name"),
        ({"smtp_port": 70000}, "smtp_port", "1 to 65535"),
        ({"from_email": ""}, "from_email", "From address"),
        ({"from_email": "nobody"}, "from_email", "is not an email address"),
        ({"reply_to": "nobody"}, "reply_to", "is not an email address"),
        ({"smtp_password": ""}, "smtp_password", "password for the user name"),
    ],
)
def test_bad_smtp_settings_are_refused_naming_the_field(
    org_a: Organisation, org_a_manager: User, values: dict[str, Any], field: str, problem: str
) -> None:
    with pytest.raises(MailSettingsError, match=problem) as refused:
        mail_settings_update(organisation=org_a, actor=org_a_manager, **smtp_values(**values))
    assert refused.value.field == field
    assert not MailSettings.objects.exists()


def _notify_values(server: NotifyServer | None = None, **values: Any) -> dict[str, Any]:
    if server is not None:
        key, template = server.add_service()
    else:
        key = "live-11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000"
        template = "0f7ab3c2-1111-2222-3333-444444444444"
    return {
        "channel": Channel.NOTIFY,
        "notify_api_key": key,
        "notify_template_id": template,
        **values,
    }


def test_a_council_with_a_housing_area_may_use_notify(
    org_b: Organisation, org_b_handler: User
) -> None:
    ServiceAreaFactory(organisation=org_b, name="Housing", profile="hos-2024")
    ServiceAreaFactory(organisation=org_b, name="Council tax", profile="lgsco-2024")
    manager = User.objects.create(username="m@org-b.example", organisation=org_b, role="manager")
    assert not is_housing_association(org_b)
    row = mail_settings_update(organisation=org_b, actor=manager, **_notify_values())
    assert row.channel == Channel.NOTIFY
    event = AuditEvent.objects.get(action="mail_settings.update")
    assert event.after["notify_api_key"] == "(changed)"
    assert "66666666" not in str(event.after)
    assert mail_settings_for(manager).api_key == "Set, ending in 0000"


def test_a_housing_association_is_refused_notify_with_a_clear_message(
    org_a: Organisation, org_a_manager: User
) -> None:
    ServiceAreaFactory(organisation=org_a, name="Repairs", profile="hos-2024")
    ServiceAreaFactory(organisation=org_a, name="Tenancy", profile="hos-2024")
    assert is_housing_association(org_a)
    with pytest.raises(MailSettingsError, match="only for public sector bodies") as refused:
        mail_settings_update(organisation=org_a, actor=org_a_manager, **_notify_values())
    assert refused.value.field == "channel"
    assert "Housing Ombudsman's Code" in refused.value.messages[0]
    assert not MailSettings.objects.exists()


def test_an_organisation_with_no_areas_is_judged_by_its_default_profile(
    org_a: Organisation, org_b: Organisation
) -> None:
    assert org_a.default_profile == "hos-2024"
    assert is_housing_association(org_a)
    assert not is_housing_association(org_b)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"notify_api_key": "not-a-key"}, "notify_api_key"),
        ({"notify_template_id": "template"}, "notify_template_id"),
        ({"notify_reply_to_id": "nope"}, "notify_reply_to_id"),
    ],
)
def test_bad_notify_settings_are_refused(
    org_b: Organisation, values: dict[str, Any], field: str
) -> None:
    manager = User.objects.create(username="m@org-b.example", organisation=org_b, role="manager")
    with pytest.raises(MailSettingsError) as refused:
        mail_settings_update(organisation=org_b, actor=manager, **_notify_values(**values))
    assert refused.value.field == field


def test_only_a_manager_or_senior_lead_of_the_organisation_changes_them(
    org_a: Organisation, org_a_handler: User, org_b_handler: User
) -> None:
    for actor in (org_a_handler, org_b_handler):
        with pytest.raises(PermissionDenied):
            mail_settings_update(organisation=org_a, actor=actor, **smtp_values())
        with pytest.raises(PermissionDenied):
            mail_settings_test(organisation=org_a, actor=actor, to="x@example.org")


def test_a_test_message_goes_through_the_saved_smtp_server(
    org_a: Organisation, org_a_manager: User, smtp_server: SmtpServer
) -> None:
    mail_settings_update(
        organisation=org_a,
        actor=org_a_manager,
        **smtp_values(smtp_server, smtp_username="", smtp_password=""),
    )
    result = mail_settings_test(organisation=org_a, actor=org_a_manager, to="bob@org-a.example")
    assert result.sent
    [received] = smtp_server.wait_for(1)
    assert received.recipients == ["bob@org-a.example"]
    assert "Organisation A" in received.subject
    smtp_server.refuse = "550 5.7.1 Relaying denied"
    result = mail_settings_test(organisation=org_a, actor=org_a_manager, to="x@elsewhere.example")
    assert not result.sent
    assert "Relaying denied" in result.message
    events = AuditEvent.objects.filter(action="mail_settings.test").order_by("pk")
    assert [e.after["sent"] for e in events] == [True, False]


def test_a_test_message_through_notify_and_through_the_servers_settings(
    org_b: Organisation, notify_server: NotifyServer
) -> None:
    manager = User.objects.create(username="m@org-b.example", organisation=org_b, role="manager")
    assert mail_settings_test(organisation=org_b, actor=manager, to="m@org-b.example").sent
    assert len(mail.outbox) == 1
    mail_settings_update(organisation=org_b, actor=manager, **_notify_values(notify_server))
    assert mail_settings_test(organisation=org_b, actor=manager, to="m@org-b.example").sent
    assert notify_server.notifications[0]["email_address"] == "m@org-b.example"
    notify_server.fail_next = [500]
    result = mail_settings_test(organisation=org_b, actor=manager, to="m@org-b.example")
    assert not result.sent
    assert "answered 500" in result.message
