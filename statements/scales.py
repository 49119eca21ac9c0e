"""Services for rating models (docs/site.md, "Rating models"): editing a scale's ratings in
one save. Kept beside `services.py`, which holds the claim workflow, as the second idea it is."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from .models import Rating, RatingScale
from .selectors import rating_usage


def _record(instance, *, user) -> None:
    instance._history_user = user


def rating_delete_check(*, rating: Rating) -> None:
    """Raise, saying where it is used, if deleting `rating` would orphan a verdict."""
    usage = rating_usage(rating=rating)
    if usage:
        raise ValidationError(usage.message())


def rating_positions_check(*, ratings: Iterable[Rating]) -> None:
    """The whole scale as it will be after a save: positions from 1, each used once, and each
    label once. Said in words, never as a constraint's name."""
    errors = []
    at: dict[int, Rating] = {}
    labels: dict[str, Rating] = {}
    for rating in ratings:
        if rating.ordinal is None:
            continue
        if rating.ordinal < 1:
            errors.append(
                _("“%(rating)s”: positions on the scale start at 1 (the worst).")
                % {"rating": rating.label}
            )
        elif rating.ordinal in at:
            errors.append(
                _(
                    "“%(first)s” and “%(second)s” are both at position %(position)d: give each "
                    "rating its own position."
                )
                % {
                    "first": at[rating.ordinal].label,
                    "second": rating.label,
                    "position": rating.ordinal,
                }
            )
        else:
            at[rating.ordinal] = rating
        key = rating.label.strip().casefold()
        if key in labels:
            errors.append(
                _("Two ratings of this scale are called “%(label)s”: give each its own label.")
                % {"label": rating.label}
            )
        labels[key] = rating
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rating_scale_ratings_save(
    *,
    scale: RatingScale,
    ratings: list[Rating],
    deleted: list[Rating] = (),
    user,
) -> None:
    """Save a scale's edited and new ratings, and delete the removed ones, in one go.

    Reordering swaps positions, which the database's one-position-per-rating rule would refuse
    row by row; the rows that move are first lifted above the scale, then saved in place. The
    whole save is one transaction: it lands complete or not at all.
    """
    if not user.has_perm("statements.change_rating"):
        raise PermissionDenied(_("Only an editor may change a rating scale."))
    for rating in deleted:
        if not user.has_perm("statements.delete_rating"):
            raise PermissionDenied(_("Only an editor may delete a rating."))
        rating_delete_check(rating=rating)
        _record(rating, user=user)
        rating.delete()
    kept = Rating.objects.filter(scale=scale).exclude(pk__in=[r.pk for r in ratings if r.pk])
    rating_positions_check(ratings=[*kept, *ratings])
    stored = dict(
        Rating.objects.filter(pk__in=[r.pk for r in ratings if r.pk]).values_list("pk", "ordinal")
    )
    moving = [r.pk for r in ratings if r.pk and stored.get(r.pk) != r.ordinal]
    if moving:
        # Above every position in use and every position asked for: no two rows ever meet.
        top = max(
            Rating.objects.filter(scale=scale).aggregate(top=Max("ordinal"))["top"] or 0,
            *(r.ordinal for r in ratings),
        )
        Rating.objects.filter(pk__in=moving).update(ordinal=F("ordinal") + top)
    for rating in sorted(ratings, key=lambda r: r.pk is None):
        rating.scale = scale
        rating.full_clean()
        _record(rating, user=user)
        rating.save()
