"""
The read-only API. Every queryset starts from a model's `published()` method (the API's claims
are `Claim.objects.published()`), declares what it joins and prefetches, and is ordered by a
whitelisted field with the id breaking ties.
"""

import hashlib

from django.conf import settings
from django.db.models import F, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from graph.selectors import relation_prefetches

from ..changelog import ClaimChange
from ..jsonld import CLAIM_REVIEW_PREFETCH, CLAIM_REVIEW_SELECT, ScaleBounds
from ..models import Claim, Correction, Rating, Source, Speaker, Stance, Statement, Topic
from ..translations import translations_prefetch, with_translated_summary
from . import filters
from . import serializers as api
from .changes import changes_since
from .claimreview import data_feed_json, licensed_claim_review, reviewable_claims
from .conditional import ConditionalGetMixin, log_head
from .pagination import MAX_PAGE_SIZE, CursorPagination, page_size_from

STATEMENT_RELATED = ("speaker", "speaking_for", "source")


def api_claims():
    """The API's claims, each with `changed_at`: when it or anything it shows last changed."""
    latest_change = (
        ClaimChange.objects.filter(claim_id=OuterRef("pk"))
        .order_by()
        .values("claim_id")
        .annotate(at=Max("changed_at"))
        .values("at")
    )
    return Claim.objects.published().annotate(
        changed_at=Coalesce(Subquery(latest_change), F("updated_at"))
    )


def claim_documents(language: str = settings.LANGUAGE_CODE):
    """The API's claims with everything the detail document shows, in a fixed number of
    queries, with their reviewed translations into `language`."""
    return (
        api_claims()
        .select_related(*CLAIM_REVIEW_SELECT)
        .prefetch_related(
            *CLAIM_REVIEW_PREFETCH,
            translations_prefetch(language),
            "topics",
            "verdict__evidence",
            "verdict__corrections",
            *relation_prefetches(Claim.objects.published()),
        )
    )


class ReadOnlyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = CursorPagination
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields: dict[str, str] = {"id": "id"}
    ordering: tuple[str, ...] = ("id",)
    lookup_value_regex = "[0-9]+"

    def filter_queryset(self, queryset):
        # Filters and ordering shape lists; a detail address names one object.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def list(self, request, *args, **kwargs):
        typed = filters.typed_parameters(getattr(self, "filterset_class", None))
        filters.reject_empty(request, {"ordering", *typed})
        return super().list(request, *args, **kwargs)


class ClaimViewSet(ReadOnlyViewSet):
    """Published fact-checks. Retracted ones leave the API (see /changes/ for tombstones)."""

    filterset_class = filters.ClaimFilter
    ordering_fields = {"published_at": "published_at", "updated_at": "changed_at", "id": "id"}
    ordering = ("-published_at", "-id")

    def get_queryset(self):
        if self.action == "list":
            claims = with_translated_summary(api_claims(), self.content_language)
            return claims.select_related("verdict__rating").prefetch_related("topics")
        return claim_documents(self.content_language)

    def get_serializer_class(self):
        return api.ClaimSerializer if self.action == "list" else api.ClaimDetailSerializer

    @extend_schema(
        summary="The claim's schema.org ClaimReview (JSON-LD)",
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, url_path="claimreview", url_name="claimreview")
    def claimreview(self, request, pk=None):
        claim = self.get_object()
        if not hasattr(claim, "verdict"):
            raise Http404(_("This claim has no verdict yet, so no ClaimReview."))
        review = licensed_claim_review(
            claim, scale=ScaleBounds.current(), language=self.content_language
        )
        if review is None:
            raise Http404(_("This claim's verdict has no rating yet, so no ClaimReview."))
        return Response(review)


class StatementViewSet(ReadOnlyViewSet):
    """Statements on published claims, each with the claims it bears on."""

    serializer_class = api.StatementSerializer
    filterset_class = filters.StatementFilter
    ordering_fields = {"said_on": "said_on", "updated_at": "updated_at", "id": "id"}
    ordering = ("-said_on", "-id")

    def get_queryset(self):
        stances = Stance.objects.published().select_related("claim").order_by("claim_id")
        return (
            Statement.objects.published()
            .select_related(*STATEMENT_RELATED)
            .prefetch_related(Prefetch("stances", queryset=stances, to_attr="published_stances"))
        )


