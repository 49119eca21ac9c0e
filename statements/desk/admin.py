"""
The fact-checkers' desk (docs/desk.md).

Every write that the workflow cares about goes through `statements.services`; this module
only turns requests into calls and errors into messages.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from .. import scales, selectors, services
from ..models import (
    Claim,
    ClaimRedirect,
    ClaimTranslation,
    Correction,
    Rating,
    RatingScale,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)
from . import presence
from .forms import (
    ClaimForm,
    ClaimTranslationForm,
    CorrectionAdminForm,
    NoteForm,
    PublicTextForm,
    RatingForm,
    RetractForm,
    ReturnForm,
    ScaleRatingForm,
    ScaleRatingFormSet,
    SpeakerForm,
    StatementForm,
    VerdictForm,
    VersionedForm,
)


def error_messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error) or str(_("You may not do that."))]


def status_badge(claim: Claim) -> str:
    return format_html(
        '<span class="desk-badge desk-status-{}">{}</span>',
        claim.status,
        claim.get_status_display(),
    )


def rating_badge(rating: Rating | None) -> str:
    if rating is None:
        return format_html('<span class="desk-badge desk-unrated">{}</span>', _("Unrated"))
    # The colour is applied by admin.js: the CSP forbids style attributes.
    return format_html(
        '<span class="desk-badge desk-rating" data-colour="{}">{}</span>', rating.colour, rating
    )


def verdict_byline(verdict: Verdict) -> str:
    if verdict.pk is None:
        return _("Whoever writes the verdict")
    names = ", ".join(str(author) for author in verdict.authors.all())
    return names or _("No one has written it yet")


def quote_check_badge(found: bool | None) -> str:
    if found is None:
        return format_html('<span class="desk-quote-unknown">{}</span>', _("no captured text"))
    if found:
        return format_html('<span class="desk-quote-found">✔ {}</span>', _("found in source"))
    return format_html(
        '<span class="desk-badge desk-quote-missing">✘ {}</span>', _("not found in source")
    )


class DeskAdmin(SimpleHistoryAdmin):
    """Revision history with restore, and no lost edits, for every content model."""

    form = VersionedForm

    # A fact-checker pasting "example.org/story" means the secure address (and Django 6's
    # default); saying so also silences Django 5.2's deprecation warning.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # The desk's stylesheet and script are on every desk page (templates/admin/base_site.html).

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # The desk's forms check permissions that depend on who is asking.
        return type(form.__name__, (form,), {"desk_user": request.user})

    def get_changelist_instance(self, request):
        # A year or month beyond what dates can hold (?said_on__year=99999999999) would crash
        # the date hierarchy; the admin's own answer to bad filters is the "?e=1" notice.
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # The library's own loop, less the edit counter: "version 3 → 4" tells a reader nothing.
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=["version"],
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    # --- who else is editing (presence.py) -------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_view_or_change_permission(request, obj):
                # Said as the form is drawn, so it is the first thing the person reads; the
                # page's heartbeat keeps it current (admin.js). Not after a POST: a saved form
                # redirects, and the notice would land on the next page.
                others = presence.presence_others(user=request.user, obj=obj)
                for other in others if request.method == "GET" else []:
                    self.message_user(
                        request,
                        presence.presence_message(other),
                        messages.WARNING,
                        extra_tags="desk-presence",
                    )
                # Someone who may only read the row is not editing it.
                if self.has_change_permission(request, obj):
                    presence.presence_touch(user=request.user, obj=obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/presence/",
                self.admin_site.admin_view(require_POST(self.presence_view)),
                name="{}_{}_presence".format(*info),
            ),
            *super().get_urls(),
        ]

    def presence_view(self, request, object_id):
        """The form page's heartbeat ("leave" when the page is closed): who else is here."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        if request.POST.get("leave"):
            presence.presence_leave(user=request.user, obj=obj)
            return JsonResponse({"others": []})
        if self.has_change_permission(request, obj):
            presence.presence_touch(user=request.user, obj=obj)
        others = presence.presence_others(user=request.user, obj=obj)
        return JsonResponse(
            {
                "others": [
                    {"name": str(other.user), "message": presence.presence_message(other)}
                    for other in others
                ],
                "heartbeat": int(presence.HEARTBEAT.total_seconds()),
            }
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A version that is not a number is simply not there.
        if not str(version_id).isdigit():
            raise Http404
        # The library lets anyone who may *view* history post a revert; a revert is a change.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
            # Same transaction as an ordinary admin save, so the edit-conflict lock holds.
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        return super().history_form_view(request, object_id, version_id, extra_context)


# --- People, sources, words -----------------------------------------------------------------


class QuoteCheckFilter(admin.SimpleListFilter):
    title = _("quote check")
    parameter_name = "quote"

    def lookups(self, request, model_admin):
        return [
            ("missing", _("Not found in source")),
            ("found", _("Found in source")),
            ("unknown", _("No captured text")),
        ]

    def queryset(self, request, queryset):
        if self.value() is None:
            return None
        # Word-for-word comparison is done in Python (statements.quotes), so the filter
        # compares the statements that have something to compare with, then filters by id.
        if self.value() == "unknown":
            return queryset.filter(source__isnull=True) | queryset.filter(source__captured_text="")
        wanted = self.value() == "found"
        ids = [
            statement.pk
            for statement in queryset.select_related("source").exclude(source__captured_text="")
            if selectors.statement_quote_found(statement=statement) is wanted
        ]
        return queryset.filter(pk__in=ids)


class PublicTextAdmin(DeskAdmin):
    """A row whose text readers see on public claims: saved with a correction or as a
    declared minor edit (services.public_text_save)."""

    form = PublicTextForm

    def save_model(self, request, obj, form, change):
        services.public_text_save(
            obj=obj,
            user=request.user,
            changed_fields=form.changed_data,
            minor_edit=form.cleaned_data.get("minor_edit", False),
            correction=form.cleaned_data.get("correction", ""),
            kind=form.cleaned_data.get("correction_kind"),
        )


class PublicContentGuard:
    """Once a claim is public, it and everything its page shows are the editors' to change.

    For a ModelAdmin the row itself is checked; for an inline, the parent row of the page
    (a claim, or a statement shown on public claims).
    """

    def _editable(self, request, obj) -> bool:
        return obj is None or services.public_content_can_edit(obj=obj, user=request.user)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


class ClaimChildInline(PublicContentGuard):
    """Rows on a claim's or a statement's page are editable only when their parent is."""

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)


