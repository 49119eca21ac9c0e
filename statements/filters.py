"""The filters of the public claim list, /claims/ (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Claim, Rating, RatingScale, Speaker, Topic

SORTS = {
    "newest": ("-published_at", "-id"),
    "oldest": ("published_at", "id"),
    "rating": ("verdict__rating__ordinal", "-published_at", "-id"),
    "-rating": ("-verdict__rating__ordinal", "-published_at", "-id"),
}


class DateInput(forms.DateInput):
    input_type = "date"


class FilterForm(forms.Form):
    """A filter form that names a bad value's field but never writes the value back.

    A value that failed validation is dropped from the bound data, so the input renders
    empty (a strict HTML checker rejects `<input type=date value="2019-13-45">`, and echoing
    a reader's text back is never needed); the error beside the field says what went wrong.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's message for a plain choice quotes the value back; say it without it.
            field.error_messages["invalid_choice"] = _(
                "Select a valid choice. That choice is not one of the available choices."
            )

    def full_clean(self):
        super().full_clean()
        if self._errors:
            self.data = self.data.copy()
            for name in self._errors:
                self.data.pop(self.add_prefix(name), None)


class FilterErrorsAre400:
    """The one rule for a filter value a public list page does not understand (docs/site.md):
    the page answers 400, names the field beside it, and lists nothing rather than everything.

    For a `FilterView` (django-filter), whose strict mode already empties the list."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response


def rating_off_scale_message(*, rating: Rating, scale: RatingScale) -> str:
    """Why `?scale=…&rating=…` names no rating: said the same by the site and the API."""
    return _("“%(rating)s” is a rating of the %(other)s scale, not of the %(scale)s scale.") % {
        "rating": rating.label,
        "other": rating.scale.name,
        "scale": scale.name,
    }


class ClaimFilterForm(FilterForm):
    def clean(self):
        cleaned_data = super().clean()
        rating, scale = cleaned_data.get("rating"), cleaned_data.get("scale")
        if rating is not None and scale is not None and rating.scale_id != scale.pk:
            self.add_error("rating", rating_off_scale_message(rating=rating, scale=scale))
        return cleaned_data


class ClaimFilter(django_filters.FilterSet):
    """Rating model, rating, topic, speaker and publication dates, and the order.

    Bad values answer 400 and list nothing (`FilterErrorsAre400`)."""

    scale = django_filters.ModelChoiceFilter(
        label=_("Rating model"),
        field_name="scale",
        to_field_name="slug",
        queryset=RatingScale.objects.all(),
        empty_label=_("Any rating model"),
    )
    rating = django_filters.ModelChoiceFilter(
        label=_("Rating"),
        field_name="verdict__rating",
        to_field_name="slug",
        queryset=Rating.objects.select_related("scale"),
        empty_label=_("Any rating"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.public(),
        empty_label=_("Any topic"),
    )
    # Reached from a speaker's page rather than chosen from a list of thousands of names.
    speaker = django_filters.ModelChoiceFilter(
        label=_("Speaker"),
        to_field_name="slug",
        queryset=Speaker.objects.public(),
        widget=forms.HiddenInput,
        method="said_by",
    )
    published_after = django_filters.DateFilter(
        label=_("Published from"),
        field_name="published_at",
        lookup_expr="date__gte",
        widget=DateInput,
    )
    published_before = django_filters.DateFilter(
        label=_("Published until"),
        field_name="published_at",
        lookup_expr="date__lte",
        widget=DateInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("-rating", _("Truest first")),
            ("rating", _("Falsest first")),
        ],
        empty_label=None,
        method="sort_by",
    )

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    def said_by(self, queryset, name, value):
        return queryset.said_by(value)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["newest"]))
