"""Template context the public site's partials share."""

from django.utils.functional import SimpleLazyObject

from .models import Rating


def rating_scale(request):
    """The whole rating scale, worst first, for drawing verdicts on it.

    Lazy: read once per page that draws a verdict (one query however many cards it shows),
    never on pages that draw none.
    """
    return {"rating_scale": SimpleLazyObject(lambda: list(Rating.objects.all()))}
