"""ClaimReview as the API and the export serve it: the shared builder, plus our licence."""

from typing import Any

from django.conf import settings

from ..jsonld import CLAIM_REVIEW_PREFETCH, CLAIM_REVIEW_SELECT, RatingScale, claim_review
from ..models import Claim


def reviewable_claims():
    """The API's claims that have a verdict to review, fetched for the builder."""
    return (
        Claim.objects.published()
        .filter(verdict__isnull=False)
        .select_related(*CLAIM_REVIEW_SELECT)
        .prefetch_related(*CLAIM_REVIEW_PREFETCH)
    )


def licensed_claim_review(claim: Claim, *, scale: RatingScale) -> dict[str, Any]:
    """One claim's ClaimReview, with the licence partners may reuse it under."""
    return {**claim_review(claim, scale=scale), "license": settings.CONTENT_LICENSE_URL}


def data_feed_item(claim: Claim, *, scale: RatingScale) -> dict[str, Any]:
    """A DataFeedItem wrapping one ClaimReview, as in the Data Commons fact-check feed."""
    return {
        "@type": "DataFeedItem",
        "dateCreated": claim.published_at.isoformat(),
        "item": [licensed_claim_review(claim, scale=scale)],
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
