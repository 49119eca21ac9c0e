"""
The desk's writes: every change of a claim's state, and every save that must respect the
workflow, goes through one of these functions. The admin's buttons, actions and forms call
them; so does anything else that writes (docs/desk.md).

Each function checks who may do it, validates, saves, and records who and when in the
revision history (`_history_user`, `_change_reason`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from integrations.models import WebhookEvent
from integrations.services import claim_change_announce

from . import notifications
from .models import (
    Claim,
    ClaimNote,
    ClaimRedirect,
    ClaimTranslation,
    Correction,
    Evidence,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)
from .roles import PUBLISH_CLAIM

# Fields that only the transition functions below may change. Ordinary saves, including a
# revert to an earlier version from the history page, keep the values in the database.
CLAIM_WORKFLOW_FIELDS = (
    "status",
    "published_at",
    "retracted_at",
    "retraction_notice",
    "submitted_at",
    "returned_reason",
    "revised_at",
)
VERDICT_WORKFLOW_FIELDS = ("claim", "reviewer")


class EditConflict(ValidationError):
    """Someone saved the row after the form was opened; saving would overwrite their work."""


def _record(instance: models.Model, *, user, reason: str | None = None) -> None:
    instance._history_user = user
    if reason:
        instance._change_reason = reason


def _require_editor(user, message: str) -> None:
    if not user.has_perm(PUBLISH_CLAIM):
        raise PermissionDenied(message)


def _changed_since(instance: models.Model, *, version: int) -> tuple[list[str], list[str]]:
    """Who saved `instance` after `version`, and the labels of the fields they changed."""
    history = instance.history.order_by("history_date", "history_id")
    base = history.filter(version__lte=version).last()
    newer = list(history.filter(version__gt=version).select_related("history_user"))
    people, fields = [], []
    previous = base
    for record in newer:
        who = str(record.history_user) if record.history_user else _("someone else")
        if who not in people:
            people.append(who)
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["version"])
            for name in delta.changed_fields:
                label = str(type(instance)._meta.get_field(name).verbose_name)
                if label not in fields:
                    fields.append(label)
        previous = record
    return people, fields


def edit_conflict_check(*, instance: models.Model, expected_version: int | None) -> int:
    """Lock the row and refuse if it changed since `expected_version`; return its version.

    The one check behind "no lost edits" on every model the desk edits (each has an edit
    counter, `version`). Called inside the admin's transaction from form validation, so the
    lock is held until the save commits and two saves cannot both pass the check.
    """
    model = type(instance)
    current = (
        model.objects.select_for_update().filter(pk=instance.pk).values_list("version", flat=True)
    )
    current_version = current.first()
    if current_version is None or expected_version is None:
        return current_version or 1
    if current_version != expected_version:
        people, fields = _changed_since(instance, version=expected_version)
        last = instance.history.order_by("history_date", "history_id").last()
        when = date_format(timezone.localtime(last.history_date), "DATETIME_FORMAT") if last else ""
        raise EditConflict(
            _(
                "%(who)s saved this %(model)s at %(when)s, after you opened it%(what)s. Your "
                "changes have not been saved and are still in the form: copy them, reload the "
                "page to see the other version, and apply them again."
            )
            % {
                "who": ", ".join(people) or _("Someone else"),
                "model": model._meta.verbose_name,
                "when": when,
                "what": (
                    _(", and changed: %(fields)s") % {"fields": ", ".join(fields)} if fields else ""
                ),
            },
            code="edit_conflict",
        )
    return current_version


# --- Claims ---------------------------------------------------------------------------------


def claim_can_edit(*, claim: Claim, user) -> bool:
    """Drafts are the desk's to edit; once readers can see a claim, only editors change it."""
    if not user.has_perm("statements.change_claim"):
        return False
    return not claim.is_public or user.has_perm(PUBLISH_CLAIM)


