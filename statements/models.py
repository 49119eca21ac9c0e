"""
The fact-check desk's domain, in the words of DESIGN.md's glossary.

Who said what (Speaker, Statement, Source), the checkable proposition it bears on (Claim,
through Stance), and the desk's ruling on it (Verdict, Rating, Correction). What a reader may
see is decided in one place, `ClaimQuerySet.public()`; every other model's `public()` is
derived from it.
"""

import datetime
import re
import uuid
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .dates import validate_past_date
from .images import ReencodedImageField
from .languages import text_direction, validate_language_tag
from .querysets import (
    ClaimQuerySet,
    ClaimTranslationQuerySet,
    CorrectionQuerySet,
    SourceQuerySet,
    SpeakerQuerySet,
    StanceQuerySet,
    StatementQuerySet,
    TopicQuerySet,
)

HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"
WIKIDATA_ID = r"^Q[1-9][0-9]*$"


def revision_history(
    *, m2m_fields: tuple[str, ...] = (), excluded_fields: tuple[str, ...] = ("updated_at",)
) -> HistoricalRecords:
    """Every change to a content row is kept: who, when, what (docs/desk.md).

    `updated_at` changes on every save, so recording it would only add noise. The edit counter
    is recorded, so that an edit conflict can name what changed since a form was opened; the
    desk's history pages leave it out of the changes they list.
    """
    return HistoricalRecords(excluded_fields=list(excluded_fields), m2m_fields=m2m_fields)


def edit_counter() -> models.PositiveIntegerField:
    """Optimistic locking: a save is refused when the row changed since the form was opened.

    Every model the desk edits has one (docs/desk.md, "No lost edits"); the check is
    `services.edit_conflict_check`, called by the desk's `VersionedForm` and by the services.
    """
    return models.PositiveIntegerField(_("version"), default=1, editable=False)


# A plain slug: what reverse() would write unchanged into an address.
PLAIN_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_SLUG_MARKER = "slug-marker-0c4f1b"


def page_path(viewname: str, slug: str) -> str:
    """reverse(viewname, kwargs={"slug": slug}), from a cached template: a page of 100 API
    claim documents names ~1,000 pages, and reverse() was a third of its time."""
    if not PLAIN_SLUG.match(slug):
        return reverse(viewname, kwargs={"slug": slug})
    template = _page_template(viewname, get_script_prefix(), get_urlconf(), get_language())
    return template.replace(_SLUG_MARKER, slug)


@lru_cache(maxsize=256)
def _page_template(viewname: str, script_prefix: str, urlconf, language) -> str:
    return reverse(viewname, kwargs={"slug": _SLUG_MARKER}, urlconf=urlconf)


class SpeakerKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class SourceKind(models.TextChoices):
    TWEET = "tweet", _("Tweet or social media post")
    SPEECH = "speech", _("Speech")
    PRESS_BRIEFING = "press_briefing", _("Press briefing")
    INTERVIEW = "interview", _("Interview")
    ARTICLE = "article", _("Article")
    BROADCAST = "broadcast", _("Broadcast")
    DOCUMENT = "document", _("Document")


class QuoteType(models.TextChoices):
    DIRECT = "direct", _("Direct quote")
    PARAPHRASE = "paraphrase", _("Paraphrase")
    REPORTED = "reported", _("Reported speech")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


class StanceKind(models.TextChoices):
    ASSERTS = "asserts", _("Asserts")
    DENIES = "denies", _("Denies")
    CONTEXT = "context", _("Context")


class TimeStamped(models.Model):
    """When a row was created and last changed.

    `created_at` takes a default rather than `auto_now_add` so that fixtures, which are
    loaded without calling save(), can omit it.
    """

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class SlugNaturalKeyManager(models.Manager):
    """Finds rows by slug, so fixtures refer to speakers, topics and claims by name."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class UUIDNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, uuid):
        return self.get(uuid=uuid)


class Speaker(TimeStamped):
    """A person or an organisation whose words are recorded (Popolo's Person/Organization)."""

    Kind = SpeakerKind

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PERSON)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_(
            "Current title, e.g. “Prime Minister of Pakistan”. The role held when a "
            "statement was made is recorded on the statement itself."
        ),
    )
    affiliation = models.ForeignKey(
        "self",
        verbose_name=_("affiliation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": Kind.ORGANISATION},
        help_text=_("The organisation this speaker currently belongs to, if any."),
    )
    # Chosen from django-countries' ISO 3166 list; stored as the two-letter code.
    country = CountryField(_("country"), blank=True)
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(WIKIDATA_ID, _("A Wikidata id looks like Q22686."))],
        help_text=_("The Q-number of this speaker on Wikidata, e.g. Q22686."),
    )
    portrait = ReencodedImageField(
        _("portrait"),
        upload_to="speakers/",
        blank=True,
        help_text=_("JPEG, PNG, GIF or WebP; it is re-encoded, dropping its metadata."),
    )
    portrait_credit = models.CharField(
        _("portrait credit"),
        max_length=200,
        blank=True,
        help_text=_("Photographer and licence, shown under the portrait."),
    )
    bio = models.TextField(_("short bio"), blank=True)

    version = edit_counter()
    history = revision_history()

    objects = SlugNaturalKeyManager.from_queryset(SpeakerQuerySet)()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SpeakerKind.values), name="speaker_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID),
                name="speaker_wikidata_id_format",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="speaker_wikidata_id_unique",
            ),
            models.CheckConstraint(
                condition=~Q(affiliation=models.F("pk")), name="speaker_not_own_affiliation"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return page_path("statements:speaker-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


class Source(TimeStamped):
    """Where words appeared, or where evidence lives."""

    Kind = SourceKind

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    url = models.URLField(
        _("URL"),
        max_length=2000,
        blank=True,
        help_text=_("Leave empty only for sources with no address (print, an unrecorded speech)."),
    )
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, help_text=_("Who published it.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, validators=[validate_past_date]
    )
    archived_url = models.URLField(
        _("archived copy"),
        max_length=2000,
        blank=True,
        help_text=_("A copy in a web archive, in case the original changes or disappears."),
    )
    captured_text = models.TextField(
        _("captured text"),
        blank=True,
        help_text=_(
            "The passage as it appeared, copied when the source was recorded. "
            "Quotes are checked against it word for word."
        ),
    )

    version = edit_counter()
    history = revision_history()

    objects = UUIDNaturalKeyManager.from_queryset(SourceQuerySet)()

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "title", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="source_kind_valid",
            ),
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    def natural_key(self):
        return (str(self.uuid),)


class Statement(TimeStamped):
    """Words a speaker said, verbatim where possible."""

    QuoteType = QuoteType

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="statements"
    )
    speaker_role = models.CharField(
        _("speaking as"),
        max_length=200,
        blank=True,
        help_text=_("The speaker's role at the time, e.g. “Spokesperson”."),
    )
    speaking_for = models.ForeignKey(
        Speaker,
        verbose_name=_("speaking for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_on_behalf",
        limit_choices_to={"kind": Speaker.Kind.ORGANISATION},
        help_text=_(
            "The body the speaker spoke for at the time, e.g. India's Ministry of External Affairs."
        ),
    )
    text = models.TextField(
        _("text"), help_text=_("The words as said or, for reported speech, as reported.")
    )
    quote_type = models.CharField(
        _("quote type"), max_length=20, choices=QuoteType, default=QuoteType.DIRECT
    )
    said_on = models.DateField(
        _("said on"),
        validators=[validate_past_date],
        help_text=_("The day the words were said, from 1800 up to today."),
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text=_("Where the words appeared. Required before the claim is published."),
    )
    context = models.CharField(
        _("context"),
        max_length=500,
        blank=True,
        help_text=_("Where and how it was said, e.g. “at the White House with Imran Khan”."),
    )
    attribution_note = models.TextField(
        _("attribution note"),
        blank=True,
        help_text=_(
            "Where sources disagree on who said this, or on the wording, say so here. "
            "Shown to readers."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=35,
        default="en",
        validators=[validate_language_tag],
        help_text=_(
            "The language of the words as said, as a BCP 47 tag: choose from the list or type "
            "one such as en, hi, ur, en-GB."
        ),
    )
    translation = models.TextField(
        _("translation"),
        blank=True,
        help_text=_("Required when the statement is not in the site's language."),
    )
    # Where in the source (docs/graph.md): a moment in its audio or video, or a span of its
    # captured text. The claim page links readers straight to it.
    media_start = models.PositiveIntegerField(
        _("starts at (seconds)"),
        null=True,
        blank=True,
        help_text=_("For audio or video: the second the words begin, e.g. 754 for 12:34."),
    )
    media_end = models.PositiveIntegerField(
        _("ends at (seconds)"),
        null=True,
        blank=True,
        help_text=_("For audio or video: the second the words end. Optional."),
    )
    text_start = models.PositiveIntegerField(
        _("span starts at"),
        null=True,
        blank=True,
        help_text=_(
            "For text: the character in the source's captured text where the words begin "
            "(0 is the first). Leave empty and the quote check finds the words itself."
        ),
    )
    text_end = models.PositiveIntegerField(
        _("span ends at"),
        null=True,
        blank=True,
        help_text=_("For text: the character just after the words end."),
    )

    version = edit_counter()
    history = revision_history()

    objects = UUIDNaturalKeyManager.from_queryset(StatementQuerySet)()

    class Meta:
        ordering = ["said_on", "id"]
        # Statement lists (API, speaker page) in either direction of Meta.ordering.
        indexes = [
            models.Index(fields=["said_on", "id"], name="statement_said_on_id"),
            # A speaker's latest statements, read in index order ("related claims").
            models.Index(fields=["speaker", "-id"], name="statement_speaker_latest"),
        ]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.CheckConstraint(
                condition=Q(quote_type__in=QuoteType.values),
                name="statement_quote_type_valid",
            ),
            models.CheckConstraint(
                condition=~Q(speaking_for=models.F("speaker")),
                name="statement_speaker_not_speaking_for_self",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_not_empty"),
            models.CheckConstraint(
                condition=Q(said_on__gte=datetime.date(1800, 1, 1)), name="statement_said_from_1800"
            ),
            models.CheckConstraint(
                condition=Q(media_end__isnull=True)
                | Q(media_start__isnull=False, media_end__gt=models.F("media_start")),
                name="statement_media_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(text_start__isnull=True, text_end__isnull=True)
                | Q(
                    text_start__isnull=False,
                    text_end__isnull=False,
                    text_end__gt=models.F("text_start"),
                ),
                name="statement_text_span_ordered",
            ),
        ]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 60 else f"{self.text[:59]}…"
        return f"{self.speaker}: “{words}”"

    def get_absolute_url(self) -> str:
        return f"{self.speaker.get_absolute_url()}#statement-{self.pk}"

    def clean(self):
        errors = {}
        # The site's language, not a fixed "en", so that a newsroom publishing in another
        # language gets the same rule; that is why this is not a database constraint.
        site_language = settings.LANGUAGE_CODE.split("-")[0]
        if self.language.split("-")[0] != site_language and not self.translation.strip():
            errors["translation"] = _(
                "Give a translation: this statement is not in the site's language."
            )
        captured = self.source.captured_text if self.source_id is not None else ""
        if self.text_end is not None and self.text_end > len(captured):
            errors["text_end"] = _("The span runs past the end of the source's captured text.")
        if errors:
            raise ValidationError(errors)

    def natural_key(self):
        return (str(self.uuid),)

    natural_key.dependencies = ["statements.speaker", "statements.source"]

    @property
    def text_direction(self) -> str:
        """ "rtl" for a right-to-left language (Arabic, Urdu, Hebrew, Persian…), for `dir`."""
        return text_direction(self.language)


class Topic(TimeStamped):
    """A subject that groups claims, e.g. “Kashmir”."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    version = edit_counter()
    history = revision_history()

    objects = SlugNaturalKeyManager.from_queryset(TopicQuerySet)()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return page_path("statements:topic-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


# The shipped scale's words (migration 0002), so that makemessages puts them in the catalogues
# and readers see them in their language; a label or description the desk writes itself is
# shown as written.
SHIPPED_SCALE_WORDS = [
    gettext_noop("False"),
    gettext_noop("The claim is inaccurate."),
    gettext_noop("Mostly false"),
    gettext_noop(
        "The claim contains an element of truth but ignores facts that would give a different "
        "impression."
    ),
    gettext_noop("Half true"),
    gettext_noop(
        "The claim is partially accurate but leaves out important details or takes things out "
        "of context."
    ),
    gettext_noop("Mostly true"),
    gettext_noop("The claim is accurate but needs clarification or additional information."),
    gettext_noop("True"),
    gettext_noop("The claim is accurate and nothing significant is missing."),
    # The rating models of migration 0013, and the steps of the consistency and promise scales.
    gettext_noop("Truth"),
    gettext_noop("Is it accurate?"),
    gettext_noop(
        "Most claims are rated on this scale: how accurate the claim is, on the evidence."
    ),
    gettext_noop("Consistency"),
    gettext_noop("Did the speaker change their position?"),
    gettext_noop(
        "For a speaker who said one thing and later another: whether, and how far, they "
        "reversed themselves. It rates the consistency of the positions, not whether either "
        "was right."
    ),
    gettext_noop("Promise"),
    gettext_noop("Was the promise kept?"),
    gettext_noop("For what a speaker said they would do: where the promise stands now."),
    gettext_noop("Full Flop"),
    gettext_noop("A complete change in position."),
    gettext_noop("Half Flip"),
    gettext_noop("A partial change in position."),
    gettext_noop("No Flip"),
    gettext_noop("No significant change in position."),
    gettext_noop("Promise Broken"),
    gettext_noop("The promise was not kept: it was abandoned, or it failed."),
    gettext_noop("Stalled"),
    gettext_noop("No progress, because of a lack of money, opposition or other priorities."),
    gettext_noop("In the Works"),
    gettext_noop("The promise has been acted on and is making progress."),
    gettext_noop("Compromise"),
    gettext_noop("The promise was kept in part: less than was promised, but substantial."),
    gettext_noop("Promise Kept"),
    gettext_noop("The promise was kept, or largely kept."),
    gettext_noop("Not Yet Rated"),
    gettext_noop("We have not rated it yet: there is no action on it to judge."),
]


def _in_reader_language(text: str) -> str:
    # gettext("") is the catalogue's header, not an empty string.
    return gettext(text) if text else text


class RatingScaleManager(SlugNaturalKeyManager):
    def truth(self) -> "RatingScale":
        """The truth scale: what most claims are checked under, and every claim by default."""
        return self.get(slug=RatingScale.TRUTH)

    def consistency(self) -> "RatingScale":
        """The consistency scale, for reversals found in the stance graph (docs/graph.md)."""
        return self.get(slug=RatingScale.CONSISTENCY)

    def promise(self) -> "RatingScale":
        return self.get(slug=RatingScale.PROMISE)


class RatingScale(TimeStamped):
    """A rating model: the scale a claim is checked under, with its own ratings.

    Three ship with the site (docs/site.md, "Rating models"): truth (is it accurate?),
    consistency (did the speaker reverse themselves?) and promise (was it kept?). Each has its
    own steps, colours and ClaimReview mapping; a claim's verdict takes a rating of its scale.
    """

    TRUTH = "truth"
    CONSISTENCY = "consistency"
    PROMISE = "promise"

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        help_text=_("Used in filter addresses such as /claims/?scale=truth. Keep it stable."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=1, help_text=_("Order of the scales on the methodology page.")
    )
    question = models.CharField(
        _("question"),
        max_length=200,
        blank=True,
        help_text=_("The question a rating on this scale answers, e.g. “Is it accurate?”."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What this scale is for, shown above its ratings on the methodology page."),
    )

    version = edit_counter()
    history = revision_history()

    objects = RatingScaleManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("rating model")
        verbose_name_plural = _("rating models")

    def __str__(self) -> str:
        return self.translated_name

    def get_absolute_url(self) -> str:
        return f"{reverse('pages:methodology')}#scale-{self.slug}"

    # The shipped scales' words are in the catalogues (SHIPPED_SCALE_WORDS); words the desk
    # writes itself are shown as written.
    @property
    def translated_name(self) -> str:
        return _in_reader_language(self.name)

    @property
    def translated_question(self) -> str:
        return _in_reader_language(self.question)

    @property
    def translated_description(self) -> str:
        return _in_reader_language(self.description)

    def natural_key(self):
        return (self.slug,)


def truth_scale_id() -> int | None:
    """The default scale of a new claim or rating: the truth scale, as before rating models."""
    return RatingScale.objects.filter(slug=RatingScale.TRUTH).values_list("pk", flat=True).first()


class Rating(TimeStamped):
    """One step of a rating scale.

    `ordinal` orders its scale from worst (lowest) to best (highest); ClaimReview's
    ratingValue, worstRating and bestRating are read from it, among the scale's scored steps.
    """

    scale = models.ForeignKey(
        RatingScale,
        verbose_name=_("rating model"),
        on_delete=models.PROTECT,
        related_name="ratings",
        default=truth_scale_id,
    )
    label = models.CharField(_("label"), max_length=50)
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        help_text=_("Used in filter addresses such as /claims/?rating=false. Keep it stable."),
    )
    ordinal = models.PositiveSmallIntegerField(
        _("position on the scale"),
        help_text=_("1 is the worst rating; higher numbers are better."),
    )
    scored = models.BooleanField(
        _("scored"),
        default=True,
        help_text=_(
            "Untick for a step that is not a judgement, such as “Not Yet Rated”: search "
            "engines are then given its name without a value on the scale."
        ),
    )
    description = models.TextField(
        _("description"), help_text=_("What this rating means, shown on the methodology page.")
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[RegexValidator(HEX_COLOUR, _("Use a colour like #1b5e20."))],
        help_text=_("Badge colour as #RRGGBB. Readers see white text on it: keep it dark."),
    )

    version = edit_counter()
    history = revision_history()

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["scale__position", "scale_id", "ordinal", "id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ordinal__gte=1),
                name="rating_ordinal_positive",
                violation_error_message=_("The position on the scale starts at 1 (the worst)."),
            ),
            models.CheckConstraint(condition=Q(colour__regex=HEX_COLOUR), name="rating_colour_hex"),
            models.UniqueConstraint(
                fields=["scale", "ordinal"],
                name="rating_ordinal_unique_per_scale",
                violation_error_message=_(
                    "Another rating of this scale already has this position: give each its own."
                ),
            ),
            models.UniqueConstraint(
                fields=["scale", "label"],
                name="rating_label_unique_per_scale",
                violation_error_message=_("Another rating of this scale already has this label."),
            ),
        ]

    def __str__(self) -> str:
        return self.translated_label

    @property
    def translated_label(self) -> str:
        """The label in the active language where the catalogues have it (the shipped scale)."""
        return _in_reader_language(self.label)

    @property
    def translated_description(self) -> str:
        """The description in the active language where the catalogues have it."""
        return _in_reader_language(self.description)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        # Readers see the label in white on the colour: WCAG AA asks 4.5:1 for text.
        if re.fullmatch(HEX_COLOUR, self.colour or ""):
            ratio = contrast_ratio("#ffffff", self.colour)
            if ratio < WCAG_AA_TEXT:
                raise ValidationError(
                    {
                        "colour": _(
                            "White text on %(colour)s has a contrast of %(ratio).2f:1; readers "
                            "need at least 4.5:1 (WCAG AA). Choose a darker colour."
                        )
                        % {"colour": self.colour, "ratio": ratio}
                    }
                )


WCAG_AA_TEXT = 4.5


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def rating_scale_check(*, rating: Rating, scale_id: int | None) -> None:
    """Raise unless `rating` is a step of the scale `scale_id` (a claim's rating model)."""
    if scale_id is None or rating.scale_id == scale_id:
        return
    scale = RatingScale.objects.get(pk=scale_id)
    choices = ", ".join(f"“{label}”" for label in scale.ratings.values_list("label", flat=True))
    raise ValidationError(
        {
            "rating": _(
                "“%(rating)s” is a rating of the %(other)s scale, but this claim is checked on "
                "the %(scale)s scale. Choose one of %(choices)s, or change the claim's rating "
                "model."
            )
            % {
                "rating": rating.label,
                "other": rating.scale.name,
                "scale": scale.name,
                "choices": choices,
            }
        }
    )


class Claim(TimeStamped):
    """One checkable proposition: the unit that is drafted, reviewed and published."""

    Status = ClaimStatus

    # A retracted claim stays up with its notice, like a correction (DESIGN.md).
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)

    text = models.CharField(
        _("claim"),
        max_length=500,
        help_text=_(
            "One checkable proposition, stated plainly, e.g. “Narendra Modi asked Donald "
            "Trump to mediate on Kashmir”."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "Part of the public address. Once published, a change redirects from the old one."
        ),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="claims", blank=True
    )
    statements = models.ManyToManyField(
        Statement, through="Stance", verbose_name=_("statements"), related_name="claims"
    )
    scale = models.ForeignKey(
        RatingScale,
        verbose_name=_("rating model"),
        on_delete=models.PROTECT,
        related_name="claims",
        default=truth_scale_id,
        help_text=_(
            "What the verdict rates: truth (is it accurate?), consistency (did the speaker "
            "reverse themselves?) or a promise (was it kept?). The rating must be one of its."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    retracted_at = models.DateTimeField(_("retracted at"), null=True, blank=True)
    retraction_notice = models.TextField(
        _("retraction notice"), blank=True, help_text=_("Why the fact-check was retracted.")
    )
    revised_at = models.DateTimeField(
        _("updated at (public)"),
        null=True,
        blank=True,
        help_text=_(
            "When readers were last told of a change: the latest correction, clarification or "
            "update. Minor edits leave it alone. Shown as “Updated” and as dateModified."
        ),
    )
    # The desk's workflow: who works on it, who reviews it, and when each stage began.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fact-checker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims_assigned",
        help_text=_("The fact-checker researching and writing this claim."),
    )
    review_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewing editor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims_to_review",
        help_text=_("The editor asked to review it. Any other editor may review it too."),
    )
    submitted_at = models.DateTimeField(
        _("submitted for review at"), null=True, blank=True, editable=False
    )
    returned_reason = models.TextField(
        _("returned with"),
        blank=True,
        editable=False,
        help_text=_("Why an editor last sent it back to draft. Cleared when it is resubmitted."),
    )

    version = edit_counter()
    history = revision_history(m2m_fields=("topics",))

    objects = SlugNaturalKeyManager.from_queryset(ClaimQuerySet)()

    class Meta:
        # Newest first, with unpublished claims after, the same on PostgreSQL and SQLite.
        ordering = [models.F("published_at").desc(nulls_last=True), "-id"]
        indexes = [
            # "-published_at", "-id" (API, related claims) backwards; "oldest" forwards.
            # Meta.ordering itself (DESC NULLS LAST) has its own index, claim_newest_first,
            # created on PostgreSQL only by migration 0009: SQLite cannot index NULLS LAST.
            models.Index(fields=["published_at", "id"], name="claim_published_at_id"),
            # The API's and the DataFeed's published claims, newest first: on the index above
            # PostgreSQL's DESC puts the drafts' NULL dates first, and the API list walked past
            # every draft (37,551 of them, 80 ms, at a million statements) before its first row.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status=ClaimStatus.PUBLISHED),
                name="claim_published_newest",
            ),
        ]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [("publish_claim", _("Can publish, retract and correct claims"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="claim_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW])
                | Q(published_at__isnull=False),
                name="claim_public_has_published_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.RETRACTED)
                | (Q(retracted_at__isnull=False) & ~Q(retraction_notice="")),
                name="claim_retracted_has_notice",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return page_path("statements:claim-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        # A rated claim keeps the scale its rating belongs to (Verdict.clean says the rest).
        if self.pk is not None and self.scale_id is not None:
            rating = Rating.objects.filter(verdicts__claim=self).select_related("scale").first()
            if rating is not None and rating.scale_id != self.scale_id:
                raise ValidationError(
                    {
                        "scale": _(
                            "The verdict is rated “%(rating)s” on the %(scale)s scale: change "
                            "the rating first, or keep this rating model."
                        )
                        % {"rating": rating.label, "scale": rating.scale.name}
                    }
                )

    @property
    def is_public(self) -> bool:
        """This claim as `Claim.objects.public()` decides."""
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_live(self) -> bool:
        """This claim as `Claim.objects.published()` decides: public, and not retracted."""
        return self.status == self.Status.PUBLISHED


class ClaimRedirect(models.Model):
    """A slug a published claim used to have, so that old links keep working."""

    old_slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["old_slug", "id"]
        verbose_name = _("claim redirect")
        verbose_name_plural = _("claim redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.claim.slug}"

    def get_absolute_url(self) -> str:
        return self.claim.get_absolute_url()


class StanceManager(models.Manager.from_queryset(StanceQuerySet)):
    def get_by_natural_key(self, statement_uuid, claim_slug):
        return self.get(statement__uuid=statement_uuid, claim__slug=claim_slug)


class Stance(TimeStamped):
    """How one statement bears on one claim."""

    Kind = StanceKind

    statement = models.ForeignKey(
        Statement, verbose_name=_("statement"), on_delete=models.PROTECT, related_name="stances"
    )
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="stances"
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Kind)

    version = edit_counter()
    history = revision_history()

    objects = StanceManager()

    class Meta:
        ordering = ["claim", "statement__said_on", "id"]
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        constraints = [
            models.UniqueConstraint(fields=["statement", "claim"], name="stance_one_per_statement"),
            models.CheckConstraint(
                condition=Q(stance__in=StanceKind.values), name="stance_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement.speaker} {self.get_stance_display().lower()}: {self.claim}"

    def get_absolute_url(self) -> str:
        return self.claim.get_absolute_url()

    def natural_key(self):
        return (str(self.statement.uuid), self.claim.slug)

    natural_key.dependencies = ["statements.statement", "statements.claim"]


class VerdictManager(models.Manager):
    def get_by_natural_key(self, claim_slug):
        return self.get(claim__slug=claim_slug)


class Verdict(TimeStamped):
    """The desk's ruling on a claim. A claim has at most one."""

    claim = models.OneToOneField(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="verdict"
    )
    rating = models.ForeignKey(
        Rating,
        verbose_name=_("rating"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts",
        help_text=_("Required before the claim is published."),
    )
    conclusion = models.CharField(
        _("conclusion"),
        max_length=300,
        blank=True,
        help_text=_("The ruling in one sentence. Required before the claim is published."),
    )
    analysis = models.TextField(
        _("analysis"), blank=True, help_text=_("The full reasoning, in Markdown.")
    )
    evidence = models.ManyToManyField(
        Source,
        through="Evidence",
        verbose_name=_("evidence"),
        related_name="evidence_for",
        blank=True,
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authors"),
        related_name="verdicts_written",
        blank=True,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts_reviewed",
        help_text=_("The editor who approved it for publication."),
    )

    version = edit_counter()
    # Evidence keeps its own history (its table is a model of its own, see Evidence).
    history = revision_history(m2m_fields=("authors",))

    objects = VerdictManager()

    class Meta:
        ordering = ["claim", "id"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")

    def __str__(self) -> str:
        return f"{self.rating or _('Unrated')}: {self.claim}"

    def get_absolute_url(self) -> str:
        return self.claim.get_absolute_url()

    def clean(self):
        # The one rule that a verdict rates its claim on the claim's own scale; the desk's
        # forms and the services both reach it through full_clean().
        claim = getattr(self, "claim", None)
        if self.rating is not None and claim is not None:
            rating_scale_check(rating=self.rating, scale_id=claim.scale_id)

    def natural_key(self):
        return (self.claim.slug,)

    natural_key.dependencies = ["statements.claim", "statements.rating", "statements.source"]


class EvidenceManager(models.Manager):
    def get_by_natural_key(self, claim_slug, source_uuid):
        return self.get(verdict__claim__slug=claim_slug, source__uuid=source_uuid)


class Evidence(models.Model):
    """A source a verdict rests on.

    An explicit through table so that a source cited as evidence cannot be deleted from under
    a verdict (PROTECT), as a source quoted by a statement cannot.
    """

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence_links")
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="evidence_links"
    )

    history = revision_history(excluded_fields=())

    objects = EvidenceManager()

    class Meta:
        ordering = ["verdict", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(fields=["verdict", "source"], name="evidence_cited_once"),
        ]

    def __str__(self) -> str:
        return str(self.source)

    def natural_key(self):
        return (self.verdict.claim.slug, str(self.source.uuid))

    natural_key.dependencies = ["statements.verdict", "statements.source"]


class CorrectionKind(models.TextChoices):
    # The three words the IFCN's signatories use: an error fixed, an ambiguity removed,
    # new facts added.
    CORRECTION = "correction", _("Correction")
    CLARIFICATION = "clarification", _("Clarification")
    UPDATE = "update", _("Update")


class Correction(TimeStamped):
    """A dated public note on a published verdict: what changed and why. Kept forever."""

    Kind = CorrectionKind

    verdict = models.ForeignKey(
        Verdict, verbose_name=_("verdict"), on_delete=models.PROTECT, related_name="corrections"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION, db_index=True
    )
    # What the ruling said before and after, captured from the verdict's history when the
    # correction was made, so readers and the desk see both even after later edits.
    rating_before = models.CharField(_("rating before"), max_length=50, blank=True, editable=False)
    rating_after = models.CharField(_("rating after"), max_length=50, blank=True, editable=False)
    conclusion_before = models.CharField(
        _("conclusion before"), max_length=300, blank=True, editable=False
    )
    conclusion_after = models.CharField(
        _("conclusion after"), max_length=300, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    text = models.TextField(_("correction"), help_text=_("What changed, and why."))

    version = edit_counter()
    history = revision_history()

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "id"]
        # The corrections page and the home page's latest corrections, newest first.
        indexes = [models.Index(fields=["published_at", "id"], name="correction_published_at_id")]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="correction_text_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values), name="correction_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verdict.claim} ({self.published_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return f"{self.verdict.claim.get_absolute_url()}#correction-{self.pk}"


class TranslationOrigin(models.TextChoices):
    MACHINE = "machine", _("Machine translation")
    HUMAN = "human", _("Human translation")


def translation_languages() -> list[tuple[str, str]]:
    """The site's languages a claim can be translated into: all but the one it is written in."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class ClaimTranslation(TimeStamped):
    """A claim's text, and its verdict's conclusion and analysis, in one more language.

    Readers of that language see it once an editor has reviewed it and the claim is public
    (`ClaimTranslationQuerySet.public()`); until then they see the original with a note.
    Edited like any public text (services.claim_translation_save).
    """

    Origin = TranslationOrigin

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(
        _("language"), max_length=15, choices=translation_languages, db_index=True
    )
    text = models.CharField(_("claim"), max_length=500, help_text=_("The claim, translated."))
    conclusion = models.CharField(
        _("conclusion"),
        max_length=300,
        blank=True,
        help_text=_("The verdict's conclusion, translated. Empty: readers see the original."),
    )
    analysis = models.TextField(
        _("analysis"),
        blank=True,
        help_text=_(
            "The verdict's analysis, translated, in Markdown. Empty: readers see the original."
        ),
    )
    origin = models.CharField(
        _("origin"),
        max_length=10,
        choices=TranslationOrigin,
        help_text=_(
            "Machine: a translation service wrote it. Human: a person did. Readers see which."
        ),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="translations_reviewed",
        help_text=_("The editor who checked it against the original. Readers see it only then."),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)

    version = edit_counter()
    history = revision_history()

    objects = ClaimTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "language", "id"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "language"], name="claim_translation_one_per_language"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=TranslationOrigin.values),
                name="claim_translation_origin_valid",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="claim_translation_text_not_empty"),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | Q(reviewed_at__isnull=False),
                name="claim_translation_reviewed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} [{self.language}]"

    def get_absolute_url(self) -> str:
        return reverse("statements:claim-detail", kwargs={"slug": self.claim.slug})

    def clean(self):
        if self.language == settings.LANGUAGE_CODE:
            raise ValidationError(
                {"language": _("The claim itself is in this language: pick another one.")}
            )


class ClaimNote(models.Model):
    """A note the desk leaves on a claim for each other. Never public."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="claim_notes",
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_note_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("admin:statements_claim_change", args=[self.claim_id])


# The API's change log lives in its own module; imported here so Django finds the model.
from .changelog import ClaimChange  # noqa: E402, F401