class StanceInline(ClaimChildInline, admin.TabularInline):
    model = Stance
    form = VersionedForm
    extra = 1
    autocomplete_fields = ["statement", "claim"]
    readonly_fields = ["quote_check"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("statement__source", "claim")

    @admin.display(description=_("quote check"))
    def quote_check(self, stance):
        if stance.pk is None:
            return "—"
        return quote_check_badge(selectors.statement_quote_found(statement=stance.statement))


@admin.register(Speaker)
class SpeakerAdmin(PublicContentGuard, PublicTextAdmin):
    form = SpeakerForm
    list_display = ["name", "kind", "role", "affiliation", "country"]
    # Only the countries the desk's speakers come from, not all of ISO 3166.
    list_filter = ["kind", ("country", CountryFilter)]
    list_select_related = ["affiliation"]
    search_fields = ["name", "role", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]


@admin.register(Source)
class SourceAdmin(PublicContentGuard, PublicTextAdmin):
    list_display = ["title", "publisher", "kind", "published_at", "has_captured_text"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url", "captured_text"]
    date_hierarchy = "published_at"

    @admin.display(description=_("captured text"), boolean=True)
    def has_captured_text(self, source):
        return bool(source.captured_text.strip())


@admin.register(Statement)
class StatementAdmin(PublicContentGuard, PublicTextAdmin):
    form = StatementForm
    # The speaker is in the statement's own label; the quote check comes first, as a flag.
    list_display = ["quote", "quote_check", "quote_type", "said_on", "source"]
    list_filter = [QuoteCheckFilter, "quote_type", "language", "said_on", "speaker"]
    list_select_related = ["speaker", "source"]
    search_fields = ["text", "translation", "speaker__name", "context"]
    autocomplete_fields = ["speaker", "speaking_for", "source"]
    readonly_fields = ["quote_check"]
    date_hierarchy = "said_on"
    inlines = [StanceInline]

    @admin.display(description=_("quote check"))
    def quote_check(self, statement):
        if statement.pk is None:
            return "—"
        return quote_check_badge(selectors.statement_quote_found(statement=statement))

    @admin.display(description=_("statement"), ordering="speaker__name")
    def quote(self, statement):
        # The words in their own language and direction: an Urdu quote reads right to left.
        words = statement.text if len(statement.text) <= 60 else f"{statement.text[:59]}…"
        return format_html(
            '{}: “<span lang="{}" dir="{}">{}</span>”',
            statement.speaker,
            statement.language,
            statement.text_direction,
            words,
        )


@admin.register(Topic)
class TopicAdmin(PublicContentGuard, PublicTextAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


def rating_protected(rating: Rating) -> list[str]:
    """The delete page's list of what holds a rating, in words and with a link to it."""
    usage = selectors.rating_usage(rating=rating)
    if not usage:
        return []
    return [
        format_html('{} <a href="{}">{}</a>', usage.message(), usage.claims_url, _("See them."))
    ]


@admin.register(Rating)
class RatingAdmin(DeskAdmin):
    form = RatingForm
    list_display = ["badge", "scale", "ordinal", "scored", "colour"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["label"]
    prepopulated_fields = {"slug": ["label"]}

    @admin.display(description=_("rating"), ordering="ordinal")
    def badge(self, rating):
        return rating_badge(rating)

    def get_readonly_fields(self, request, obj=None):
        # Moving a rating to another model would leave its verdicts off their claims' scale.
        return ["scale"] if obj is not None else []

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Django would list the verdicts one by one as "protected objects" (or as missing
        # permissions); say in words where the rating is used, and link to it.
        protected = [line for rating in objs for line in rating_protected(rating)]
        return deleted, counts, set() if protected else perms_needed, protected


class ScaleRatingInline(admin.TabularInline):
    """A scale's ratings on one page: reorder them (up and down, rating_order.js), insert a
    step or remove an unused one, and save once (statements.scales)."""

    model = Rating
    form = ScaleRatingForm
    formset = ScaleRatingFormSet
    # The edit counter too: a row's form refuses a save without it (no lost edits).
    fields = ["ordinal", "label", "slug", "scored", "colour", "description", "expected_version"]
    prepopulated_fields = {"slug": ["label"]}
    ordering = ["ordinal", "id"]
    extra = 0
    classes = ["desk-scale-ratings"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "description":
            field.widget.attrs.update({"rows": 2})
        return field


@admin.register(RatingScale)
class RatingScaleAdmin(DeskAdmin):
    list_display = ["name", "slug", "question", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "question", "description", "position", "expected_version"]
    inlines = [ScaleRatingInline]

    class Media:
        js = ["statements/rating_order.js"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def get_readonly_fields(self, request, obj=None):
        # Filter addresses (?scale=truth) and the graph's consistency checks use the slug.
        return ["slug"] if obj is not None else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not Rating:
            return super().save_formset(request, form, formset, change)
        ratings = formset.save(commit=False)
        scales.rating_scale_ratings_save(
            scale=form.instance, ratings=ratings, deleted=formset.deleted_objects, user=request.user
        )


# --- Claims and their verdicts --------------------------------------------------------------


class VerdictInline(ClaimChildInline, admin.StackedInline):
    model = Verdict
    form = VerdictForm
    can_delete = False
    # The scale is a handful of steps: a plain list is one choice, where a search box is three.
    readonly_fields = ["byline", "reviewer"]

    @admin.display(description=_("authors"))
    def byline(self, verdict):
        return verdict_byline(verdict)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"desk_user": request.user})
        return formset


@admin.register(Claim)
class ClaimAdmin(DeskAdmin):
    form = ClaimForm
    change_form_template = "admin/statements/claim/change_form.html"
    list_display = ["text", "status_badge", "rating_badge", "published_at", "updated_at", "links"]
    list_filter = [
        "status",
        "scale",
        ("verdict__rating", admin.RelatedOnlyFieldListFilter),
        "topics",
        "statements__speaker",
        "published_at",
        "updated_at",
    ]
    list_select_related = ["verdict__rating"]
    search_fields = ["text", "slug", "statements__text", "verdict__conclusion"]
    prepopulated_fields = {"slug": ["text"]}
    # Search-as-you-type: the two-box chooser does not fit a phone, nor name its parts.
    autocomplete_fields = ["topics"]
    date_hierarchy = "published_at"
    readonly_fields = ["status", "published_at", "retracted_at", "retraction_notice"]
    fieldsets = [
        (None, {"fields": ["text", "slug", "scale", "topics", "expected_version"]}),
        (_("Who"), {"fields": ["assignee", "review_editor"]}),
        (
            _("Workflow"),
            {"fields": ["status", "published_at", "retracted_at", "retraction_notice"]},
        ),
    ]
    inlines = [VerdictInline, StanceInline]
    # Returning needs a reason, given on the claim's page; there is no bulk return.
    actions = ["submit_for_review", "publish"]

    # --- columns --------------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, claim):
        return status_badge(claim)

    @admin.display(description=_("rating"), ordering="verdict__rating__ordinal")
    def rating_badge(self, claim):
        verdict = getattr(claim, "verdict", None)
        return rating_badge(verdict.rating if verdict else None)

    @admin.display(description=_("page"))
    def links(self, claim):
        if claim.is_public:
            return format_html('<a href="{}">{}</a>', claim.get_absolute_url(), _("View on site"))
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:statements_claim_preview", args=[claim.pk]),
            _("Preview"),
        )

    # --- permissions ----------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.claim_can_edit(claim=obj, user=request.user)

    def has_delete_permission(self, request, obj=None):
        # Published work is retracted, never deleted: its address and its record stay.
        if obj is not None and obj.is_public:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm("statements.publish_claim")

    def view_on_site(self, claim):
        return claim.get_absolute_url() if claim.is_public else None

    # --- saving ---------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        services.claim_save(
            claim=obj, user=request.user, expected_version=form.cleaned_data.get("expected_version")
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Verdict:
            return super().save_formset(request, form, formset, change)
        # commit=False fills in new_objects and changed_objects, which the admin's change
        # message reads; the service does the saving.
        changed = formset.save(commit=False)
        for verdict_form in formset.forms:
            if not any(verdict is verdict_form.instance for verdict in changed):
                continue
            services.verdict_save(
                verdict=verdict_form.instance,
                user=request.user,
                expected_version=verdict_form.cleaned_data.get("expected_version"),
                correction=verdict_form.cleaned_data.get("correction", ""),
                kind=verdict_form.cleaned_data.get("correction_kind"),
                minor_edit=verdict_form.cleaned_data.get("minor_edit", False),
                evidence_changed=verdict_form.evidence_changed,
            )
        formset.save_m2m()
        return None

    def response_change(self, request, obj):
        # "Save and submit for review": one press where the fact-checker's work ends, through
        # the same transition as the Workflow box's button.
        if "_submit_for_review" in request.POST:
            try:
                services.claim_submit_for_review(claim=obj, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                for message in error_messages(error):
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(request, _("Saved and submitted for review."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:statements_claim_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        claim = self.get_object(request, unquote(object_id)) if object_id else None
        text = request.POST.get("text") or (claim.text if claim else "")
        extra_context["similar_claims"] = selectors.claims_similar_to(
            text=text, exclude_pk=claim.pk if claim else None
        )
        extra_context["similar_url"] = reverse("admin:statements_claim_similar")
        if claim is not None:
            extra_context.update(self.workflow_context(request, claim))
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The form checks the same rules first; this only catches a rule that changed
            # between the check and the save. The transaction was rolled back.
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def workflow_context(self, request, claim):
        user = request.user
        can_publish = user.has_perm("statements.publish_claim")
        stances = claim.stances.select_related("statement__source")
        return {
            "claim": claim,
            "status_badge": status_badge(claim),
            "can_submit": claim.status == Claim.Status.DRAFT
            and user.has_perm("statements.change_claim"),
            "can_return": claim.status == Claim.Status.IN_REVIEW
            and user.has_perm("statements.change_claim"),
            "can_publish": claim.status == Claim.Status.IN_REVIEW and can_publish,
            "can_retract": claim.status == Claim.Status.PUBLISHED and can_publish,
            "can_correct": claim.is_public and can_publish and hasattr(claim, "verdict"),
            "publication_problems": services.claim_publication_problems(claim=claim, user=user)
            if claim.status in (Claim.Status.DRAFT, Claim.Status.IN_REVIEW)
            else [],
            "unmatched_quotes": [
                stance.statement
                for stance in stances
                if selectors.statement_quote_found(statement=stance.statement) is False
            ],
            "corrections": Correction.objects.filter(verdict__claim=claim),
            "preview_url": reverse("admin:statements_claim_preview", args=[claim.pk]),
            "return_form": ReturnForm(prefix="return"),
            "note_form": NoteForm(prefix="note"),
            "notes": claim.notes.select_related("author"),
            # Each edited on its own page, with its review (services.claim_translation_save).
            "translations": claim.translations.select_related("reviewed_by"),
            "translation_add_url": f"{reverse('admin:statements_claimtranslation_add')}"
            f"?claim={claim.pk}",
            "one_person_desk": settings.ONE_PERSON_DESK,
        }

    # --- workflow views -------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("similar/", wrap(self.similar_view), name="statements_claim_similar"),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name="statements_claim_preview",
            ),
            path(
                "<path:object_id>/notes/",
                wrap(require_POST(self.note_view)),
                name="statements_claim_note",
            ),
            path(
                "<path:object_id>/retract/",
                wrap(self.retract_view),
                name="statements_claim_retract",
            ),
            path(
                "<path:object_id>/transition/<slug:transition>/",
                wrap(require_POST(self.transition_view)),
                name="statements_claim_transition",
            ),
            *super().get_urls(),
        ]

    TRANSITIONS = {
        "submit": (services.claim_submit_for_review, _("Submitted for review.")),
        "return-to-draft": (services.claim_return_to_draft, _("Returned to draft.")),
        "publish": (services.claim_publish, _("Published.")),
    }
    # Transitions that take what the person typed, by the service's keyword.
    # keyword → the POST field (ReturnForm, prefixed "return").
    TRANSITION_INPUTS = {"return-to-draft": ("reason", "return-reason")}

    def _claim_or_404(self, request, object_id) -> Claim:
        claim = self.get_object(request, unquote(object_id))
        if claim is None or not self.has_view_or_change_permission(request, claim):
            raise Http404
        return claim

    def transition_view(self, request, object_id, transition):
        claim = self._claim_or_404(request, object_id)
        if transition not in self.TRANSITIONS:
            raise Http404
        service, done = self.TRANSITIONS[transition]
        inputs = {}
        if transition in self.TRANSITION_INPUTS:
            keyword, field = self.TRANSITION_INPUTS[transition]
            inputs[keyword] = request.POST.get(field, "")
        try:
            service(claim=claim, user=request.user, **inputs)
        except (ValidationError, PermissionDenied) as error:
            for message in error_messages(error):
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:statements_claim_change", args=[claim.pk]))

    def note_view(self, request, object_id):
        claim = self._claim_or_404(request, object_id)
        form = NoteForm(request.POST, prefix="note")
        if form.is_valid():
            services.claim_note_add(claim=claim, user=request.user, text=form.cleaned_data["text"])
            self.message_user(request, _("Note added."), messages.SUCCESS)
        else:
            self.message_user(request, _("Write the note first."), messages.ERROR)
        return HttpResponseRedirect(
            reverse("admin:statements_claim_change", args=[claim.pk]) + "#desk-notes"
        )

    def retract_view(self, request, object_id):
        claim = self._claim_or_404(request, object_id)
        if not request.user.has_perm("statements.publish_claim"):
            raise PermissionDenied
        form = RetractForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.claim_retract(
                    claim=claim, user=request.user, notice=form.cleaned_data["notice"]
                )
            except (ValidationError, PermissionDenied) as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                self.message_user(request, _("Retracted."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:statements_claim_change", args=[claim.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Retract: %(claim)s") % {"claim": claim},
            "opts": self.opts,
            "original": claim,
            "form": form,
        }
        return TemplateResponse(request, "admin/statements/claim/retract.html", context)

    def preview_view(self, request, object_id):
        # The public page previews unpublished claims for staff who may change them
        # (statements.views.can_preview): one page, so the preview is what readers will get.
        claim = self._claim_or_404(request, object_id)
        return HttpResponseRedirect(claim.get_absolute_url())

    def similar_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        exclude = request.GET.get("exclude")
        claims = selectors.claims_similar_to(
            text=request.GET.get("q", "")[:500],
            exclude_pk=int(exclude) if exclude and exclude.isdigit() else None,
        )
        return JsonResponse(
            {
                "results": [
                    {
                        "text": claim.text,
                        "status": claim.get_status_display(),
                        "url": reverse("admin:statements_claim_change", args=[claim.pk]),
                    }
                    for claim in claims
                ]
            }
        )

    # --- actions --------------------------------------------------------------------------

    def _run_action(self, request, queryset, service, done):
        succeeded = 0
        for claim in queryset:
            try:
                service(claim=claim, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request,
                    format_html("“{}”: {}", claim, " ".join(str(m) for m in error_messages(error))),
                    messages.ERROR,
                )
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{done} ({succeeded})", messages.SUCCESS)

    def response_action(self, request, queryset):
        # Django would answer a publish request from a fact-checker with "No action selected";
        # say plainly why nothing happened.
        if request.POST.get("action") == "publish" and not self.has_publish_permission(request):
            self.message_user(request, _("Only an editor may publish a claim."), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    @admin.action(description=_("Submit selected claims for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run_action(request, queryset, services.claim_submit_for_review, _("Submitted"))

    @admin.action(description=_("Publish selected claims"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run_action(request, queryset, services.claim_publish, _("Published"))


@admin.register(ClaimRedirect)
class ClaimRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "claim", "created_at"]
    list_select_related = ["claim"]
    search_fields = ["old_slug", "claim__text"]
    autocomplete_fields = ["claim"]


@admin.register(Stance)
class StanceAdmin(PublicContentGuard, DeskAdmin):
    list_display = ["statement", "stance", "claim"]
    list_filter = ["stance"]
    list_select_related = ["statement__speaker", "claim"]
    search_fields = ["statement__text", "claim__text"]
    autocomplete_fields = ["statement", "claim"]


@admin.register(ClaimTranslation)
class ClaimTranslationAdmin(PublicContentGuard, DeskAdmin):
    """Translations: proposed by anyone on the desk, reviewed by an editor, and once readers
    see them changed like any public text (services.claim_translation_save)."""

    form = ClaimTranslationForm
    list_display = ["claim", "language", "origin", "reviewed_by", "updated_at"]
    list_filter = ["language", "origin", ("reviewed_by", admin.EmptyFieldListFilter)]
    list_select_related = ["claim", "reviewed_by"]
    search_fields = ["text", "conclusion", "claim__text"]
    autocomplete_fields = ["claim"]
    readonly_fields = ["reviewed_by", "reviewed_at"]

    def get_readonly_fields(self, request, obj=None):
        # A translation stays with its claim.
        return ["claim", *self.readonly_fields] if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # What readers see is withdrawn by unticking "reviewed", with a correction or as a
        # minor edit, so that the history and the claim's corrections say so.
        if obj is not None and services.shown_on_a_public_claim(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.claim_translation_save(
            translation=obj,
            user=request.user,
            changed_fields=form.changed_data,
            reviewed=form.cleaned_data.get("reviewed", False),
            expected_version=form.cleaned_data.get("expected_version"),
            minor_edit=form.cleaned_data.get("minor_edit", False),
            correction=form.cleaned_data.get("correction", ""),
            kind=form.cleaned_data.get("correction_kind"),
        )


class CorrectionInline(admin.TabularInline):
    """A verdict's corrections, read-only: they are written through the correction form."""

    model = Correction
    fields = ["published_at", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Verdict)
class VerdictAdmin(DeskAdmin):
    form = VerdictForm
    list_display = ["claim", "rating_badge", "conclusion", "reviewer", "updated_at"]
    list_filter = ["rating"]
    list_select_related = ["claim", "rating", "reviewer"]
    search_fields = ["claim__text", "conclusion", "analysis"]
    autocomplete_fields = ["claim", "rating"]
    readonly_fields = ["byline", "reviewer"]
    inlines = [CorrectionInline]

    @admin.display(description=_("authors"))
    def byline(self, verdict):
        return verdict_byline(verdict)

    @admin.display(description=_("rating"), ordering="rating__ordinal")
    def rating_badge(self, verdict):
        return rating_badge(verdict.rating)

    def get_readonly_fields(self, request, obj=None):
        # A verdict stays with its claim.
        return ["claim", "byline", "reviewer"] if obj is not None else ["byline", "reviewer"]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.claim_can_edit(claim=obj.claim, user=request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.claim.is_public:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.verdict_save(
            verdict=obj,
            user=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            correction=form.cleaned_data.get("correction", ""),
            kind=form.cleaned_data.get("correction_kind"),
            minor_edit=form.cleaned_data.get("minor_edit", False),
            evidence_changed=form.evidence_changed,
        )


@admin.register(Correction)
class CorrectionAdmin(DeskAdmin):
    form = CorrectionAdminForm
    list_display = ["verdict", "published_at", "excerpt"]
    list_select_related = ["verdict__claim", "verdict__rating"]
    search_fields = ["text", "verdict__claim__text"]
    autocomplete_fields = ["verdict"]
    date_hierarchy = "published_at"
    fields = ["verdict", "kind", "published_at", "text", "expected_version"]

    @admin.display(description=_("correction"))
    def excerpt(self, correction):
        return correction.text if len(correction.text) <= 80 else f"{correction.text[:79]}…"

    def get_readonly_fields(self, request, obj=None):
        # Once readers have seen it, a correction's date and verdict stay put.
        return ["verdict", "published_at"] if obj is not None else ["published_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # Corrections are kept forever (IFCN's corrections principle).

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = services.correction_create(
            verdict=obj.verdict, user=request.user, text=obj.text, kind=obj.kind
        )
        # The admin goes on to log and redirect with the object it built.
        obj.pk, obj.published_at = created.pk, created.published_at
        return None
