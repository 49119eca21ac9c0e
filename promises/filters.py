"""The promise tracker's filters, shared by /promises/ and /api/v1/promises/ (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from statements.models import Speaker, Topic

from .models import Promise, PromiseStatus


class DateInput(forms.DateInput):
    input_type = "date"


def speakers_with_promises():
    return Speaker.objects.filter(statements__promises__in=Promise.objects.public()).distinct()


def topics_with_promises():
    return Topic.objects.filter(promises__in=Promise.objects.public()).distinct()


class PromiseFilter(django_filters.FilterSet):
    """Status, topic, speaker and the date the promise was made."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="current_status",
        choices=PromiseStatus.choices,
        empty_label=_("Any status"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        to_field_name="slug",
        queryset=topics_with_promises(),
        empty_label=_("Any topic"),
    )
    speaker = django_filters.ModelChoiceFilter(
        label=_("Speaker"),
        field_name="statement__speaker",
        to_field_name="slug",
        queryset=speakers_with_promises(),
        empty_label=_("Anyone"),
    )
    made_after = django_filters.DateFilter(
        label=_("Made from"), field_name="statement__said_on", lookup_expr="gte", widget=DateInput
    )
    made_before = django_filters.DateFilter(
        label=_("Made until"), field_name="statement__said_on", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = Promise
        fields = []
