"""Background work every app shares: outgoing mail.

Mail goes out from the task queue (settings.TASKS) so that a slow or failing mail server never
slows or fails the save that caused it. The task's result, kept by the queue, records a failure.
"""

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text message to the recipients; returns the number sent (0 or 1)."""
    return send_mail(subject, body, None, recipients, fail_silently=False)


def email_on_commit(*, subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue a message to go out once the current transaction commits, never if it rolls back."""
    recipients = sorted(set(recipients))
    if recipients:
        transaction.on_commit(
            lambda: send_email.enqueue(subject=subject, body=body, recipients=recipients)
        )
