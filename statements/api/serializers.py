"""
What the API shows of each object. Fields are listed one by one; nested objects are small
summaries. Every object has `id`, `url` (this API) and, where the site has a page for it,
`html_url`.
"""

from functools import lru_cache

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from graph.moments import statement_moment
from graph.selectors import RELATION_NAMES, related_claims, relation_prefetches

from ..jsonld import absolute_url
from ..models import (
    Claim,
    ClaimTranslation,
    Correction,
    Rating,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
)
from ..translations import Variant, in_language


def reader_variant(serializer, claim, field: str) -> Variant:
    """The claim's text, conclusion or analysis in the request's language (?lang= or
    Accept-Language, see languages.py), or the original: the API's one place for it."""
    return in_language(claim, field, serializer.context.get("language", settings.LANGUAGE_CODE))


def api_url(request, viewname: str, **kwargs) -> str:
    """The absolute address of an API endpoint; from SITE_URL when there is no request."""
    if list(kwargs) == ["pk"]:
        path = _object_path(viewname, kwargs["pk"])
    else:
        path = reverse(f"api-v1:{viewname}", kwargs=kwargs)
    if request is None:
        return absolute_url(path)
    # What build_absolute_uri() gives for a path reverse() wrote (already URI-safe, starting
    # with "/"), without parsing each of the ~1,500 addresses of a page again.
    try:
        origin = request._api_origin
    except AttributeError:
        origin = request._api_origin = request.build_absolute_uri("/")[:-1]
    return origin + path


# A page of 100 claims names ~500 objects; reversing each address took a third of the time.
# The address of an object is its view's address with the id in place of this marker.
_PK_MARKER = 987654321987654321


def _object_path(viewname: str, pk: int) -> str:
    template = _object_path_template(viewname, get_script_prefix(), get_urlconf())
    return template.replace(str(_PK_MARKER), str(int(pk)))


@lru_cache(maxsize=256)
def _object_path_template(viewname: str, script_prefix: str, urlconf) -> str:
    return reverse(f"api-v1:{viewname}", kwargs={"pk": _PK_MARKER}, urlconf=urlconf)


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The object's own API address."""

    def __init__(self, viewname: str, **kwargs):
        self.viewname = viewname
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return api_url(self.context.get("request"), self.viewname, pk=value.pk)


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The object's page on the public site."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute_url(value.get_absolute_url())


class RatingSummarySerializer(serializers.ModelSerializer):
    url = ApiUrlField("rating-detail")

    class Meta:
        model = Rating
        fields = ["id", "slug", "url", "label", "ordinal", "colour"]


class RatingSerializer(RatingSummarySerializer):
    # The summary (nested in claims) stays as it was before rating models; a rating's own
    # document says which model it belongs to and whether it is a point on the scale.
    scale = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        help_text="The rating model: truth, consistency or promise.",
    )

    class Meta(RatingSummarySerializer.Meta):
        fields = [*RatingSummarySerializer.Meta.fields, "scale", "scored", "description"]


