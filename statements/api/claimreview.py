"""ClaimReview as the API and the export serve it: the shared builder, plus our licence."""

from typing import Any

from django.conf import settings

from ..jsonld import CLAIM_REVIEW_PREFETCH, CLAIM_REVIEW_SELECT, RatingScale, claim_review
from ..models import Claim


def reviewable_claims():
    """The API's claims with a ClaimReview: published, with a rated verdict, fetched for it.

    Publishing requires a rated verdict, but older data or a bulk update can leave a published
    claim's verdict unrated; such a claim stays in the API but has no ClaimReview.
    """
    return (
        Claim.objects.published()
        .filter(verdict__rating__isnull=False)
        .select_related(*CLAIM_REVIEW_SELECT)
        .prefetch_related(*CLAIM_REVIEW_PREFETCH)
    )


def licensed_claim_review(claim: Claim, *, scale: RatingScale) -> dict[str, Any] | None:
    """One claim's ClaimReview, with the licence partners may reuse it under; None if unrated."""
    review = claim_review(claim, scale=scale)
    if review is None:
        return None
    return {**review, "license": settings.CONTENT_LICENSE_URL}


def data_feed_item(claim: Claim, *, scale: RatingScale) -> dict[str, Any] | None:
    """A DataFeedItem wrapping one ClaimReview, as in the Data Commons fact-check feed.

    None for a claim without a ClaimReview: the feed leaves it out.
    """
    review = licensed_claim_review(claim, scale=scale)
    if review is None:
        return None
    return {
        "@type": "DataFeedItem",
        "dateCreated": claim.published_at.isoformat(),
        "item": [review],
    }


def data_feed_head(*, url: str, date_modified) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.SITE_NAME} fact-checks",
        "url": url,
        "license": settings.CONTENT_LICENSE_URL,
        "dateModified": date_modified.isoformat() if date_modified else None,
    }
