"""Writes for mail in: the mailbox settings, reading the mailbox, and triage."""

from putright.inbound.services.intake import (
    PollResult,
    mailbox_poll,
    mailboxes_poll,
    message_file,
    message_receive,
    thread_of,
)
from putright.inbound.services.mailbox import (
    CheckResult,
    MailboxError,
    mailbox_check,
    mailbox_update,
)
from putright.inbound.services.triage import (
    TriageError,
    message_dismiss,
    message_link,
    message_make_complaint,
    message_make_service_request,
)

__all__ = [
    "CheckResult",
    "MailboxError",
    "PollResult",
    "TriageError",
    "mailbox_check",
    "mailbox_poll",
    "mailbox_update",
    "mailboxes_poll",
    "message_dismiss",
    "message_file",
    "message_link",
    "message_make_complaint",
    "message_make_service_request",
    "message_receive",
    "thread_of",
]
