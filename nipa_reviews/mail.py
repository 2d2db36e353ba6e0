"""Email through the queue: every message is sent by the worker, never inside a request.

`EMAIL_BACKEND` is `QueuedEmailBackend`, so allauth's emails and the moderation notices
reach the queue without their callers knowing. The worker's `deliver_email` rebuilds each
message and sends it with the real backend, `EMAIL_DELIVERY_BACKEND` (SMTP in production,
the console in development, locmem in tests).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.encoding import force_str

from nipa_reviews.celery import enqueue

logger = logging.getLogger(__name__)


def message_to_dict(message: EmailMessage) -> dict:
    """Everything the message says, as JSON, for the task's arguments."""
    if message.attachments:
        # Nothing sends attachments yet; losing one silently would be worse than failing.
        raise ValueError("QueuedEmailBackend does not carry attachments yet.")
    # force_str: subjects and bodies are often lazy translations.
    return {
        "subject": force_str(message.subject),
        "body": force_str(message.body),
        "from_email": force_str(message.from_email),
        "to": [force_str(address) for address in message.to],
        "cc": [force_str(address) for address in message.cc],
        "bcc": [force_str(address) for address in message.bcc],
        "reply_to": [force_str(address) for address in message.reply_to],
        "headers": {force_str(k): force_str(v) for k, v in message.extra_headers.items()},
        # "html" for a message whose body is HTML (EmailMessage's content_subtype).
        "content_subtype": message.content_subtype,
        "alternatives": [
            [force_str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def message_from_dict(data: dict, connection=None) -> EmailMultiAlternatives:
    # With no alternatives EmailMultiAlternatives writes the same MIME as EmailMessage.
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[(content, mimetype) for content, mimetype in data["alternatives"]],
        connection=connection,
    )
    message.content_subtype = data["content_subtype"]
    return message


@shared_task(bind=True, max_retries=5)
def deliver_email(self, message: dict) -> None:
    """Sends one queued message with the real backend; a worker retries a failed send."""
    try:
        with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
            message_from_dict(message, connection).send()
    except OSError as error:  # smtplib's errors and refused connections alike
        # In-process (no broker, or the broker down) the caller sees the error, as it did
        # before the queue; a worker tries again after 1, 2, 4, 8 and 16 minutes.
        if self.request.is_eager:
            raise
        logger.warning("email task %s failed (%s), retrying", self.request.id, error)
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error


class QueuedEmailBackend(BaseEmailBackend):
    """Queues each message for `deliver_email` (nipa_reviews.celery.enqueue)."""

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            data = message_to_dict(message)
            try:
                enqueue(deliver_email, data)
            except Exception:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent
