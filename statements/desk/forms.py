"""The desk's admin forms: they carry the edit counter, and validate through the services."""

import secrets
from pathlib import PurePath

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import scales, services
from ..images import ReencodedImageFormField
from ..languages import language_choices, language_tag_clean, text_direction
from ..models import Claim, ClaimTranslation, Correction, RatingScale, Source, Verdict
from ..roles import EDITORS, FACT_CHECKERS, PUBLISH_CLAIM


class VersionedForm(forms.ModelForm):
    """Refuses a save when someone else saved the row after this form was opened.

    The desk's one guard against lost edits, on every model it edits and on the inline rows
    of a claim's page. The version is read from the database, not from `instance`, because the
    history page's revert form is built on an old copy of the row whose version is out of date.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Set by the ModelAdmin that builds the form class (the admin knows the request).
    desk_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Without it the save could not be checked: a form that lost it is refused.
            self.fields["expected_version"].required = True
            model = type(self.instance)
            self.fields["expected_version"].initial = (
                model.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )

    def has_changed(self):
        # The counter is bookkeeping: a stale counter alone is not an edit (and an inline row
        # nobody touched is not saved, so it cannot overwrite anyone).
        return any(name != "expected_version" for name in self.changed_data)

    def clean(self):
        cleaned_data = super().clean()
        # A page's main form is always saved; an inline row only when it was edited.
        if self.instance.pk is not None and (self.prefix is None or self.has_changed()):
            try:
                # Locks the row until the admin's transaction ends: no save can slip in
                # between this check and ours.
                current = services.edit_conflict_check(
                    instance=self.instance, expected_version=cleaned_data.get("expected_version")
                )
            except services.EditConflict as conflict:
                raise forms.ValidationError(conflict.messages) from None
            self.instance.version = current + 1
        return cleaned_data


class PublicTextFields(forms.Form):
    """What an editor says when changing what readers see on a published claim."""

    correction = forms.CharField(
        label=_("correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "When this is shown on a published claim: what changed and why. Readers see it on "
            "the claim page with today's date, and the claim shows “Updated”."
        ),
    )
    correction_kind = forms.TypedChoiceField(
        label=_("kind"),
        choices=Correction.Kind.choices,
        initial=Correction.Kind.CORRECTION,
        required=False,
        empty_value=Correction.Kind.CORRECTION,
    )
    minor_edit = forms.BooleanField(
        label=_("minor edit"),
        required=False,
        help_text=_(
            "A typo or a link, nothing a reader would need to be told: no correction, no "
            "“Updated” date, and the history says “Minor edit”."
        ),
    )


class PublicTextForm(PublicTextFields, VersionedForm):
    """Statements, speakers, sources and topics: their text is on public claims' pages."""

    def clean(self):
        cleaned_data = super().clean()
        if self.desk_user is not None:
            try:
                services.public_text_check(
                    obj=self.instance,
                    user=self.desk_user,
                    changed_fields=self.changed_data,
                    minor_edit=cleaned_data.get("minor_edit", False),
                    correction=cleaned_data.get("correction", ""),
                )
            except (ValidationError, PermissionDenied) as error:
                self.add_error(None, getattr(error, "messages", None) or str(error))
        return cleaned_data


class LanguageTagInput(forms.TextInput):
    """A BCP 47 tag, chosen from the languages newsrooms quote most (a <datalist>, so the
    browser offers them as the person types) or typed when it is not on the list."""

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-choices"
        attrs = {**(attrs or {}), "list": list_id, "autocomplete": "off"}
        options = format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((tag, label) for tag, label in language_choices()),
        )
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            options,
        )


