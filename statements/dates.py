"""Sane ranges for the dates a fact-checker types: nothing said before 1800 or in the future."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1800, 1, 1)
# Somewhere on Earth it is already tomorrow: a statement made there today is not in the future.
TIME_ZONE_SLACK = datetime.timedelta(days=1)


def validate_past_date(value: datetime.date | datetime.datetime) -> None:
    """A date (or date-time) from 1 January 1800 up to today."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day < EARLIEST:
        raise ValidationError(
            _("Give a date from 1 January 1800 on; %(date)s is earlier."),
            code="date_too_early",
            params={"date": day.isoformat()},
        )
    if day > timezone.localdate() + TIME_ZONE_SLACK:
        raise ValidationError(
            _("%(date)s is in the future: give the date it was said or published."),
            code="date_in_future",
            params={"date": day.isoformat()},
        )
