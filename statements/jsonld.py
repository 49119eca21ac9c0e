"""
schema.org ClaimReview for a published claim: the one builder meant for the JSON-LD on claim
pages, the API's ClaimReview endpoints and the bulk export.

See https://schema.org/ClaimReview and Google's fact-check markup guidelines. Callers pass
claims fetched with `CLAIM_REVIEW_PREFETCH` so that building many reviews costs no query per
claim.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, Prefetch

from .models import Claim, Rating, Stance, Statement
from .translations import in_language

CLAIM_REVIEW_SELECT = ("verdict__rating",)
CLAIM_REVIEW_PREFETCH = (
    Prefetch(
        "stances",
        queryset=Stance.objects.select_related(
            "statement__speaker", "statement__speaking_for", "statement__source"
        ).order_by("statement__said_on", "statement__id"),
    ),
)


@dataclass(frozen=True)
class ScaleBounds:
    """The ends of every rating model's scale, read once per request rather than per claim.

    Only scored steps count: a step such as “Not Yet Rated” is no point on the scale.
    """

    bounds: dict[int, tuple[int, int]]

    @classmethod
    def current(cls) -> "ScaleBounds":
        rows = (
            Rating.objects.filter(scored=True)
            .values("scale")
            .annotate(worst=Min("ordinal"), best=Max("ordinal"))
            .order_by()
        )
        return cls(bounds={row["scale"]: (row["worst"], row["best"]) for row in rows})

    def review_rating(self, rating: Rating) -> dict[str, Any]:
        """ClaimReview's reviewRating for one rating: its place on its own scale and its name.

        An unscored step gives its name only; search engines read it as a textual rating.
        """
        if not rating.scored:
            return {"@type": "Rating", "alternateName": rating.label}
        worst, best = self.bounds.get(rating.scale_id, (rating.ordinal, rating.ordinal))
        return {
            "@type": "Rating",
            "ratingValue": rating.ordinal,
            "bestRating": best,
            "worstRating": worst,
            "alternateName": rating.label,
        }


def absolute_url(path: str) -> str:
    """The public address of a site path, from settings.SITE_URL."""
    return f"{settings.SITE_URL}{path}"


def publisher() -> dict[str, Any]:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute_url("/")}


def speaker_entity(statement: Statement) -> dict[str, Any]:
    speaker = statement.speaker
    entity: dict[str, Any] = {
        "@type": "Organization" if speaker.kind == speaker.Kind.ORGANISATION else "Person",
        "name": speaker.name,
    }
    if statement.speaker_role:
        entity["jobTitle"] = statement.speaker_role
    if speaker.wikidata_id:
        entity["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    return entity


def appearance(statement: Statement) -> dict[str, Any]:
    """Where the claim was made, as a CreativeWork.

    The work's author is whoever published it (the newspaper, the broadcaster, the ministry
    that posted the transcript), not the speaker quoted in it: the speaker is the claim's
    author, given on `itemReviewed`.
    """
    work: dict[str, Any] = {"@type": "CreativeWork"}
    source = statement.source
    if source is not None:
        if source.publisher:
            work["author"] = {"@type": "Organization", "name": source.publisher}
        if source.url:
            work["url"] = source.url
        work["headline"] = source.title
        if source.published_at:
            work["datePublished"] = source.published_at.isoformat()
    else:
        work["datePublished"] = statement.said_on.isoformat()
    return work


def review_texts(claim: Claim, language: str | None) -> tuple[str, str, str]:
    """The claim and the conclusion in one language, and that language (`inLanguage`).

    The reader's language when a reviewed translation gives both (or the claim alone, for a
    verdict without a conclusion); otherwise the original, so that one ClaimReview never
    mixes two languages under one `inLanguage`.
    """
    text = in_language(claim, "text", language or settings.LANGUAGE_CODE)
    conclusion = in_language(claim, "conclusion", text.requested)
    original = in_language(claim, "conclusion", settings.LANGUAGE_CODE)
    if not text.is_fallback and (not original.text or not conclusion.is_fallback):
        return text.text, conclusion.text, text.language
    return claim.text, original.text, settings.LANGUAGE_CODE


def claim_review(
    claim: Claim, *, scale: ScaleBounds, language: str | None = None
) -> dict[str, Any] | None:
    """The ClaimReview document for a published claim, or None if it has no rated verdict.

    Publishing requires a rated verdict, so None only guards against data that predates that
    rule; callers leave such a claim's review out rather than publish one without a rating.
    `language` asks for the claim in a reader's language (the original if not given).
    """
    verdict = getattr(claim, "verdict", None)
    if verdict is None or verdict.rating is None:
        return None
    asserting = [s.statement for s in claim.stances.all() if s.stance == Stance.Kind.ASSERTS]
    item: dict[str, Any] = {"@type": "Claim"}
    if asserting:
        first = asserting[0]
        item["author"] = speaker_entity(first)
        item["datePublished"] = first.said_on.isoformat()
        item["firstAppearance"] = appearance(first)
        item["appearance"] = [appearance(statement) for statement in asserting]

    claim_reviewed, description, in_language_code = review_texts(claim, language)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute_url(claim.get_absolute_url()),
        "claimReviewed": claim_reviewed,
        "inLanguage": in_language_code,
        "datePublished": claim.published_at.isoformat(),
        # The latest correction, clarification or update readers were told of.
        "dateModified": (claim.revised_at or claim.published_at).isoformat(),
        "author": publisher(),
        "itemReviewed": item,
        "reviewRating": scale.review_rating(verdict.rating),
    }
    if description:
        review["description"] = description
    return review
