"""Telling the desk what needs them: an email when a claim is assigned to someone, submitted
for their review, returned to them or published (docs/desk.md, "Notifications").

Mail goes out through the task queue once the change commits (factcheck.tasks), so a slow or
failing mail server never slows or fails the save. People turn it off in their account
("email me about the desk"); no one is told of what they did themselves.
"""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from factcheck.tasks import email_on_commit

from .models import Claim


def _desk_url(claim: Claim) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("admin:statements_claim_change", args=[claim.pk])


def claim_notify(*, claim: Claim, actor, people: Iterable, subject: str, body: str) -> None:
    """Queue one email to each of `people` who wants desk emails, has an address and is not
    the person who acted."""
    recipients = [
        person.email
        for person in people
        if person is not None
        and person.email
        and person.desk_emails
        and person.is_active
        and (actor is None or person.pk != actor.pk)
    ]
    email_on_commit(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=f"{body}\n\n{claim.text}\n{_desk_url(claim)}\n",
        recipients=recipients,
    )


def claim_writers(claim: Claim) -> list:
    """The fact-checker assigned to a claim and its verdict's authors."""
    people = [claim.assignee]
    verdict = getattr(claim, "verdict", None)
    if verdict is not None:
        people += list(verdict.authors.all())
    return people


def reviewers_for(claim: Claim) -> list:
    """The editor asked to review it or, when none is, every editor."""
    if claim.review_editor is not None:
        return [claim.review_editor]
    from django.contrib.auth import get_user_model

    from .roles import EDITORS

    return list(get_user_model().objects.filter(groups__name=EDITORS, is_active=True))


def text(key: str, **values) -> str:
    """The subject lines, in one place."""
    subjects = {
        "assigned": _("Assigned to you: %(claim)s"),
        "review": _("For your review: %(claim)s"),
        "returned": _("Returned to you: %(claim)s"),
        "published": _("Published: %(claim)s"),
    }
    return subjects[key] % values
