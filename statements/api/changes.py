"""
The incremental sync behind `/api/v1/changes/`.

The change log (statements/changelog.py) holds one row per change, numbered in order. A page
lists each claim changed after `since` once, at its latest change, with its current document
(or a tombstone when it is no longer in the API), and `next_since` to ask from next time. A
mirror that applies every page in order holds exactly the API's claims.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

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


def _settled_log():
    """Log rows old enough that no transaction still writing can commit a smaller number."""
    settle = datetime.timedelta(seconds=settings.API_CHANGES_SETTLE_SECONDS)
    return ClaimChange.objects.filter(changed_at__lte=timezone.now() - settle)


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
    upper = _settled_log().aggregate(last=Max("id"))["last"] or 0
    log = ClaimChange.objects.filter(id__gt=since, id__lte=upper)
    latest = list(
        log.filter(claim_id__isnull=False)
        .values("claim_id")
        .annotate(seq=Max("id"), at=Max("changed_at"))
        .order_by("seq")[: limit + 1]
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