def shown_on_a_public_claim(obj) -> bool:
    """Whether `obj` is a claim readers can see, or part of what such a claim's page shows."""
    if isinstance(obj, Claim):
        return obj.is_public
    if isinstance(obj, Verdict | Stance):
        return obj.claim.is_public
    if isinstance(obj, Evidence):
        return obj.verdict.claim.is_public
    if isinstance(obj, ClaimTranslation):
        # Readers of its language see it once reviewed; a proposal stays the desk's own.
        return obj.claim.is_public and (
            ClaimTranslation.objects.filter(pk=obj.pk).reviewed().exists()
            if obj.pk
            else obj.reviewed_by_id is not None
        )
    if isinstance(obj, Statement | Speaker | Source | Topic):
        # A speaker's or source's name, a topic's name: readers see them on the claim's page.
        return type(obj).objects.public().filter(pk=obj.pk).exists()
    return False


# What readers see of each row on a public claim's page (docs/desk.md, "Public text").
PUBLIC_TEXT_FIELDS: dict[type, tuple[str, ...]] = {
    Statement: (
        "text",
        "translation",
        "context",
        "attribution_note",
        "speaker",
        "speaker_role",
        "speaking_for",
        "quote_type",
        "said_on",
        "source",
        "language",
    ),
    Speaker: ("name", "role", "affiliation", "bio", "portrait", "portrait_credit", "country"),
    Source: ("url", "title", "publisher", "published_at", "archived_url"),
    Topic: ("name", "description"),
    Verdict: ("rating", "conclusion", "analysis", "evidence"),
}


def public_claims_showing(obj) -> list[Claim]:
    """The public claims whose pages show `obj`."""
    if isinstance(obj, Verdict):
        return [obj.claim]
    if isinstance(obj, Statement):
        return list(Claim.objects.public().filter(stances__statement=obj).distinct())
    if isinstance(obj, Speaker):
        return list(
            Claim.objects.public()
            .filter(
                models.Q(stances__statement__speaker=obj)
                | models.Q(stances__statement__speaking_for=obj)
            )
            .distinct()
        )
    if isinstance(obj, Source):
        return list(
            Claim.objects.public()
            .filter(models.Q(stances__statement__source=obj) | models.Q(verdict__evidence=obj))
            .distinct()
        )
    if isinstance(obj, Topic):
        return list(Claim.objects.public().filter(topics=obj))
    return []


def public_text_check(
    *, obj, user, changed_fields, minor_edit: bool, correction: str
) -> list[Claim]:
    """Once readers can see it, what they read changes only by an editor, and only with a
    correction (or update, or clarification) or as a declared minor edit that stays in the
    history. Returns the public claims the change reaches."""
    fields = PUBLIC_TEXT_FIELDS.get(type(obj), ())
    if obj.pk is None or not set(changed_fields) & set(fields):
        return []
    claims = public_claims_showing(obj)
    if not claims:
        return []
    if not user.has_perm(PUBLISH_CLAIM):
        raise PermissionDenied(
            _(
                "Readers can see this on a published claim: only an editor may change it. "
                "Propose the change in a note on the claim."
            )
        )
    if not minor_edit and not correction.strip():
        raise ValidationError(
            {
                "correction": _(
                    "Readers can see this on a published claim: say what changed in a "
                    "correction, or tick “minor edit” for a typo or a link."
                )
            }
        )
    return claims


@transaction.atomic
def public_text_save(
    *,
    obj: models.Model,
    user,
    changed_fields,
    minor_edit: bool = False,
    correction: str = "",
    kind: str = Correction.Kind.CORRECTION,
) -> models.Model:
    """Save a statement, speaker, source or topic edited in the desk, with a correction on
    every public claim it shows on, or marked as a minor edit in its history."""
    claims = public_text_check(
        obj=obj,
        user=user,
        changed_fields=changed_fields,
        minor_edit=minor_edit,
        correction=correction,
    )
    reason = _("Minor edit") if claims and minor_edit and not correction.strip() else None
    _record(obj, user=user, reason=reason)
    obj.save()
    if correction.strip():
        for claim in claims:
            verdict = Verdict.objects.filter(claim=claim).first()
            if verdict is not None:
                correction_create(verdict=verdict, user=user, text=correction, kind=kind)
    return obj


def public_content_can_edit(*, obj, user) -> bool:
    """Once readers can see it, a claim's verdict, stances and statements are the editors' to
    change, as the claim is (the model permission is checked separately)."""
    return not shown_on_a_public_claim(obj) or user.has_perm(PUBLISH_CLAIM)


