"""What readers are told after publication: corrections (with their kind) and retractions,
newest first, for /corrections/ and the feeds. Both start from the one visibility rule."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, IntegerField, Value
from django.utils.translation import gettext_lazy as _

from .models import Claim, Correction


@dataclass(frozen=True)
class Retraction:
    """A retracted claim, seen as the notice readers were given."""

    claim: Claim
    kind = "retraction"

    def get_kind_display(self) -> str:
        return str(_("Retraction"))

    @property
    def published_at(self) -> datetime:
        return self.claim.retracted_at

    @property
    def updated_at(self) -> datetime:
        return self.claim.updated_at

    @property
    def text(self) -> str:
        return self.claim.retraction_notice

    def get_absolute_url(self) -> str:
        return self.claim.get_absolute_url()


def retracted_claims():
    return Claim.objects.public().filter(status=Claim.Status.RETRACTED)


def notice_keys(*, corrections=None, retractions=None):
    """(at, is_retraction, pk) of every public notice, newest first: one UNION query, so a page
    of notices is a slice of it whatever its length."""
    corrections = Correction.objects.public() if corrections is None else corrections
    retractions = retracted_claims() if retractions is None else retractions
    return (
        # Each side unordered: SQLite allows ORDER BY only on the whole compound statement.
        corrections.order_by()
        .annotate(at=F("published_at"), retraction=Value(0, IntegerField()))
        .values_list("at", "retraction", "pk")
        .union(
            retractions.order_by()
            .annotate(at=F("retracted_at"), retraction=Value(1, IntegerField()))
            .values_list("at", "retraction", "pk"),
            all=True,
        )
        .order_by("-at", "-retraction", "-pk")
    )


def notices_for(keys) -> list:
    """The corrections and retractions named by a slice of `notice_keys()`, in its order
    (two queries)."""
    keys = list(keys)
    corrections = Correction.objects.select_related("verdict__claim", "verdict__rating").in_bulk(
        [pk for _at, retraction, pk in keys if not retraction]
    )
    claims = Claim.objects.select_related("verdict__rating").in_bulk(
        [pk for _at, retraction, pk in keys if retraction]
    )
    return [
        Retraction(claims[pk]) if retraction else corrections[pk] for _at, retraction, pk in keys
    ]