class SpeakerViewSet(ReadOnlyViewSet):
    """People and organisations with a statement on a published claim."""

    serializer_class = api.SpeakerSerializer
    filterset_class = filters.SpeakerFilter
    ordering_fields = {"name": "name", "updated_at": "updated_at", "id": "id"}
    ordering = ("name", "id")

    def get_queryset(self):
        return Speaker.objects.published()


class SourceViewSet(ReadOnlyViewSet):
    """Where published statements appeared and where the evidence lives."""

    serializer_class = api.SourceSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = {"id": "id", "title": "title", "updated_at": "updated_at"}
    ordering = ("id",)

    def get_queryset(self):
        return Source.objects.published()


class TopicViewSet(ReadOnlyViewSet):
    """Topics with at least one published claim."""

    serializer_class = api.TopicSerializer
    filterset_class = filters.TopicFilter
    ordering_fields = {"name": "name", "id": "id"}
    ordering = ("name", "id")

    def get_queryset(self):
        return Topic.objects.published()


class RatingViewSet(ReadOnlyViewSet):
    """Every rating model's ratings, worst (lowest ordinal) first; `?scale=` gives one
    model's scale. The whole of every scale is public."""

    serializer_class = api.RatingSerializer
    filterset_class = filters.RatingFilter
    ordering_fields = {"ordinal": "ordinal", "id": "id"}
    ordering = ("ordinal", "id")

    def get_queryset(self):
        return Rating.objects.select_related("scale")


class CorrectionViewSet(ReadOnlyViewSet):
    """Dated corrections to published verdicts."""

    serializer_class = api.CorrectionSerializer
    filterset_class = filters.CorrectionFilter
    ordering_fields = {"published_at": "published_at", "id": "id"}
    ordering = ("-published_at", "-id")

    def get_queryset(self):
        return Correction.objects.published().select_related("verdict__claim")


def parse_since(request) -> int:
    raw = request.query_params.get("since", "0")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise ValidationError(
            {"since": [_("Use the next_since of your last call, or 0 to start from the top.")]}
        )
    return int(raw)


class ChangesView(ConditionalGetMixin, APIView):
    """Every claim that entered, changed in or left the API after a cursor, oldest first."""

    cache_max_age = 0
    server_cache = False  # its answer also depends on the clock (the settle window)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                pattern=r"^[0-9]{1,18}$",
                description="next_since from the previous call; 0 (the default) for everything.",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=f"Changes per page, 1 to {MAX_PAGE_SIZE} (default {MAX_PAGE_SIZE}).",
            ),
        ],
        responses=api.ChangePageSerializer,
    )
    def get(self, request):
        since = parse_since(request)
        limit = page_size_from(request, default=MAX_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
        page = changes_since(since, limit=limit, claims=claim_documents(self.content_language))
        context = {"request": request, "language": self.content_language}
        results = [
            {
                "cursor": str(change.since),
                "claim_id": change.claim_id,
                "action": "upsert" if change.claim is not None else "delete",
                "reason": change.reason,
                "changed_at": change.changed_at,
                "claim": change.claim,
            }
            for change in page.changes
        ]
        next_url = request.build_absolute_uri(
            f"{request.path}?since={page.next_since}&page_size={limit}"
        )
        data = {
            "results": results,
            "next_since": str(page.next_since),
            "has_more": page.has_more,
            "next": next_url,
        }
        return Response(api.ChangePageSerializer(data, context=context).data)


class ClaimReviewFeedView(ConditionalGetMixin, APIView):
    """Every published fact-check as schema.org ClaimReview in a DataFeed (Data Commons shape).

    Streamed: the first bytes leave at once and memory stays flat at any archive size. The
    body cannot be hashed before it is sent, so the ETag names the newest change-log row
    instead, and a conditional GET is answered before any claim is read.
    """

    server_cache = False  # streamed: never held whole, in the cache or anywhere else

    @extend_schema(summary="ClaimReview DataFeed (JSON-LD)", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        newest, last_modified = log_head()
        url = request.build_absolute_uri()
        etag = f'"feed-{newest}-{hashlib.sha256(url.encode()).hexdigest()[:12]}"'
        timestamp = int(last_modified.timestamp()) if last_modified else None
        response = get_conditional_response(request, etag=etag, last_modified=timestamp)
        if response is None:
            claims = reviewable_claims().order_by("-published_at", "-id")
            response = StreamingHttpResponse(
                data_feed_json(
                    claims, url=url, date_modified=last_modified, scale=ScaleBounds.current()
                ),
                content_type="application/json",
            )
        response["ETag"] = etag
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return response