@transaction.atomic
def claim_save(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Create or edit a claim's content. Its status only changes through the transitions."""
    if claim.pk is None:
        claim.status = Claim.Status.DRAFT
        for field in CLAIM_WORKFLOW_FIELDS[1:]:
            setattr(claim, field, Claim._meta.get_field(field).get_default())
        claim.version = 1
        claim.full_clean()
        _record(claim, user=user, reason=_("Created"))
        claim.save()
        claim_assignment_notify(claim=claim, stored=None, user=user)
        return claim

    current_version = edit_conflict_check(instance=claim, expected_version=expected_version)
    stored = Claim.objects.get(pk=claim.pk)
    if not claim_can_edit(claim=stored, user=user):
        raise PermissionDenied(_("Only an editor may change a published claim."))
    for field in CLAIM_WORKFLOW_FIELDS:
        setattr(claim, field, getattr(stored, field))
    claim_assignment_notify(claim=claim, stored=stored, user=user)
    claim.version = current_version + 1
    claim.full_clean()
    if stored.is_public and stored.slug != claim.slug:
        # Links to the old address keep working (DESIGN.md: a changed slug redirects).
        ClaimRedirect.objects.filter(old_slug=claim.slug).delete()
        ClaimRedirect.objects.update_or_create(old_slug=stored.slug, defaults={"claim": claim})
    _record(claim, user=user)
    claim.save()
    if stored.is_live:
        claim_change_announce(event=WebhookEvent.CLAIM_UPDATED, claim=claim)
    return claim


def _transition(claim: Claim, *, user, reason: str, **changes) -> Claim:
    for field, value in changes.items():
        setattr(claim, field, value)
    claim.version += 1
    claim.full_clean()
    _record(claim, user=user, reason=reason)
    claim.save()
    return claim


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def claim_assignment_notify(*, claim: Claim, stored: Claim | None, user) -> None:
    """Tell whoever was just assigned the claim, as fact-checker or reviewing editor."""
    for field in ("assignee", "review_editor"):
        person = getattr(claim, field)
        if person is not None and (stored is None or getattr(stored, f"{field}_id") != person.pk):
            notifications.claim_notify(
                claim=claim,
                actor=user,
                people=[person],
                subject=notifications.text("assigned", claim=claim.text[:80]),
                body=_("%(user)s assigned this claim to you.") % {"user": user},
            )


@transaction.atomic
def claim_submit_for_review(*, claim: Claim, user) -> Claim:
    """Draft → in review: the fact-checker asks an editor to check the work."""
    if not user.has_perm("statements.change_claim"):
        raise PermissionDenied(_("You may not submit claims for review."))
    claim = _locked(claim)
    if claim.status != Claim.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted for review; this claim is %(status)s.")
            % {"status": claim.get_status_display().lower()}
        )
    if claim.assignee is None and not user.has_perm(PUBLISH_CLAIM):
        claim.assignee = user  # whoever submits unassigned work is answerable for it
    claim = _transition(
        claim,
        user=user,
        reason=_("Submitted for review"),
        status=Claim.Status.IN_REVIEW,
        submitted_at=timezone.now(),
        returned_reason="",
    )
    notifications.claim_notify(
        claim=claim,
        actor=user,
        people=notifications.reviewers_for(claim),
        subject=notifications.text("review", claim=claim.text[:80]),
        body=_("%(user)s submitted this claim for review.") % {"user": user},
    )
    return claim


