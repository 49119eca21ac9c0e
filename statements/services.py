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

from .models import Claim, ClaimRedirect, Correction, Evidence, Stance, Statement, Verdict
from .roles import PUBLISH_CLAIM

# Fields that only the transition functions below may change. Ordinary saves, including a
# revert to an earlier version from the history page, keep the values in the database.
CLAIM_WORKFLOW_FIELDS = ("status", "published_at", "retracted_at", "retraction_notice")
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


def edit_conflict_check(*, instance: Claim | Verdict, expected_version: int | None) -> int:
    """Lock the row and refuse if it changed since `expected_version`; return its version.

    Called inside the admin's transaction from form validation, so that the lock is held until
    the save commits and two saves cannot both pass the check.
    """
    model = type(instance)
    current = (
        model.objects.select_for_update().filter(pk=instance.pk).values_list("version", flat=True)
    )
    current_version = current.first()
    if current_version is None or expected_version is None:
        return current_version or 1
    if current_version != expected_version:
        last = instance.history.select_related("history_user").first()
        who = last.history_user if last and last.history_user else _("someone else")
        when = date_format(timezone.localtime(last.history_date), "DATETIME_FORMAT") if last else ""
        raise EditConflict(
            _(
                "%(who)s saved this %(model)s at %(when)s, after you opened it. Your changes "
                "have not been saved and are still in the form: copy them, reload the page to "
                "see the other version, and apply them again."
            )
            % {"who": who, "model": model._meta.verbose_name, "when": when},
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
    if isinstance(obj, Statement):
        return Claim.objects.public().filter(stances__statement=obj).exists()
    return False


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
        return claim

    current_version = edit_conflict_check(instance=claim, expected_version=expected_version)
    stored = Claim.objects.get(pk=claim.pk)
    if not claim_can_edit(claim=stored, user=user):
        raise PermissionDenied(_("Only an editor may change a published claim."))
    for field in CLAIM_WORKFLOW_FIELDS:
        setattr(claim, field, getattr(stored, field))
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
    return _transition(
        claim, user=user, reason=_("Submitted for review"), status=Claim.Status.IN_REVIEW
    )


@transaction.atomic
def claim_return_to_draft(*, claim: Claim, user) -> Claim:
    """In review → draft: the editor sends it back, or the fact-checker withdraws it."""
    if not user.has_perm("statements.change_claim"):
        raise PermissionDenied(_("You may not change claims."))
    claim = _locked(claim)
    if claim.status != Claim.Status.IN_REVIEW:
        raise ValidationError(
            _("Only a claim in review can go back to draft; this claim is %(status)s.")
            % {"status": claim.get_status_display().lower()}
        )
    return _transition(claim, user=user, reason=_("Returned to draft"), status=Claim.Status.DRAFT)


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


# --- Verdicts and corrections ---------------------------------------------------------------


def verdict_correction_check(
    *, claim: Claim, stored: Verdict | None, rating, conclusion: str, correction: str
) -> None:
    """A public verdict keeps a rating and a conclusion, and they change only with a
    correction (IFCN)."""
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
    if correction.strip() and not claim.is_public:
        raise ValidationError(
            {"correction": _("Corrections are for published verdicts; this claim is not.")}
        )


def verdict_evidence_set(*, verdict: Verdict, sources, user) -> None:
    """Cite exactly `sources` as the verdict's evidence.

    One row at a time, not `.set()` (which bulk-creates without signals), so that each source
    added or removed is in the revision history with who did it.
    """
    wanted = {source.pk for source in sources}
    for link in verdict.evidence_links.all():
        if link.source_id in wanted:
            wanted.discard(link.source_id)
        else:
            _record(link, user=user)
            link.delete()
    for source_pk in sorted(wanted):
        link = Evidence(verdict=verdict, source_id=source_pk)
        link.full_clean()
        _record(link, user=user)
        link.save()


@transaction.atomic
def verdict_save(
    *,
    verdict: Verdict,
    user,
    expected_version: int | None = None,
    correction: str = "",
) -> Verdict:
    """Create or edit a verdict.

    On a public claim, changing the rating or the conclusion changes what readers were told:
    only an editor may do it, and only with a correction that says so.
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
    )

    verdict.full_clean()
    _record(verdict, user=user, reason=correction or None)
    verdict.save()
    if correction:
        correction_create(verdict=verdict, user=user, text=correction)
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
def correction_create(*, verdict: Verdict, user, text: str, published_at=None) -> Correction:
    """Attach a dated public note to a published verdict. Corrections are never deleted."""
    _require_editor(user, _("Only an editor may publish a correction."))
    correction_check(verdict=verdict)
    correction = Correction(
        verdict=verdict, text=text.strip(), published_at=published_at or timezone.now()
    )
    correction.full_clean()
    _record(correction, user=user)
    correction.save()
    claim_change_announce(event=WebhookEvent.CLAIM_CORRECTED, claim=verdict.claim)
    return correction