class TopicSummarySerializer(serializers.ModelSerializer):
    url = ApiUrlField("topic-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Topic
        fields = ["id", "slug", "url", "html_url", "name"]


class TopicSerializer(TopicSummarySerializer):
    class Meta(TopicSummarySerializer.Meta):
        fields = [*TopicSummarySerializer.Meta.fields, "description"]


class SpeakerSummarySerializer(serializers.ModelSerializer):
    url = ApiUrlField("speaker-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Speaker
        fields = ["id", "slug", "url", "html_url", "name", "kind"]


class SpeakerSerializer(SpeakerSummarySerializer):
    portrait = serializers.SerializerMethodField()
    # The code, not django-countries' Country object (nor its localised name).
    country = serializers.CharField(
        source="country.code", read_only=True, help_text="Two-letter ISO 3166 code, or empty."
    )

    class Meta(SpeakerSummarySerializer.Meta):
        fields = [
            *SpeakerSummarySerializer.Meta.fields,
            "role",
            "country",
            "wikidata_id",
            "portrait",
            "portrait_credit",
            "bio",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_portrait(self, speaker) -> str | None:
        return absolute_url(speaker.portrait.url) if speaker.portrait else None


class SourceSerializer(serializers.ModelSerializer):
    """A source has no page on the site: `original_url` is where it was published."""

    url = ApiUrlField("source-detail")
    original_url = serializers.CharField(source="url", allow_blank=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "original_url",
            "archived_url",
            "title",
            "publisher",
            "kind",
            "published_at",
        ]


class StatementSummarySerializer(serializers.ModelSerializer):
    """A statement as a claim page shows it: who, in what role, where and when."""

    url = ApiUrlField("statement-detail")
    html_url = HtmlUrlField()
    speaker = SpeakerSummarySerializer()
    speaking_for = SpeakerSummarySerializer(allow_null=True)
    source = SourceSerializer(allow_null=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "html_url",
            "text",
            "quote_type",
            "said_on",
            "language",
            "translation",
            "context",
            "attribution_note",
            "speaker",
            "speaker_role",
            "speaking_for",
            "source",
        ]


class ClaimLinkSerializer(serializers.ModelSerializer):
    url = ApiUrlField("claim-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Claim
        fields = ["id", "slug", "url", "html_url", "text"]


class StanceOnClaimSerializer(serializers.ModelSerializer):
    """A claim a statement bears on, and how."""

    claim = ClaimLinkSerializer()

    class Meta:
        model = Stance
        fields = ["stance", "claim"]


class StatementSerializer(StatementSummarySerializer):
    """A statement with where in its source it was said (docs/graph.md, "Moments")."""

    claims = StanceOnClaimSerializer(source="published_stances", many=True)
    moment_url = serializers.SerializerMethodField(
        help_text="The moment in the source, as the claim page links it: a media fragment "
        "(#t=754,790) or a text fragment (#:~:text=…); null when neither is known."
    )

    class Meta(StatementSummarySerializer.Meta):
        fields = [
            *StatementSummarySerializer.Meta.fields,
            "media_start",
            "media_end",
            "text_start",
            "text_end",
            "moment_url",
            "claims",
        ]
        extra_kwargs = {
            "media_start": {"help_text": "Seconds into the source's audio or video."},
            "media_end": {"help_text": "Seconds into the source's audio or video, if known."},
            "text_start": {"help_text": "Character offset in the source's captured text."},
            "text_end": {"help_text": "Character offset, exclusive, in the captured text."},
        }

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_moment_url(self, statement: Statement) -> str | None:
        moment = statement_moment(statement)
        return moment.url if moment else None


class CorrectionSummarySerializer(serializers.ModelSerializer):
    url = ApiUrlField("correction-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Correction
        fields = ["id", "url", "html_url", "published_at", "text"]


class CorrectionSerializer(CorrectionSummarySerializer):
    claim = ClaimLinkSerializer(source="verdict.claim")

    class Meta(CorrectionSummarySerializer.Meta):
        fields = [*CorrectionSummarySerializer.Meta.fields, "claim"]


class TranslationMarkSerializer(serializers.ModelSerializer):
    """Where a claim's translated texts come from: machine or human, and who reviewed them."""

    reviewed_by = serializers.CharField(source="reviewed_by.__str__")

    class Meta:
        model = ClaimTranslation
        fields = ["language", "origin", "reviewed_by", "reviewed_at"]


class ClaimSerializer(serializers.ModelSerializer):
    """A claim in a list: enough to show a row with its rating."""

    url = ApiUrlField("claim-detail")
    html_url = HtmlUrlField()
    claimreview_url = ApiUrlField("claim-claimreview")
    text = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    conclusion = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField(
        help_text="The language each text is given in: the one asked for, or the original "
        "where no reviewed translation has it."
    )
    translated_fields = ("text", "conclusion")
    topics = TopicSummarySerializer(many=True)
    updated_at = serializers.DateTimeField(
        source="changed_at", help_text="When the claim or anything shown with it last changed."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "slug",
            "url",
            "html_url",
            "claimreview_url",
            "text",
            "rating",
            "conclusion",
            "languages",
            "topics",
            "published_at",
            "updated_at",
        ]

    def get_text(self, claim) -> str:
        return reader_variant(self, claim, "text").text

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "string"}, "example": {"text": "hi"}}
    )
    def get_languages(self, claim):
        return {
            field: reader_variant(self, claim, field).language for field in self.translated_fields
        }

    @extend_schema_field(RatingSummarySerializer(allow_null=True))
    def get_rating(self, claim):
        verdict = _verdict(claim)
        if verdict is None or verdict.rating is None:
            return None
        return self._rating_serializer.to_representation(verdict.rating)

    # Nested serializers built once per serializer, not once per object: building one
    # introspects the model's fields, which cost more than writing the object.
    @cached_property
    def _rating_serializer(self):
        return RatingSummarySerializer(context=self.context)

    def get_conclusion(self, claim) -> str:
        return reader_variant(self, claim, "conclusion").text

    def to_representation(self, instance):
        # The fields above describe the document (OpenAPI); documents.py writes it, faster.
        from .documents import claim_summary

        context = self.context
        return claim_summary(
            instance, context.get("request"), context.get("language", settings.LANGUAGE_CODE)
        )

    def reference_representation(self, instance):
        """DRF's own walk over the declared fields: what documents.py must equal (tests)."""
        return super().to_representation(instance)


def _verdict(claim):
    try:
        return claim.verdict
    except Claim.verdict.RelatedObjectDoesNotExist:
        return None


class RelatedClaimSerializer(serializers.Serializer):
    """A link to another published claim, named from this claim's side (docs/graph.md)."""

    relation = serializers.ChoiceField(RELATION_NAMES)
    claim = ClaimLinkSerializer()


class VerdictSerializer(serializers.Serializer):
    rating = RatingSummarySerializer(allow_null=True)
    conclusion = serializers.CharField()
    analysis = serializers.CharField(help_text="Markdown.")
    evidence = SourceSerializer(many=True, source="evidence.all")


class ClaimDetailSerializer(ClaimSerializer):
    """Everything the claim page shows: verdict, statements side by side, corrections."""

    verdict = serializers.SerializerMethodField()
    stances = serializers.SerializerMethodField()
    corrections = serializers.SerializerMethodField()
    relations = serializers.SerializerMethodField()
    translation = serializers.SerializerMethodField(
        help_text="The reviewed translation the texts come from; null for the original."
    )
    rating = None
    conclusion = None
    translated_fields = ("text", "conclusion", "analysis")

    class Meta(ClaimSerializer.Meta):
        fields = [
            "id",
            "slug",
            "url",
            "html_url",
            "claimreview_url",
            "text",
            "languages",
            "translation",
            "topics",
            "published_at",
            "updated_at",
            "verdict",
            "stances",
            "corrections",
            "relations",
        ]

    @extend_schema_field(TranslationMarkSerializer(allow_null=True))
    def get_translation(self, claim):
        variant = reader_variant(self, claim, "text")
        if variant.translation is None:
            return None
        return TranslationMarkSerializer(variant.translation, context=self.context).data

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim):
        verdict = _verdict(claim)
        if verdict is None:
            return None
        document = self._verdict_serializer.to_representation(verdict)
        for field in ("conclusion", "analysis"):
            document[field] = reader_variant(self, claim, field).text
        return document

    @cached_property
    def _verdict_serializer(self):
        return VerdictSerializer(context=self.context)

    @cached_property
    def _statements_serializer(self):
        return StatementSummarySerializer(many=True, context=self.context)

    @cached_property
    def _corrections_serializer(self):
        return CorrectionSummarySerializer(many=True, context=self.context)

    @extend_schema_field(
        inline_serializer(
            "ClaimStances",
            {kind: StatementSummarySerializer(many=True) for kind in Stance.Kind.values},
        )
    )
    def get_stances(self, claim):
        grouped = {kind: [] for kind in Stance.Kind.values}
        for stance in claim.stances.all():
            grouped[stance.stance].append(stance.statement)
        return {
            kind: self._statements_serializer.to_representation(statements)
            for kind, statements in grouped.items()
        }

    @extend_schema_field(CorrectionSummarySerializer(many=True))
    def get_corrections(self, claim):
        verdict = _verdict(claim)
        corrections = verdict.corrections.all() if verdict else []
        return self._corrections_serializer.to_representation(corrections)

    @extend_schema_field(RelatedClaimSerializer(many=True))
    def get_relations(self, claim):
        if not hasattr(claim, "visible_relations"):  # fetched without claim_documents()
            prefetch_related_objects([claim], *relation_prefetches(Claim.objects.published()))
        return RelatedClaimSerializer(related_claims(claim), many=True, context=self.context).data

    def to_representation(self, instance):
        from .documents import claim_document

        context = self.context
        return claim_document(
            instance, context.get("request"), context.get("language", settings.LANGUAGE_CODE)
        )

    def reference_representation(self, instance):
        """DRF's own walk over the declared fields: what documents.py must equal (tests)."""
        return super(ClaimSerializer, self).to_representation(instance)


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Resume from here with ?since= to skip what is above.")
    claim_id = serializers.IntegerField()
    action = serializers.ChoiceField(["upsert", "delete"])
    reason = serializers.ChoiceField(
        ["unpublished", "retracted", "deleted"],
        allow_null=True,
        help_text="Why a claim left the API; null for an upsert.",
    )
    changed_at = serializers.DateTimeField()
    claim = ClaimDetailSerializer(allow_null=True, help_text="The claim now; null to delete.")


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_since = serializers.CharField(help_text="Pass as ?since= on the next call.")
    has_more = serializers.BooleanField(help_text="True: call again now with next_since.")
    next = serializers.URLField()