@transaction.atomic
def claim_return_to_draft(*, claim: Claim, user, reason: str) -> Claim:
    """In review → draft, with the reason: the editor sends it back, or the fact-checker
    withdraws it. The reason is kept in the history and shown to the fact-checker."""
    if not user.has_perm("statements.change_claim"):
        raise PermissionDenied(_("You may not change claims."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it goes back to draft.")})
    claim = _locked(claim)
    if claim.status != Claim.Status.IN_REVIEW:
        raise ValidationError(
            _("Only a claim in review can go back to draft; this claim is %(status)s.")
            % {"status": claim.get_status_display().lower()}
        )
    claim = _transition(
        claim,
        user=user,
        reason=_("Returned to draft: %(reason)s") % {"reason": reason},
        status=Claim.Status.DRAFT,
        returned_reason=reason,
    )
    notifications.claim_notify(
        claim=claim,
        actor=user,
        people=notifications.claim_writers(claim),
        subject=notifications.text("returned", claim=claim.text[:80]),
        body=_("%(user)s returned this claim to draft:\n\n%(reason)s")
        % {"user": user, "reason": reason},
    )
    return claim


def claim_publication_problems(*, claim: Claim, user) -> list[str]:
    """What stops `user` publishing `claim` now; empty when nothing does."""
    problems = []
    verdict = Verdict.objects.filter(claim=claim).select_related("rating").first()
    if verdict is None or verdict.rating is None:
        problems.append(_("Give the verdict a rating."))
    if verdict is None or not verdict.conclusion.strip():
        problems.append(_("Write the verdict's conclusion."))
    statements = list(claim.statements.order_by("said_on", "id"))
    if not statements:
        problems.append(_("Add at least one statement that makes or denies the claim."))
    for statement in statements:
        if statement.source_id is None:
            problems.append(
                _("Give a source for the statement “%(statement)s”.")
                % {"statement": statement.text[:80]}
            )
    # Said to editors only: a fact-checker cannot publish anyway, and is told so.
    if (
        verdict is not None
        and user.has_perm(PUBLISH_CLAIM)
        and not settings.ONE_PERSON_DESK
        and verdict.authors.filter(pk=user.pk).exists()
    ):
        problems.append(
            _("You wrote this verdict: another editor must publish it (a second pair of eyes).")
        )
    return problems


@transaction.atomic
def claim_publish(*, claim: Claim, user) -> Claim:
    """In review → published. The editor becomes the verdict's reviewer."""
    _require_editor(user, _("Only an editor may publish a claim."))
    claim = _locked(claim)
    if claim.status != Claim.Status.IN_REVIEW:
        raise ValidationError(
            _("Only a claim in review can be published; this claim is %(status)s.")
            % {"status": claim.get_status_display().lower()}
        )
    problems = claim_publication_problems(claim=claim, user=user)
    if problems:
        raise ValidationError(problems)
    verdict = claim.verdict
    verdict.reviewer = user
    verdict.version += 1
    verdict.full_clean()
    _record(verdict, user=user, reason=_("Reviewed and published"))
    verdict.save()
    claim = _transition(
        claim,
        user=user,
        reason=_("Published"),
        status=Claim.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    notifications.claim_notify(
        claim=claim,
        actor=user,
        people=notifications.claim_writers(claim),
        subject=notifications.text("published", claim=claim.text[:80]),
        body=_("%(user)s reviewed and published this claim.") % {"user": user},
    )
    claim_change_announce(event=WebhookEvent.CLAIM_PUBLISHED, claim=claim)
    return claim


@transaction.atomic
def claim_retract(*, claim: Claim, user, notice: str) -> Claim:
    """Published → retracted. The claim stays public with the notice, as a correction does."""
    _require_editor(user, _("Only an editor may retract a claim."))
    claim = _locked(claim)
    if claim.status != Claim.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published claim can be retracted; this claim is %(status)s.")
            % {"status": claim.get_status_display().lower()}
        )
    notice = notice.strip()
    if not notice:
        raise ValidationError({"retraction_notice": _("Say why the fact-check is retracted.")})
    claim = _transition(
        claim,
        user=user,
        reason=_("Retracted"),
        status=Claim.Status.RETRACTED,
        retracted_at=timezone.now(),
        retraction_notice=notice,
    )
    claim_change_announce(event=WebhookEvent.CLAIM_RETRACTED, claim=claim)
    return claim


# --- Translations ---------------------------------------------------------------------------

# What a translation carries: a change to any of them is a new text to review.
TRANSLATION_CONTENT_FIELDS = ("language", "text", "conclusion", "analysis", "origin")


def claim_translation_check(
    *,
    translation: ClaimTranslation,
    user,
    changed_fields,
    reviewed: bool,
    minor_edit: bool = False,
    correction: str = "",
) -> bool:
    """Whether this save leaves the translation reviewed; refuses what the rules forbid.

    Anyone on the desk may propose or change a translation that readers do not see; only an
    editor marks one reviewed, and a change to its words undoes an earlier review. Once
    readers can see it (reviewed, on a public claim), or will see it because this save
    reviews it, it changes as any public text does: by an editor, with a correction or as a
    declared minor edit (`public_text_check`).
    """
    stored = ClaimTranslation.objects.filter(pk=translation.pk).first() if translation.pk else None
    content_changed = stored is None or bool(set(changed_fields) & set(TRANSLATION_CONTENT_FIELDS))
    was_reviewed = stored is not None and stored.reviewed_by_id is not None
    keeps_review = reviewed and was_reviewed and not content_changed
    if reviewed and not keeps_review and not user.has_perm(PUBLISH_CLAIM):
        if not (was_reviewed and content_changed):
            raise PermissionDenied(
                _("Only an editor may mark a translation reviewed: leave it to one.")
            )
        reviewed = False  # the review covered the old words, not these
    claim = translation.claim
    shown_before = claim.is_public and was_reviewed
    shown_after = claim.is_public and reviewed
    if (shown_before or shown_after) and (content_changed or shown_before != shown_after):
        if not user.has_perm(PUBLISH_CLAIM):
            raise PermissionDenied(
                _(
                    "Readers can see this translation on a published claim: only an editor "
                    "may change it. Propose the change in a note on the claim."
                )
            )
        if not minor_edit and not correction.strip():
            raise ValidationError(
                {
                    "correction": _(
                        "Readers can see this translation on a published claim: say what "
                        "changed in a correction, or tick “minor edit” for a typo."
                    )
                }
            )
    return reviewed


@transaction.atomic
def claim_translation_save(
    *,
    translation: ClaimTranslation,
    user,
    changed_fields,
    reviewed: bool,
    expected_version: int | None = None,
    minor_edit: bool = False,
    correction: str = "",
    kind: str = Correction.Kind.CORRECTION,
) -> ClaimTranslation:
    """Propose, change or review a claim's translation (docs/desk.md, "Translations").

    The reviewer is whoever last marked it reviewed; on a public claim the change gets a
    correction, or "Minor edit" in its history, like any other public text.
    """
    if translation.pk is None:
        translation.version = 1
    else:
        translation.version = (
            edit_conflict_check(instance=translation, expected_version=expected_version) + 1
        )
    stored = ClaimTranslation.objects.filter(pk=translation.pk).first() if translation.pk else None
    reviewed = claim_translation_check(
        translation=translation,
        user=user,
        changed_fields=changed_fields,
        reviewed=reviewed,
        minor_edit=minor_edit,
        correction=correction,
    )
    content_changed = stored is None or bool(set(changed_fields) & set(TRANSLATION_CONTENT_FIELDS))
    if not reviewed:
        translation.reviewed_by, translation.reviewed_at = None, None
    elif stored is None or stored.reviewed_by_id is None or content_changed:
        translation.reviewed_by, translation.reviewed_at = user, timezone.now()
    else:
        translation.reviewed_by_id, translation.reviewed_at = (
            stored.reviewed_by_id,
            stored.reviewed_at,
        )
    translation.full_clean()
    claim = translation.claim
    public_change = claim.is_public and (
        translation.reviewed_by_id is not None
        or (stored is not None and stored.reviewed_by_id is not None)
    )
    minor = public_change and minor_edit and not correction.strip()
    _record(translation, user=user, reason=_("Minor edit") if minor else None)
    translation.save()
    if public_change and correction.strip():
        verdict = Verdict.objects.filter(claim=claim).first()
        if verdict is not None:
            correction_create(verdict=verdict, user=user, text=correction, kind=kind)
    return translation


# --- Verdicts and corrections ---------------------------------------------------------------


def verdict_correction_check(
    *,
    claim: Claim,
    stored: Verdict | None,
    rating,
    conclusion: str,
    correction: str,
    analysis: str | None = None,
    evidence_changed: bool = False,
    minor_edit: bool = False,
    user=None,
) -> None:
    """A public verdict keeps a rating and a conclusion, and they change only with a
    correction (IFCN); its analysis and evidence change with one or as a declared minor edit."""
    if claim.is_public:
        missing = {}
        if rating is None:
            missing["rating"] = _(
                "A published verdict keeps a rating: change it, with a correction, but do not "
                "remove it. To withdraw the ruling, retract the claim."
            )
        if not conclusion.strip():
            missing["conclusion"] = _("A published verdict keeps its one-line conclusion.")
        if missing:
            raise ValidationError(missing)
    ruling_changed = stored is not None and (
        stored.rating_id != (rating.pk if rating else None) or stored.conclusion != conclusion
    )
    if claim.is_public and ruling_changed and not correction.strip():
        raise ValidationError(
            {
                "correction": _(
                    "This claim is published: changing its rating or conclusion needs a "
                    "correction that says what changed and why."
                )
            }
        )
    text_changed = stored is not None and (
        (analysis is not None and stored.analysis != analysis) or evidence_changed
    )
    if claim.is_public and text_changed and not correction.strip() and not minor_edit:
        raise ValidationError(
            {
                "correction": _(
                    "This claim is published: changing its analysis or evidence needs a "
                    "correction, clarification or update, or tick “minor edit” for a typo or "
                    "a link."
                )
            }
        )
    if correction.strip() and not claim.is_public:
        raise ValidationError(
            {"correction": _("Corrections are for published verdicts; this claim is not.")}
        )


# What a verdict says: whoever writes or changes any of it is one of its authors.
VERDICT_SUBSTANCE_FIELDS = ("rating", "conclusion", "analysis")


def verdict_substance_changed(*, stored: Verdict | None, verdict: Verdict) -> bool:
    """Whether this save writes the verdict's rating, conclusion or analysis."""
    if stored is None:
        return bool(verdict.rating_id or verdict.conclusion.strip() or verdict.analysis.strip())
    return any(
        getattr(stored, field) != getattr(verdict, field) for field in VERDICT_SUBSTANCE_FIELDS
    )


def verdict_author_add(*, verdict: Verdict, user) -> None:
    """Record `user` among the verdict's authors: the byline, and the rule that an author may
    not be the editor who publishes it (a second pair of eyes)."""
    # Only when new: each change of the authors is a revision of its own in the history.
    if user is not None and user.pk is not None and not verdict.authors.filter(pk=user.pk).exists():
        verdict.authors.add(user)


def verdict_evidence_set(*, verdict: Verdict, sources, user) -> None:
    """Cite exactly `sources` as the verdict's evidence; whoever changes it is an author.

    One row at a time, not `.set()` (which bulk-creates without signals), so that each source
    added or removed is in the revision history with who did it.
    """
    wanted = {source.pk for source in sources}
    changed = False
    for link in verdict.evidence_links.all():
        if link.source_id in wanted:
            wanted.discard(link.source_id)
        else:
            _record(link, user=user)
            link.delete()
            changed = True
    for source_pk in sorted(wanted):
        link = Evidence(verdict=verdict, source_id=source_pk)
        link.full_clean()
        _record(link, user=user)
        link.save()
        changed = True
    if changed:
        verdict_author_add(verdict=verdict, user=user)


@transaction.atomic
def verdict_save(
    *,
    verdict: Verdict,
    user,
    expected_version: int | None = None,
    correction: str = "",
    kind: str = Correction.Kind.CORRECTION,
    minor_edit: bool = False,
    evidence_changed: bool = False,
) -> Verdict:
    """Create or edit a verdict.

    On a public claim, changing what readers were told is an editor's to do: the rating or
    the conclusion only with a correction; the analysis or evidence with one, or as a minor
    edit that the history names.
    """
    correction = correction.strip()
    if verdict.pk is None:
        claim = verdict.claim
        stored = None
        verdict.version = 1
        verdict.reviewer = None
    else:
        current_version = edit_conflict_check(instance=verdict, expected_version=expected_version)
        stored = Verdict.objects.select_related("claim").get(pk=verdict.pk)
        for field in VERDICT_WORKFLOW_FIELDS:
            setattr(verdict, field, getattr(stored, field))
        verdict.version = current_version + 1
        claim = stored.claim

    if not claim_can_edit(claim=claim, user=user):
        raise PermissionDenied(_("Only an editor may change the verdict of a published claim."))
    verdict_correction_check(
        claim=claim,
        stored=stored,
        rating=verdict.rating,
        conclusion=verdict.conclusion,
        correction=correction,
        analysis=verdict.analysis,
        evidence_changed=evidence_changed,
        minor_edit=minor_edit,
    )

    substance_changed = verdict_substance_changed(stored=stored, verdict=verdict)
    verdict.full_clean()
    minor = claim.is_public and minor_edit and not correction
    _record(verdict, user=user, reason=correction or (_("Minor edit") if minor else None))
    verdict.save()
    if substance_changed:
        verdict_author_add(verdict=verdict, user=user)
    if correction:
        correction_create(verdict=verdict, user=user, text=correction, kind=kind)
    elif claim.is_live:
        claim_change_announce(event=WebhookEvent.CLAIM_UPDATED, claim=claim)
    return verdict


def correction_check(*, verdict: Verdict) -> None:
    """Corrections are public notes on what readers saw: a draft has nothing to correct."""
    if not verdict.claim.is_public:
        raise ValidationError(
            _("Corrections are for published verdicts; this claim is not published.")
        )


@transaction.atomic
def correction_create(
    *,
    verdict: Verdict,
    user,
    text: str,
    kind: str = Correction.Kind.CORRECTION,
    published_at=None,
) -> Correction:
    """Attach a dated public note to a published verdict, and date the claim's "Updated".

    What the ruling said before and after is read from the verdict's history: the revision
    readers last saw before this note, and the verdict as it stands now. Corrections are never
    deleted.
    """
    _require_editor(user, _("Only an editor may publish a correction."))
    correction_check(verdict=verdict)
    published_at = published_at or timezone.now()
    before = _ruling_before(verdict)
    correction = Correction(
        verdict=verdict,
        kind=kind,
        text=text.strip(),
        published_at=published_at,
        rating_before=before[0],
        conclusion_before=before[1],
        rating_after=str(verdict.rating or ""),
        conclusion_after=verdict.conclusion,
    )
    correction.full_clean()
    _record(correction, user=user)
    correction.save()
    claim_revised(claim=verdict.claim, at=published_at)
    claim_change_announce(event=WebhookEvent.CLAIM_CORRECTED, claim=verdict.claim)
    return correction


def _ruling_before(verdict: Verdict) -> tuple[str, str]:
    """The rating and conclusion of the verdict's latest revision that differs from now."""
    current = (verdict.rating_id, verdict.conclusion)
    for revision in verdict.history.select_related("rating").order_by(
        "-history_date", "-history_id"
    ):
        if (revision.rating_id, revision.conclusion) != current:
            return str(revision.rating or ""), revision.conclusion
    return str(verdict.rating or ""), verdict.conclusion


def claim_revised(*, claim: Claim, at) -> None:
    """Date the change readers are told of: the claim's "Updated", and ClaimReview's
    dateModified. An update query, so that no edit counter moves and no open form conflicts."""
    Claim.objects.filter(pk=claim.pk).update(revised_at=at, updated_at=timezone.now())
    claim.revised_at = at


# --- Notes ----------------------------------------------------------------------------------


def claim_note_add(*, claim: Claim, user, text: str) -> ClaimNote:
    """Leave a note on a claim for the rest of the desk. Notes are never public."""
    if not user.has_perm("statements.view_claim"):
        raise PermissionDenied(_("You may not see this claim."))
    note = ClaimNote(claim=claim, author=user, text=text.strip())
    note.full_clean()
    note.save()
    return note


# --- Revision history -----------------------------------------------------------------------


def history_baselines_record() -> int:
    """Give every row that has no revision yet (loaded from a fixture or a data migration,
    which bypass the history) a first one, so that its first edit shows what changed.

    Run after every `migrate` and after the seed story loads; returns how many it recorded.
    """
    from simple_history.models import registered_models

    recorded = 0
    for model in registered_models.values():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None or model._meta.app_label not in ("statements", "pages"):
            continue  # a many-to-many table's history, recorded with its owner
        history = getattr(model, manager)
        # NOT EXISTS, an anti-join: `pk NOT IN (subquery)` is only fast while the history's ids
        # fit in work_mem; past that PostgreSQL rescans the history for every row, and
        # `migrate` at a million statements ran for hours.
        missing = model.objects.exclude(
            models.Exists(
                history.model.objects.filter(**{model._meta.pk.attname: models.OuterRef("pk")})
            )
        )
        rows = list(missing)
        if rows:
            history.bulk_history_create(
                rows, default_change_reason=_("Recorded when its history began")
            )
            recorded += len(rows)
    return recorded
