"""Writes for mail out: queuing a message, sending it (by the worker), trying a failed one again,
and the organisation's mail settings.

``email_queue`` is the one way any area sends an email: it stores the message once per
(organisation, key) and, after the transaction commits, queues its sending in the background. The
audit record names what happened to each message (queued, sent, failed, tried again) but never its
recipient, words or attachments, nor any password or API key.
"""

from putright.correspondence.services.queue import (
    EmailInputError,
    email_queue,
    email_retry,
)
from putright.correspondence.services.sending import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    SEND_LEASE,
    email_dispatch_due,
    email_send,
)

__all__ = [
    "MAX_ATTEMPTS",
    "RETRY_DELAYS",
    "SEND_LEASE",
    "EmailInputError",
    "email_dispatch_due",
    "email_queue",
    "email_retry",
    "email_send",
]
