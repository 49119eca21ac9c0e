"""What each person on the desk should work on next: the queues of the desk home."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pages.models import ClaimSubmission

from ..models import Claim, Correction
from ..roles import PUBLISH_CLAIM

QUEUE_LENGTH = 10


@dataclass
class Queue:
    key: str
    title: str
    claims: list
    count: int
    empty: str


def _queue(key, title, claims: QuerySet, empty) -> Queue:
    claims = claims.select_related("assignee", "review_editor", "verdict__rating")
    return Queue(key, title, list(claims[:QUEUE_LENGTH]), claims.count(), empty)


def desk_home(*, user) -> dict:
    """The queues for `user`, each with its count; a bounded number of queries."""
    drafts = Claim.objects.filter(status=Claim.Status.DRAFT)
    in_review = Claim.objects.filter(status=Claim.Status.IN_REVIEW).order_by("submitted_at", "id")
    queues = [
        _queue(
            "mine",
            _("My drafts"),
            drafts.filter(assignee=user, returned_reason="").order_by("-updated_at", "-id"),
            _("No drafts assigned to you."),
        ),
        _queue(
            "returned",
            _("Returned to me"),
            drafts.filter(assignee=user).exclude(returned_reason="").order_by("-updated_at"),
            _("Nothing has been sent back to you."),
        ),
        _queue(
            "review",
            _("Waiting for review (oldest first)"),
            in_review,
            _("Nothing is waiting for review."),
        ),
    ]
    if user.has_perm(PUBLISH_CLAIM):
        queues.insert(
            2,
            _queue(
                "to-review",
                _("For my review"),
                in_review.filter(review_editor=user),
                _("Nothing has been sent to you for review."),
            ),
        )
    queues.append(
        _queue(
            "published",
            _("Recently published"),
            Claim.objects.public().order_by("-published_at", "-id"),
            _("Nothing published yet."),
        )
    )
    now = timezone.now()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    oldest = in_review.filter(submitted_at__isnull=False).first()
    submissions = ClaimSubmission.objects.filter(status=ClaimSubmission.Status.NEW)
    return {
        "queues": queues,
        "oldest_submitted_at": oldest.submitted_at if oldest else None,
        "corrections_this_month": Correction.objects.filter(published_at__gte=month_start)
        .select_related("verdict__claim")
        .order_by("-published_at")[:QUEUE_LENGTH],
        "corrections_this_month_count": Correction.objects.filter(
            published_at__gte=month_start
        ).count(),
        "new_submissions": submissions[:QUEUE_LENGTH],
        "new_submissions_count": submissions.count(),
        "now": now,
    }
