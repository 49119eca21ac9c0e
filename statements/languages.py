"""What a statement's words are in, and where a speaker is from: the content's own lists.

A statement's language is a BCP 47 tag (en, hi, ur, en-GB, pa-Arab…), checked and put in its
canonical form by langcodes; the desk offers the languages newsrooms quote most as a list
(any other valid tag may still be typed). A speaker's country is an ISO 3166 code, chosen
from django-countries' list (statements.models.Speaker.country).

These are the languages of what was *said*, not of the site's interface (settings.LANGUAGES).
"""

import langcodes
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The languages the desk offers first, by tag; names come from langcodes, in English and as
# their speakers write them.
COMMON_LANGUAGES = [
    "en", "hi", "ur", "bn", "pa", "ta", "te", "mr", "gu", "kn", "ml", "or", "as", "ne", "si",
    "ps", "fa", "ar", "he", "tr", "zh", "ja", "ko", "ru", "uk", "fr", "de", "es", "pt", "it",
    "nl", "pl", "sw", "am", "ha", "yo", "ig", "zu", "id", "ms", "th", "vi", "tl",
]  # fmt: skip


def language_name(tag: str) -> str:
    """ "Urdu (اردو)" for "ur"; the tag itself when langcodes has no name for it."""
    try:
        language = langcodes.Language.get(tag)
        english, own = language.display_name("en"), language.autonym()
    except (LookupError, ValueError):
        return tag
    return english if english == own else f"{english} ({own})"


def language_choices() -> list[tuple[str, str]]:
    return [(tag, language_name(tag)) for tag in COMMON_LANGUAGES]


def language_tag_clean(value: str) -> str:
    """The canonical BCP 47 form of what was typed ("EN_gb" → "en-GB", "Urdu" → "ur"),
    or a ValidationError that says what a tag looks like."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Choose the language the words were said in."), code="required")
    try:
        if langcodes.tag_is_valid(value.replace("_", "-")):
            return langcodes.standardize_tag(value.replace("_", "-"))
        # A language's name, in English or in itself ("Urdu", "اردو").
        return langcodes.find(value).to_tag()
    except (LookupError, ValueError):
        pass
    raise ValidationError(
        _("“%(value)s” is not a language tag: use a BCP 47 tag such as en, hi, ur or en-GB."),
        code="invalid",
        params={"value": value},
    )


def validate_language_tag(value: str) -> None:
    if language_tag_clean(value) != value:
        raise ValidationError(
            _("Write the language as its BCP 47 tag, “%(tag)s”."),
            code="not_canonical",
            params={"tag": language_tag_clean(value)},
        )


def text_direction(tag: str) -> str:
    """ "rtl" for a right-to-left language or script (Arabic, Urdu, Hebrew, Persian, pa-Arab…)."""
    try:
        language = langcodes.Language.get(tag).maximize()
    except (LookupError, ValueError):
        language = None
    if language is not None and language.script:
        return "rtl" if language.script in RTL_SCRIPTS else "ltr"
    info = LANG_INFO.get(tag.split("-")[0].lower(), {})
    return "rtl" if info.get("bidi") else "ltr"


# ISO 15924 codes of the scripts written right to left that newsrooms meet.
RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"}
