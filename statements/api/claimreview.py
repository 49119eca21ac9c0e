"""ClaimReview as the API and the export serve it: the shared builder, plus our licence."""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from rest_framework.utils.encoders import JSONEncoder

from ..jsonld import CLAIM_REVIEW_PREFETCH, CLAIM_REVIEW_SELECT, ScaleBounds, claim_review
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


def licensed_claim_review(
    claim: Claim, *, scale: ScaleBounds, language: str | None = None
) -> dict[str, Any] | None:
    """One claim's ClaimReview, with the licence partners may reuse it under; None if unrated."""
    review = claim_review(claim, scale=scale, language=language)
    if review is None:
        return None
    return {**review, "license": settings.CONTENT_LICENSE_URL}


def data_feed_item(claim: Claim, *, scale: ScaleBounds) -> dict[str, Any] | None:
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


# Claims fetched (with their prefetches) per query, and text sent per write, by data_feed_json.
FEED_CHUNK_CLAIMS = 500
FEED_WRITE_BYTES = 64 * 1024


def _json(value) -> str:
    # The API's JSON: DRF's encoder, compact, UTF-8 as is.
    return json.dumps(value, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":"))


def data_feed_json(
    claims: QuerySet,
    *,
    url: str,
    date_modified,
    scale: ScaleBounds,
    each: Callable[[], None] | None = None,
) -> Iterator[str]:
    """The DataFeed of `claims` as JSON text, piece by piece.

    Claims are read FEED_CHUNK_CLAIMS at a time (with their prefetches), so memory stays flat
    and the first bytes leave before the last claim is read, however large the archive.
    `each` is called once per claim read (the export's progress bar).
    """
    head = data_feed_head(url=url, date_modified=date_modified)
    # The head goes out before any claim is read: the client's first byte does not wait.
    yield _json(head)[:-1] + ',"dataFeedElement":['
    buffer: list[str] = []
    size, separator = 0, ""
    for claim in claims.iterator(chunk_size=FEED_CHUNK_CLAIMS):
        if each is not None:
            each()
        item = data_feed_item(claim, scale=scale)
        if item is None:
            continue  # no ClaimReview (an unrated verdict): left out
        text = separator + _json(item)
        separator = ","
        buffer.append(text)
        size += len(text)
        if size >= FEED_WRITE_BYTES:
            yield "".join(buffer)
            buffer, size = [], 0
    buffer.append("]}")
    yield "".join(buffer)
