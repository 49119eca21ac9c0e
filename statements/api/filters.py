"""One FilterSet per viewset, and the ordering whitelist shared by them all."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from ..models import (
    Claim,
    Correction,
    Rating,
    RatingScale,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
)
from ..search import claims_matching, matching
from .search import search_by_fields


class OrderingFilter(BaseFilterBackend):
    """`?ordering=` from the view's `ordering_fields` (public name → model field) only.

    Unknown names are a 400, not silently ignored; the result always ends with the primary
    key, so rows with equal values come in the same order on every page.
    """

    param = "ordering"

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.param, "")
        if not raw:
            return list(view.ordering)
        allowed = view.ordering_fields
        ordering = []
        for term in (t.strip() for t in raw.split(",")):
            name = term.removeprefix("-")
            if name not in allowed:
                raise ValidationError(
                    {
                        self.param: [
                            _("Unknown ordering %(name)r; use one of: %(allowed)s.")
                            % {"name": term, "allowed": ", ".join(allowed)}
                        ]
                    }
                )
            ordering.append(("-" if term.startswith("-") else "") + allowed[name])
        if not {"id", "-id"} & set(ordering):
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return ordering

    def filter_queryset(self, request, queryset, view):
        return queryset.order_by(*self.get_ordering(request, queryset, view))

    def get_schema_operation_parameters(self, view):
        names = list(view.ordering_fields)
        choices = [value for name in names for value in (name, f"-{name}")]
        default = ",".join(view.ordering)
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": f"Sort by one or more fields, - for descending. Default: {default}.",
                "schema": {"type": "string", "enum": choices},
            }
        ]


EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)
LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned to UTC here so that no database sees an odd offset.

    Any date-time the schema's `date-time` format allows is accepted: one whose UTC value falls
    outside what Python can hold (0001-01-01T00:00+05:00) is the earliest or latest moment,
    which selects the same rows.
    """

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            return EARLIEST if moment.year == 1 else LATEST


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(django_filters.NumberFilter):
    """A whole-number id; anything else (decimals, huge numbers) is a 400 naming the parameter."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


@extend_schema_field({"type": "string", "x-slug-of": True})
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """One row named by its slug; an unknown slug is a 400 naming the parameter. The schema
    lists the slugs (schema.enumerate_slug_parameters); the query runs only when one is sent."""

    def __init__(self, *args, **kwargs):
        messages = {"invalid_choice": _("Unknown slug %(value)r.")}
        super().__init__(*args, to_field_name="slug", error_messages=messages, **kwargs)


class RatingFilter(django_filters.FilterSet):
    scale = SlugChoiceFilter(
        field_name="scale",
        queryset=RatingScale.objects.all(),
        label="Slug of a rating model: truth, consistency or promise.",
    )

    class Meta:
        model = Rating
        fields = []


class _Search(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Words to search for.")
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        return search_by_fields(queryset, value, self.search_fields)


class ClaimFilter(django_filters.FilterSet):
    speaker = django_filters.CharFilter(
        method="by_speaker",
        label="Slug of a speaker with a statement on the claim, or spoken for in one.",
    )
    topic = django_filters.CharFilter(field_name="topics__slug", label="Slug of a topic.")
    # Closed sets: a slug that names no rating model or rating is a 400 naming the parameter,
    # as on the site (docs/api.md), never a silently empty list.
    scale = SlugChoiceFilter(
        field_name="scale",
        queryset=RatingScale.objects.all(),
        label="Slug of a rating model: truth, consistency or promise.",
    )
    rating = SlugChoiceFilter(
        field_name="verdict__rating",
        queryset=Rating.objects.select_related("scale"),
        label="Slug of a rating. With scale, a rating of another scale matches nothing.",
    )
    published_after = DateTimeFilter(
        field_name="published_at", lookup_expr="gte", label="Published at or after (ISO 8601)."
    )
    published_before = DateTimeFilter(
        field_name="published_at", lookup_expr="lt", label="Published before (ISO 8601)."
    )
    updated_since = DateTimeFilter(
        field_name="changed_at", lookup_expr="gte", label="Changed at or after (ISO 8601)."
    )
    q = django_filters.CharFilter(method="search", label="Words to search for.")

    class Meta:
        model = Claim
        fields = []

    def by_speaker(self, queryset, name, value):
        # As on the site: an organisation's claims include its spokespeople's.
        return queryset.said_by(Subquery(Speaker.objects.filter(slug=value).values("pk")[:1]))

    def search(self, queryset, name, value):
        # The site's search (statements.search): one rule for readers and partners.
        return claims_matching(queryset, value)


class StatementFilter(django_filters.FilterSet):
    speaker = django_filters.CharFilter(field_name="speaker__slug", label="Speaker slug.")
    claim = IdFilter(method="by_claim", label="Id of a claim it bears on.")
    quote_type = django_filters.ChoiceFilter(choices=Statement.QuoteType.choices)
    language = django_filters.CharFilter(label="Language code, e.g. en, hi.")
    said_after = django_filters.DateFilter(
        field_name="said_on", lookup_expr="gte", label="Said on or after (YYYY-MM-DD)."
    )
    said_before = django_filters.DateFilter(
        field_name="said_on", lookup_expr="lt", label="Said before (YYYY-MM-DD)."
    )
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Changed at or after (ISO 8601)."
    )
    q = django_filters.CharFilter(method="search", label="Words to search for.")

    class Meta:
        model = Statement
        fields = []

    def by_claim(self, queryset, name, value):
        return queryset.filter(Exists(Stance.objects.filter(statement=OuterRef("pk"), claim=value)))

    def search(self, queryset, name, value):
        return matching(queryset, "text", value)


class SpeakerFilter(_Search):
    kind = django_filters.ChoiceFilter(choices=Speaker.Kind.choices)
    country = django_filters.CharFilter(label="Two-letter ISO 3166 code.")
    updated_since = DateTimeFilter(field_name="updated_at", lookup_expr="gte")
    search_fields = ("name", "role")

    class Meta:
        model = Speaker
        fields = []


class SourceFilter(_Search):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")
    updated_since = DateTimeFilter(field_name="updated_at", lookup_expr="gte")
    search_fields = ("title", "publisher")

    class Meta:
        model = Source
        fields = []


class TopicFilter(_Search):
    search_fields = ("name",)

    class Meta:
        model = Topic
        fields = []


class CorrectionFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="verdict__claim", label="Id of the claim.")
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Correction
        fields = []


def typed_parameters(filterset_class) -> set[str]:
    """The filters whose empty value is no value of their type (dates, ids, choices)."""
    if filterset_class is None:
        return set()
    return {
        name
        for name, declared in filterset_class.base_filters.items()
        if not isinstance(declared, django_filters.CharFilter)
    }


def reject_empty(request, names) -> None:
    """A 400 naming each of `names` sent with an empty value (`?updated_since=`): the schema
    gives them a type or a pattern that the empty string does not match."""
    empty = sorted(name for name in names if request.query_params.get(name, None) == "")
    if empty:
        message = _("Give a value, or leave the parameter out.")
        raise ValidationError({name: [message] for name in empty})
