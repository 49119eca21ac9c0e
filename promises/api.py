"""/api/v1/promises/: published promises with their timelines (read-only)."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from statements.api.serializers import (
    ApiUrlField,
    HtmlUrlField,
    SourceSerializer,
    StatementSummarySerializer,
    TopicSummarySerializer,
)
from statements.api.views import ReadOnlyViewSet

from .filters import PromiseFilter
from .models import Promise, PromiseStatus, PromiseStatusChange


class PromiseStatusChangeSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    source = SourceSerializer()

    class Meta:
        model = PromiseStatusChange
        fields = ["id", "status", "status_label", "changed_on", "note", "source"]


class PromiseSerializer(serializers.ModelSerializer):
    url = ApiUrlField("promise-detail")
    html_url = HtmlUrlField()
    status = serializers.ChoiceField(
        PromiseStatus.choices, source="current_status", help_text="The latest status change's."
    )
    status_label = serializers.SerializerMethodField()
    statement = StatementSummarySerializer()
    topics = TopicSummarySerializer(many=True)
    status_changes = PromiseStatusChangeSerializer(many=True, help_text="Oldest first.")

    class Meta:
        model = Promise
        fields = [
            "id",
            "slug",
            "url",
            "html_url",
            "text",
            "status",
            "status_label",
            "statement",
            "topics",
            "published_at",
            "status_changes",
        ]

    @extend_schema_field(serializers.CharField())
    def get_status_label(self, promise) -> str:
        return str(PromiseStatus(promise.current_status).label)


class PromiseApiFilter(PromiseFilter):
    """The site's filters, with topic and speaker as slugs (as on /api/v1/claims/): an unknown
    slug selects no promise instead of a 400 the schema could not state, since any slug is
    well formed."""

    topic = django_filters.CharFilter(field_name="topics__slug", label="Slug of a topic.")
    speaker = django_filters.CharFilter(
        field_name="statement__speaker__slug", label="Slug of the speaker who made the promise."
    )


class PromiseViewSet(ReadOnlyViewSet):
    """Published promises, each with its dated, sourced status changes."""

    serializer_class = PromiseSerializer
    filterset_class = PromiseApiFilter
    ordering_fields = {"made_on": "statement__said_on", "published_at": "published_at", "id": "id"}
    ordering = ("-published_at", "-id")

    def get_queryset(self):
        changes = PromiseStatusChange.objects.select_related("source").order_by("changed_on", "id")
        return (
            Promise.objects.public()
            .with_status()
            .select_related("statement__speaker", "statement__speaking_for", "statement__source")
            .prefetch_related("topics", Prefetch("status_changes", queryset=changes))
        )
