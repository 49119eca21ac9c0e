"""
Which language a reader gets each text of a claim in: the one place that picks a claim's
reviewed translation or falls back, visibly, to the original (docs/site.md, "Languages").

Pages, feeds, the API and ClaimReview all ask `in_language()`; none reads a translation's
fields itself. A page of one claim fetches it with `translations_prefetch()`: one query
whatever the language (for the original language it finds nothing). Lists of claims are
annotated instead (`with_translated_summary()`: the translated text and conclusion as
subqueries of the list's own query), so a list costs the same number of queries in every
language and no more than before translations existed.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import get_language, get_language_info

from .models import Claim, ClaimTranslation

# The fields a ClaimTranslation translates, and where each original lives.
TRANSLATED_FIELDS = ("text", "conclusion", "analysis")
READER_TRANSLATIONS = "reader_translations"


@dataclass(frozen=True)
class Variant:
    """One text as a reader gets it: the words, their language, and where they came from."""

    text: str
    language: str
    requested: str
    translation: ClaimTranslation | None = None

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def is_fallback(self) -> bool:
        """The reader asked for another language and gets the original instead."""
        return self.language != self.requested

    @property
    def direction(self) -> str:
        return "rtl" if get_language_info(self.language)["bidi"] else "ltr"


def content_languages() -> list[str]:
    """The languages readers may ask for: the site's, the original first."""
    return [code for code, _name in settings.LANGUAGES]


def reader_language() -> str:
    """The language of the page being rendered (the /hi/ or /ur/ prefix, or the API's ?lang=)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in content_languages() else settings.LANGUAGE_CODE


def translations_prefetch(language: str) -> Prefetch:
    """The reviewed translation of each claim into `language`, as `reader_translations`."""
    return Prefetch(
        "translations",
        queryset=ClaimTranslation.objects.reviewed()
        .filter(language=language)
        .select_related("reviewed_by"),
        to_attr=READER_TRANSLATIONS,
    )


# The fields a list of claims shows, annotated as `translated_<field>` by the function below.
SUMMARY_FIELDS = ("text", "conclusion")


def with_translated_summary(claims: QuerySet, language: str) -> QuerySet:
    """`claims` with `translated_text` and `translated_conclusion` in `language` (None where
    there is no reviewed translation); unchanged for the original language."""
    if language == settings.LANGUAGE_CODE:
        return claims
    reviewed = ClaimTranslation.objects.reviewed().filter(claim=OuterRef("pk"), language=language)
    return claims.annotate(
        **{f"translated_{field}": Subquery(reviewed.values(field)[:1]) for field in SUMMARY_FIELDS}
    )


def translation_for(claim: Claim, language: str) -> ClaimTranslation | None:
    """The claim's reviewed translation into `language`, or None; from the prefetch if made."""
    if language == settings.LANGUAGE_CODE:
        return None
    prefetched = getattr(claim, READER_TRANSLATIONS, None)
    if prefetched is None:
        prefetched = list(
            claim.translations.reviewed().filter(language=language).select_related("reviewed_by")
        )
        setattr(claim, READER_TRANSLATIONS, prefetched)
    return next((t for t in prefetched if t.language == language), None)


def _original(claim: Claim, field: str) -> str:
    if field == "text":
        return claim.text
    try:
        verdict = claim.verdict
    except Claim.verdict.RelatedObjectDoesNotExist:
        return ""
    return getattr(verdict, field)


def in_language(claim: Claim, field: str, language: str | None = None) -> Variant:
    """The claim's `field` ("text", "conclusion" or "analysis") as a reader of `language`
    gets it: the reviewed translation when it has that text, else the original.

    A translation that leaves the conclusion or analysis empty falls back field by field.
    """
    if field not in TRANSLATED_FIELDS:
        raise ValueError(f"{field!r} is not translated")
    language = language or reader_language()
    if language == settings.LANGUAGE_CODE:
        return Variant(_original(claim, field), language, language)
    annotated = f"translated_{field}"
    if hasattr(claim, annotated) and not hasattr(claim, READER_TRANSLATIONS):
        # A claim of a list (with_translated_summary): the words, without the review mark.
        words = getattr(claim, annotated) or ""
        if words.strip():
            return Variant(words, language, language)
        return Variant(_original(claim, field), settings.LANGUAGE_CODE, language)
    translation = translation_for(claim, language)
    if translation is not None and getattr(translation, field).strip():
        return Variant(getattr(translation, field), language, language, translation)
    return Variant(_original(claim, field), settings.LANGUAGE_CODE, language)
