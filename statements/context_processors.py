"""Template context the public site's partials share."""

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from .models import Rating, RatingScale


@dataclass(frozen=True)
class DrawnScale:
    """One rating model's scored steps, worst first: what a verdict is drawn on."""

    scale: RatingScale | None
    steps: list[Rating]

    @property
    def is_truth(self) -> bool:
        return self.scale is None or self.scale.slug == RatingScale.TRUTH


class RatingScales:
    """Every rating model's steps, read in one query, drawn per verdict by `scale_of`."""

    def __init__(self):
        self.ratings = list(Rating.objects.select_related("scale"))

    def scale_of(self, rating: Rating) -> DrawnScale:
        steps = [r for r in self.ratings if r.scale_id == rating.scale_id]
        scale = steps[0].scale if steps else None
        return DrawnScale(scale=scale, steps=[r for r in steps if r.scored])


def rating_scale(request):
    """Every rating model's scale, worst first, for drawing verdicts on it.

    Lazy: read once per page that draws a verdict (one query however many cards it shows,
    whatever their rating models), never on pages that draw none.
    """
    return {"rating_scale": SimpleLazyObject(RatingScales)}