class KeepsUploadsForm(forms.ModelForm):
    """An image chosen on a form that comes back with an error is not lost.

    Browsers never re-send a file, so the checked, re-encoded upload is put aside in storage
    under pending/ and the form carries a signed token for it (bound to the person, valid for
    a day); the corrected submit saves it as if it had been uploaded again. The checks
    themselves (type, size, pixels) are the field's (statements.images).
    """

    PENDING_SALT = "statements.desk.pending-upload"
    PENDING_MAX_AGE = 24 * 60 * 60

    # Set by the ModelAdmin that builds the form class.
    desk_user = None

    def _pending_field(self, name: str) -> str:
        # Declared by the form (the admin draws only the fields a form class declares).
        return f"{name}_pending"

    def _image_fields(self) -> list[str]:
        return [
            name
            for name, field in self.fields.items()
            if isinstance(field, ReencodedImageFormField)
            and self._pending_field(name) in self.fields
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._restored: set[str] = set()

    def _pending_load(self, name: str):
        token = self.data.get(self.add_prefix(self._pending_field(name)))
        if not token:
            return None
        try:
            pending = signing.loads(token, salt=self.PENDING_SALT, max_age=self.PENDING_MAX_AGE)
        except signing.BadSignature:
            return None  # expired or forged: as if nothing had been kept
        path = pending.get("path", "")
        user = getattr(self.desk_user, "pk", None)
        if pending.get("user") != user or not path.startswith("pending/"):
            return None
        if not default_storage.exists(path):
            return None
        with default_storage.open(path) as stored:
            return ContentFile(stored.read(), name=pending.get("name") or PurePath(path).name)

    def clean(self):
        for name in self._image_fields():
            value = self.cleaned_data.get(name)
            # A new upload, or "clear" ticked, wins over what was kept from the last try.
            if name in self.files or value is False:
                continue
            kept = self._pending_load(name)
            if kept is not None:
                self.cleaned_data[name] = kept
                self._restored.add(name)
        return super().clean()

    @property
    def changed_data(self):
        changed = [name for name, bound in self._bound_items() if bound._has_changed()]
        return changed + sorted(self._restored - set(changed))

    def full_clean(self):
        super().full_clean()
        if not self._errors or not hasattr(self, "cleaned_data"):
            return
        for name in self._image_fields():
            upload = self.cleaned_data.get(name)
            if name not in self.files or not upload:
                continue  # nothing new: a token already in the form stays as it was
            upload.seek(0)
            path = default_storage.save(
                f"pending/{secrets.token_hex(12)}{PurePath(upload.name).suffix}",
                ContentFile(upload.read()),
            )
            token = signing.dumps(
                {"path": path, "name": upload.name, "user": getattr(self.desk_user, "pk", None)},
                salt=self.PENDING_SALT,
            )
            self.data = self.data.copy()
            self.data[self.add_prefix(self._pending_field(name))] = token
            # The bound field copied the help text when the form was cleaned.
            self.fields[name].help_text = self[name].help_text = format_html(
                '{} <strong class="desk-pending-upload">{}</strong>',
                self.fields[name].help_text,
                _("Kept from your last try: %(name)s. It is saved with the form.")
                % {"name": upload.name},
            )


class SpeakerForm(KeepsUploadsForm, PublicTextForm):
    portrait_pending = forms.CharField(widget=forms.HiddenInput, required=False)


class StatementForm(PublicTextForm):
    """A new statement starts from its speaker's current role and organisation, so they are
    not retyped on every statement; left as typed when given, and never changed on edits.

    The quote is shown in its own language and direction (lang, dir), so a quote in Urdu or
    Arabic reads right to left in the desk as on the claim page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            self.fields["language"].widget = LanguageTagInput()
        language = self.instance.language if self.instance.pk else None
        if language and "text" in self.fields:
            self.fields["text"].widget.attrs.update(lang=language, dir=text_direction(language))

    def clean_language(self):
        return language_tag_clean(self.cleaned_data.get("language", ""))

    def clean(self):
        cleaned_data = super().clean()
        speaker = cleaned_data.get("speaker")
        if self.instance.pk is None and speaker is not None:
            if not cleaned_data.get("speaker_role"):
                cleaned_data["speaker_role"] = speaker.role
            if cleaned_data.get("speaking_for") is None and speaker.affiliation_id:
                cleaned_data["speaking_for"] = speaker.affiliation
        return cleaned_data


class ClaimForm(VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True, is_staff=True)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = people.filter(groups__name=FACT_CHECKERS)
        if "review_editor" in self.fields:
            self.fields["review_editor"].queryset = people.filter(groups__name=EDITORS)
        if "scale" in self.fields:
            # Left empty, a claim is checked on the truth scale, as every claim was before
            # rating models.
            self.fields["scale"].required = False

    def clean_scale(self):
        return self.cleaned_data.get("scale") or RatingScale.objects.truth()

    class Meta:
        model = Claim
        fields = ["text", "slug", "scale", "topics", "assignee", "review_editor"]
        # A claim is a sentence: give it room to be read whole while it is written.
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})}


class VerdictForm(PublicTextFields, VersionedForm):
    # Evidence runs through its own table (so a cited source cannot be deleted), which the
    # admin will not offer as a field by itself; declared here it keeps its search-as-you-type
    # box on the claim page, and ModelForm saves it with `.set()`.
    evidence = forms.ModelMultipleChoiceField(
        label=_("evidence"),
        queryset=Source.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Verdict._meta.get_field("evidence"), admin.site),
        help_text=_("The sources this verdict rests on."),
    )

    class Meta:
        model = Verdict
        # Authors are not chosen: whoever writes the rating, conclusion, analysis or evidence
        # becomes one (services.verdict_author_add).
        fields = ["claim", "rating", "conclusion", "analysis", "evidence"]

    @property
    def evidence_changed(self) -> bool:
        if self.instance.pk is None or "evidence" not in self.cleaned_data:
            return False
        stored = set(self.instance.evidence_links.values_list("source_id", flat=True))
        return stored != {source.pk for source in self.cleaned_data["evidence"]}

    def _save_m2m(self):
        # Evidence is saved by the service, row by row, so its history is complete.
        evidence = self.cleaned_data.pop("evidence", None)
        try:
            super()._save_m2m()
        finally:
            if evidence is not None:
                self.cleaned_data["evidence"] = evidence
        if evidence is not None:
            services.verdict_evidence_set(
                verdict=self.instance, sources=evidence, user=self.desk_user
            )

    def clean(self):
        cleaned_data = super().clean()
        claim = cleaned_data.get("claim") or getattr(self.instance, "claim", None)
        if claim is None:
            return cleaned_data
        stored = (
            Verdict.objects.filter(pk=self.instance.pk).first()
            if self.instance.pk is not None
            else None
        )
        if self.desk_user is not None and not services.claim_can_edit(
            claim=claim, user=self.desk_user
        ):
            raise forms.ValidationError(
                _("Only an editor may change the verdict of a published claim.")
            )
        try:
            services.verdict_correction_check(
                claim=claim,
                stored=stored,
                rating=cleaned_data.get("rating"),
                conclusion=cleaned_data.get("conclusion", ""),
                correction=cleaned_data.get("correction", ""),
                analysis=cleaned_data.get("analysis", ""),
                evidence_changed=self.evidence_changed,
                minor_edit=cleaned_data.get("minor_edit", False),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned_data


class ClaimTranslationForm(PublicTextFields, VersionedForm):
    """A claim's text, conclusion and analysis in another language, with its review."""

    reviewed = forms.BooleanField(
        label=_("reviewed"),
        required=False,
        help_text=_(
            "Editors: tick when you have checked it against the original. Readers see a "
            "translation only once it is reviewed; changing its words undoes the review."
        ),
    )

    class Meta:
        model = ClaimTranslation
        fields = ["claim", "language", "origin", "text", "conclusion", "analysis"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed"].initial = self.instance.reviewed_by_id is not None
        if self.desk_user is not None and not self.desk_user.has_perm(PUBLISH_CLAIM):
            self.fields["reviewed"].disabled = True  # an editor's call (services)

    def clean(self):
        cleaned_data = super().clean()
        claim = cleaned_data.get("claim") or getattr(self.instance, "claim", None)
        if self.desk_user is None or claim is None:
            return cleaned_data
        self.instance.claim = claim
        try:
            services.claim_translation_check(
                translation=self.instance,
                user=self.desk_user,
                changed_fields=self.changed_data,
                reviewed=cleaned_data.get("reviewed", False),
                minor_edit=cleaned_data.get("minor_edit", False),
                correction=cleaned_data.get("correction", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            self.add_error(None, getattr(error, "messages", None) or str(error))
        return cleaned_data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("why it goes back"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The fact-checker sees this on the claim and on their desk home."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the desk only, never public."),
    )


class RetractForm(forms.Form):
    notice = forms.CharField(
        label=_("retraction notice"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown to readers at the top of the claim page: why the fact-check is retracted."
        ),
    )


class CorrectionAdminForm(VersionedForm):
    class Meta:
        model = Correction
        fields = ["verdict", "kind", "text"]
        help_texts = {"text": _("What changed, and why. Published with today's date.")}

    def clean_verdict(self):
        verdict = self.cleaned_data["verdict"]
        try:
            services.correction_check(verdict=verdict)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return verdict


# --- Rating models ----------------------------------------------------------------------------


class RatingForm(VersionedForm):
    """A rating edited on its own page, where its rating model is shown but not changed."""

    def validate_unique(self):
        # One position and one label per scale: checked although `scale` is not on the form
        # (a constraint on a field the form leaves out would otherwise reach the database as
        # an error page), with the constraint's own words.
        exclude = self._get_validation_exclusions() - {"scale"}
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class ScaleRatingForm(VersionedForm):
    """One row of a scale's ratings on the scale's page."""

    def validate_unique(self):
        # Positions and labels are checked over the whole scale as it will be after the save
        # (ScaleRatingFormSet), not row by row against the rows as they are now: a reorder
        # swaps positions that the rows still hold.
        exclude = self._get_validation_exclusions() | {"ordinal", "label"}
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class ScaleRatingFormSet(forms.BaseInlineFormSet):
    """A scale's ratings, saved together: reorder, insert a step, remove an unused one."""

    def validate_unique(self):
        # Said by clean() below in words, not as "Please correct the duplicate data".
        pass

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = []
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                try:
                    scales.rating_delete_check(rating=form.instance)
                except ValidationError as error:
                    errors.extend(error.messages)
        after = [
            form.instance
            for form in self.forms
            if form not in self.deleted_forms
            and (form.instance.pk is not None or form.has_changed())
        ]
        try:
            scales.rating_positions_check(ratings=after)
        except ValidationError as error:
            errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
