"""A speaker's rating record: how many of their public claims landed on each rating."""

from dataclasses import dataclass

from django.db.models import Count

from .models import Claim, Rating, RatingScale, Speaker, Stance


@dataclass(frozen=True)
class RecordRow:
    rating: Rating
    count: int
    percent: int
    # Where the row sits on the chart, in SVG user units (see CHART_* below).
    y: int
    width: int

    @property
    def count_x(self) -> int:
        return CHART_LABEL_WIDTH + self.width + 6


# The chart's geometry in SVG user units: a label column, then bars up to CHART_BAR_WIDTH.
CHART_WIDTH = 480
CHART_LABEL_WIDTH = 140
CHART_BAR_WIDTH = 290
CHART_ROW_HEIGHT = 28


def chart_height(record: list[RecordRow]) -> int:
    return CHART_ROW_HEIGHT * len(record)


def rating_record(speaker: Speaker) -> list[RecordRow]:
    """One row per step of the truth scale, truest first, counting published claims the
    speaker asserted (or that were asserted on an organisation's behalf). Two queries, whatever
    the number of claims. Consistency checks show on the speaker's reversals timeline and
    promises on their promises list, not here."""
    counts = dict(
        Claim.objects.published()
        .said_by(speaker, stance=Stance.Kind.ASSERTS)
        .filter(verdict__rating__scale__slug=RatingScale.TRUTH)
        .values_list("verdict__rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = sum(counts.values())
    longest = max(counts.values(), default=0)
    return [
        RecordRow(
            rating=rating,
            count=counts.get(rating.pk, 0),
            percent=round(100 * counts.get(rating.pk, 0) / total) if total else 0,
            y=row * CHART_ROW_HEIGHT,
            width=round(CHART_BAR_WIDTH * counts.get(rating.pk, 0) / longest) if longest else 0,
        )
        for row, rating in enumerate(
            Rating.objects.filter(scale__slug=RatingScale.TRUTH).order_by("-ordinal", "id")
        )
    ]
