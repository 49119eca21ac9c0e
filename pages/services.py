"""Triage of what readers send in: new → accepted (a claim made from it) / declined (with a
reason) / duplicate (of a claim the desk already has). Reader emails stay on the submission;
nothing here copies them anywhere a reader could see."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from statements import services as statement_services
from statements.models import Claim

from .models import ClaimSubmission

TRIAGE_PERMISSION = "pages.change_claimsubmission"


def _triage(submission: ClaimSubmission, user, **changes) -> ClaimSubmission:
    if not user.has_perm(TRIAGE_PERMISSION):
        raise PermissionDenied(_("You may not triage reader submissions."))
    locked = ClaimSubmission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != ClaimSubmission.Status.NEW:
        raise ValidationError(
            _("This submission was already triaged: %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.version += 1
    locked.full_clean()
    locked._history_user = user
    locked._change_reason = locked.get_status_display()
    locked.save()
    return locked


def _unique_slug(text: str) -> str:
    base = slugify(text)[:180] or "claim"
    slug, n = base, 2
    while Claim.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def submission_accept(*, submission: ClaimSubmission, user) -> Claim:
    """Make a draft claim from the reader's words, assigned to whoever accepted it, and link
    the two both ways."""
    if not user.has_perm("statements.add_claim"):
        raise PermissionDenied(_("You may not create claims."))
    text = " ".join(submission.claim_text.split())[:500]
    claim = statement_services.claim_save(
        claim=Claim(text=text, slug=_unique_slug(text), assignee=user), user=user
    )
    _triage(submission, user, status=ClaimSubmission.Status.ACCEPTED, claim=claim)
    return claim


@transaction.atomic
def submission_decline(*, submission: ClaimSubmission, user, reason: str) -> ClaimSubmission:
    """Decline, saying why (for the desk and the reply to the reader)."""
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why it is declined.")})
    return _triage(
        submission, user, status=ClaimSubmission.Status.DECLINED, decline_reason=reason.strip()
    )


@transaction.atomic
def submission_mark_duplicate(
    *, submission: ClaimSubmission, user, claim: Claim
) -> ClaimSubmission:
    """The desk already has this claim: link the submission to it."""
    return _triage(submission, user, status=ClaimSubmission.Status.DUPLICATE, claim=claim)
