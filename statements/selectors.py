"""Reads the desk and the site need beyond a model's own queryset methods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from .models import Claim, Rating, Speaker, Stance, Statement, Verdict
from .quotes import normalise_quote, quote_appears_in

# The home page's most-checked speakers are counted over this many of the latest fact-checks.
MOST_CHECKED_AMONG = 500

# Below this, pg_trgm calls two claims unrelated; 0.3 is the extension's own default.
SIMILARITY_THRESHOLD = 0.3
# Words too short to tell claims apart ("the", "on", "to") are left out of the SQLite match.
SIGNIFICANT_WORD = re.compile(r"\w{4,}")


def statement_quote_found(*, statement: Statement) -> bool | None:
    """Whether the quote appears word for word in its source's captured text.

    None when there is nothing to compare with: no source, or no captured text.
    """
    source = statement.source
    if source is None or not source.captured_text.strip():
        return None
    return quote_appears_in(statement.text, source.captured_text)


def claims_similar_to(*, text: str, exclude_pk: int | None = None, limit: int = 5) -> list[Claim]:
    """Existing claims worded like `text`, most similar first, to warn of a duplicate."""
    text = text.strip()
    if len(text) < 4:
        return []
    claims = Claim.objects.select_related("verdict__rating")
    if exclude_pk is not None:
        claims = claims.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            claims.annotate(similarity=TrigramSimilarity("text", text))
            .filter(similarity__gte=SIMILARITY_THRESHOLD)
            .order_by("-similarity", "-id")[:limit]
        )
    # SQLite: claims sharing a significant word, ranked in Python by how alike they read.
    words = set(SIGNIFICANT_WORD.findall(normalise_quote(text)))
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(text__icontains=word)
    wanted = normalise_quote(text)
    scored = []
    for claim in claims.filter(condition)[:200]:
        claim.similarity = SequenceMatcher(None, wanted, normalise_quote(claim.text)).ratio()
        if claim.similarity >= SIMILARITY_THRESHOLD:
            scored.append(claim)
    scored.sort(key=lambda claim: (-claim.similarity, -claim.pk))
    return scored[:limit]


def most_checked_speakers(*, limit: int = 8, among: int = MOST_CHECKED_AMONG) -> list[Speaker]:
    """The speakers quoted on the most of the latest `among` public claims, with that number
    as `checked_count`, most first (then by name).

    A window, not the whole archive: the home page asks on every render, and counting every
    statement took over a second at 200,000 of them (about 70 ms this way). Two queries.
    """
    latest = Claim.objects.public().order_by("-published_at", "-id").values("pk")[:among]
    counts = list(
        Stance.objects.filter(claim__in=latest)
        .values_list("statement__speaker")
        .annotate(n=Count("claim", distinct=True))
        .order_by("-n", "statement__speaker__name", "statement__speaker")[:limit]
    )
    speakers = Speaker.objects.in_bulk([speaker_id for speaker_id, _ in counts])
    for speaker_id, n in counts:
        speakers[speaker_id].checked_count = n
    return [speakers[speaker_id] for speaker_id, _ in counts]


@dataclass(frozen=True)
class RatingUsage:
    """Where a rating is used: what would be orphaned if it were deleted."""

    rating: Rating
    verdicts: int
    published: int

    def __bool__(self) -> bool:
        return self.verdicts > 0

    @property
    def claims_url(self) -> str:
        """The desk's claim list, filtered to the claims rated so."""
        changelist = reverse("admin:statements_claim_changelist")
        return f"{changelist}?verdict__rating__id__exact={self.rating.pk}"

    def message(self) -> str:
        return ngettext(
            "“%(rating)s” is the rating of %(count)d verdict (%(published)d published), so it "
            "cannot be deleted: rate that claim otherwise first, or keep the rating and "
            "rename it.",
            "“%(rating)s” is the rating of %(count)d verdicts (%(published)d published), so it "
            "cannot be deleted: rate those claims otherwise first, or keep the rating and "
            "rename it.",
            self.verdicts,
        ) % {"rating": self.rating.label, "count": self.verdicts, "published": self.published}


def rating_usage(*, rating: Rating) -> RatingUsage:
    """How many verdicts use `rating`, and how many of them readers see. One query."""
    counts = Verdict.objects.filter(rating=rating).aggregate(
        verdicts=Count("pk"),
        published=Count("pk", filter=Q(claim__status__in=Claim.PUBLIC_STATUSES)),
    )
    return RatingUsage(rating=rating, **counts)
