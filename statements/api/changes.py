"""
The incremental sync behind `/api/v1/changes/`.

The change log (statements/changelog.py) holds one row per change, numbered in order. A page
lists each claim changed after `since` once, at its latest change, with its current document
(or a tombstone when it is no longer in the API), and `next_since` to ask from next time. A
mirror that applies every page in order holds exactly the API's claims.

A page is a keyset walk: log rows after `since` in id order, skipping a row when the same claim
has a later one (an index on (claim_id, id) answers that), until the page is full. Its cost
follows the page, not the log; a GROUP BY over every row after the cursor did not.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

from ..changelog import ClaimChange
from ..models import Claim


@dataclass
class Change:
    since: int
    claim_id: int
    changed_at: datetime.datetime
    claim: Claim | None
    reason: str | None


@dataclass
class ChangePage:
    changes: list[Change]
    next_since: int
    has_more: bool


class CursorAheadOfLog(APIException):
    """The cursor names a change the log does not hold: our database went back in time."""

    status_code = status.HTTP_410_GONE
    default_code = "resync_required"
    default_detail = _(
        "This cursor is ahead of our change log (the archive was restored from a backup). "
        "Your mirror may hold changes we no longer have: delete it and synchronise again "
        "from since=0."
    )


def _log_bounds() -> tuple[int, int]:
    """The newest log row, and the newest old enough that no transaction still writing can
    commit a smaller number; both found from the top of the primary key, in one query."""
    settle = datetime.timedelta(seconds=settings.API_CHANGES_SETTLE_SECONDS)
    newest = ClaimChange.objects.order_by("-id").values("id")
    settled = newest.filter(changed_at__lte=timezone.now() - settle)[:1]
    bounds = newest.annotate(settled=Subquery(settled)).values_list("id", "settled").first()
    if bounds is None:
        return 0, 0
    return bounds[0], bounds[1] or 0


def _tombstone_reason(claim_id: int, existing: dict[int, Claim], published: set) -> str | None:
    claim = existing.get(claim_id)
    if claim is None:
        return "deleted" if claim_id in published else None
    if claim.published_at is None:
        # Never published, so never in the API: a mirror has nothing to remove.
        return None
    return "retracted" if claim.status == Claim.Status.RETRACTED else "unpublished"


def changes_since(since: int, *, limit: int, claims) -> ChangePage:
    """The claims changed after `since`, oldest change first. `claims` is the API queryset."""
    # Fix the upper end first, so rows settling while we read cannot be skipped.
    newest, upper = _log_bounds()
    if since > newest:
        raise CursorAheadOfLog()
    log = ClaimChange.objects.filter(id__lte=upper)
    later_change = log.filter(claim_id=OuterRef("claim_id"), id__gt=OuterRef("id"))
    latest = list(
        log.filter(id__gt=since, claim_id__isnull=False)
        .exclude(Exists(later_change))
        .order_by("id")
        .values("claim_id", seq=F("id"), at=F("changed_at"))[: limit + 1]
    )
    has_more = len(latest) > limit
    latest = latest[:limit]
    ids = [row["claim_id"] for row in latest]
    live = {claim.pk: claim for claim in claims.filter(pk__in=ids)}
    existing = {
        claim.pk: claim
        for claim in Claim.objects.filter(pk__in=set(ids) - set(live)).only(
            "id", "status", "published_at"
        )
    }
    gone = set(ids) - set(live) - set(existing)
    published_before = set(
        ClaimChange.objects.filter(claim_id__in=gone, was_published=True).values_list(
            "claim_id", flat=True
        )
    )
    changes = []
    for row in latest:
        claim_id = row["claim_id"]
        if claim_id in live:
            changes.append(Change(row["seq"], claim_id, row["at"], live[claim_id], None))
            continue
        reason = _tombstone_reason(claim_id, existing, published_before)
        if reason is not None:
            changes.append(Change(row["seq"], claim_id, row["at"], None, reason))
    next_since = latest[-1]["seq"] if has_more else max(upper, since)
    return ChangePage(changes=changes, next_since=next_since, has_more=has_more)
