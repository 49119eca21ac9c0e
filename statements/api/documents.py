"""
The claim documents of the API, written as plain dictionaries: one builder for the claim list,
the claim detail and /changes/ (their serializers call it from `to_representation`).

DRF's serializers walk ~60 field objects per claim (~100 nested objects on a page of 100);
that machinery was most of the API's time (3.6x a raw SQL + JSON of the same rows for a list,
31x for one document). The serializers in serializers.py stay the reference: they declare the
fields for the OpenAPI schema, and tests/test_api_documents.py asserts this builder gives
exactly what they would. Values are formatted by DRF's own field classes, so a date or a
date-time reads the same as before.

Two things are read in one place each, so that a later change is a one-place change:
`translated()` gives a claim's text, conclusion and analysis in the reader's language (through
`statements.translations.in_language`, as the site does), and `rating_summary()` writes a rating.
"""

from django.conf import settings
from django.db.models import prefetch_related_objects
from rest_framework import fields

from graph.selectors import related_claims, relation_prefetches

from ..jsonld import absolute_url
from ..models import Claim, Stance
from ..translations import Variant, in_language
from .serializers import api_url

_datetime = fields.DateTimeField()
_date = fields.DateField()
STANCE_KINDS = tuple(Stance.Kind.values)


def _when(value):
    return None if value is None else _datetime.to_representation(value)


def _day(value):
    return None if value is None else _date.to_representation(value)


def translated(claim, field: str, language: str) -> Variant:
    """A claim's `text`, its verdict's `conclusion` or `analysis` as a reader of `language` gets
    it: the reviewed translation, or the original (the Variant names which)."""
    return in_language(claim, field, language)


def translation_mark(variant: Variant) -> dict | None:
    """Where translated texts come from (TranslationMarkSerializer); None for the original."""
    translation = variant.translation
    if translation is None:
        return None
    return {
        "language": translation.language,
        "origin": translation.origin,
        "reviewed_by": str(translation.reviewed_by),
        "reviewed_at": _when(translation.reviewed_at),
    }


def verdict_of(claim):
    try:
        return claim.verdict
    except Claim.verdict.RelatedObjectDoesNotExist:
        return None


def rating_summary(rating, request) -> dict | None:
    """A rating as every claim document names it (RatingSummarySerializer)."""
    if rating is None:
        return None
    return {
        "id": rating.pk,
        "slug": rating.slug,
        "url": api_url(request, "rating-detail", pk=rating.pk),
        "label": str(rating.label),
        "ordinal": rating.ordinal,
        "colour": rating.colour,
    }


def topic_summary(topic, request) -> dict:
    return {
        "id": topic.pk,
        "slug": topic.slug,
        "url": api_url(request, "topic-detail", pk=topic.pk),
        "html_url": absolute_url(topic.get_absolute_url()),
        "name": topic.name,
    }


def speaker_summary(speaker, request) -> dict | None:
    if speaker is None:
        return None
    return {
        "id": speaker.pk,
        "slug": speaker.slug,
        "url": api_url(request, "speaker-detail", pk=speaker.pk),
        "html_url": absolute_url(speaker.get_absolute_url()),
        "name": speaker.name,
        "kind": speaker.kind,
    }


def source_document(source, request) -> dict | None:
    if source is None:
        return None
    return {
        "id": source.pk,
        "url": api_url(request, "source-detail", pk=source.pk),
        "original_url": source.url,
        "archived_url": source.archived_url,
        "title": source.title,
        "publisher": source.publisher,
        "kind": source.kind,
        "published_at": _when(source.published_at),
    }


def statement_summary(statement, request) -> dict:
    return {
        "id": statement.pk,
        "url": api_url(request, "statement-detail", pk=statement.pk),
        "html_url": absolute_url(statement.get_absolute_url()),
        "text": statement.text,
        "quote_type": statement.quote_type,
        "said_on": _day(statement.said_on),
        "language": statement.language,
        "translation": statement.translation,
        "context": statement.context,
        "attribution_note": statement.attribution_note,
        "speaker": speaker_summary(statement.speaker, request),
        "speaker_role": statement.speaker_role,
        "speaking_for": speaker_summary(statement.speaking_for, request),
        "source": source_document(statement.source, request),
    }


def claim_link(claim, request) -> dict:
    return {
        "id": claim.pk,
        "slug": claim.slug,
        "url": api_url(request, "claim-detail", pk=claim.pk),
        "html_url": absolute_url(claim.get_absolute_url()),
        "text": claim.text,
    }


def _claim_head(claim, request, text: Variant) -> dict:
    return {
        "id": claim.pk,
        "slug": claim.slug,
        "url": api_url(request, "claim-detail", pk=claim.pk),
        "html_url": absolute_url(claim.get_absolute_url()),
        "claimreview_url": api_url(request, "claim-claimreview", pk=claim.pk),
        "text": text.text,
    }


def claim_summary(claim, request, language: str = settings.LANGUAGE_CODE) -> dict:
    """A claim in a list (ClaimSerializer): enough to show a row with its rating."""
    verdict = verdict_of(claim)
    text, conclusion = (translated(claim, field, language) for field in ("text", "conclusion"))
    return {
        **_claim_head(claim, request, text),
        "rating": rating_summary(verdict.rating if verdict else None, request),
        "conclusion": conclusion.text,
        "languages": {"text": text.language, "conclusion": conclusion.language},
        "topics": [topic_summary(topic, request) for topic in claim.topics.all()],
        "published_at": _when(claim.published_at),
        "updated_at": _when(claim.changed_at),
    }


def claim_document(claim, request, language: str = settings.LANGUAGE_CODE) -> dict:
    """Everything the claim page shows (ClaimDetailSerializer), from `claim_documents()`."""
    verdict = verdict_of(claim)
    texts = {
        field: translated(claim, field, language) for field in ("text", "conclusion", "analysis")
    }
    stances = {kind: [] for kind in STANCE_KINDS}
    for stance in claim.stances.all():
        stances[stance.stance].append(statement_summary(stance.statement, request))
    if not hasattr(claim, "visible_relations"):  # fetched without claim_documents()
        prefetch_related_objects([claim], *relation_prefetches(Claim.objects.published()))
    return {
        **_claim_head(claim, request, texts["text"]),
        "languages": {field: variant.language for field, variant in texts.items()},
        "translation": translation_mark(texts["text"]),
        "topics": [topic_summary(topic, request) for topic in claim.topics.all()],
        "published_at": _when(claim.published_at),
        "updated_at": _when(claim.changed_at),
        "verdict": None
        if verdict is None
        else {
            "rating": rating_summary(verdict.rating, request),
            "conclusion": texts["conclusion"].text,
            "analysis": texts["analysis"].text,
            "evidence": [source_document(source, request) for source in verdict.evidence.all()],
        },
        "stances": stances,
        "corrections": [
            {
                "id": correction.pk,
                "url": api_url(request, "correction-detail", pk=correction.pk),
                "html_url": absolute_url(correction.get_absolute_url()),
                "published_at": _when(correction.published_at),
                "text": correction.text,
            }
            for correction in (verdict.corrections.all() if verdict else [])
        ],
        "relations": [
            {"relation": related.relation, "claim": claim_link(related.claim, request)}
            for related in related_claims(claim)
        ],
    }
