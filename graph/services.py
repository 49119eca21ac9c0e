"""Writes over the stance graph: linking and merging claims, attaching repeats, opening
consistency checks (docs/graph.md). Each checks who may do it, validates, saves, and leaves
who and when in the revision history."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from statements import services as desk
from statements.models import Claim, ClaimRedirect, RatingScale, Stance, Statement
from statements.roles import PUBLISH_CLAIM

from .models import ClaimRelation, RelationKind, Reversal


def _record(instance, *, user, reason: str | None = None) -> None:
    instance._history_user = user
    if reason:
        instance._change_reason = reason


def _touch(*claims: Claim) -> None:
    """A claim's page shows its relations: its validators (ETag, Last-Modified) must move."""
    Claim.objects.filter(pk__in=[claim.pk for claim in claims]).update(updated_at=timezone.now())


def _stance_create(*, statement: Statement, claim: Claim, stance: str, user) -> Stance:
    row = Stance(statement=statement, claim=claim, stance=stance)
    row.full_clean()
    _record(row, user=user)
    row.save()
    return row


def claim_relation_check(*, claim: Claim, kind: str, related: Claim, user) -> None:
    """Why `user` may not link these claims so, if anything: raises, or returns None.

    Readers see links between public claims, so a link touching one is the editors' to make;
    *same as* is a merge, and a published fact-check is retracted, never merged away.
    """
    if not user.has_perm("graph.add_claimrelation"):
        raise PermissionDenied(_("You may not link claims."))
    if (claim.is_public or related.is_public) and not user.has_perm(PUBLISH_CLAIM):
        raise PermissionDenied(_("Only an editor may link a published claim."))
    if kind == RelationKind.SAME_AS and claim.is_public:
        raise ValidationError(
            _(
                "“%(claim)s” is published: a published fact-check is retracted, not merged. "
                "Link it as a follow-up instead."
            )
            % {"claim": claim}
        )


@transaction.atomic
def claim_relation_create(*, claim: Claim, kind: str, related: Claim, user) -> ClaimRelation:
    """Link two claims. *Same as* merges `claim` (a duplicate not yet public) into `related`:
    its statements are attached there too, and its address redirects there."""
    claim_relation_check(claim=claim, kind=kind, related=related, user=user)
    relation = ClaimRelation(claim=claim, kind=kind, related=related)
    relation.full_clean()
    if kind == RelationKind.SAME_AS:
        _merge(duplicate=claim, into=related, user=user)
    _record(relation, user=user)
    relation.save()
    _touch(claim, related)
    return relation


def _merge(*, duplicate: Claim, into: Claim, user) -> None:
    already = set(into.stances.values_list("statement_id", flat=True))
    for stance in duplicate.stances.select_related("statement"):
        if stance.statement_id not in already:
            _stance_create(statement=stance.statement, claim=into, stance=stance.stance, user=user)
    # The duplicate stays unpublished, so its address is free to redirect (DESIGN.md).
    ClaimRedirect.objects.update_or_create(old_slug=duplicate.slug, defaults={"claim": into})


@transaction.atomic
def claim_relation_delete(*, relation: ClaimRelation, user) -> None:
    """Unlink two claims. A merge is not undone: the attached statements stay where they are."""
    if not user.has_perm("graph.delete_claimrelation"):
        raise PermissionDenied(_("You may not unlink claims."))
    if (relation.claim.is_public or relation.related.is_public) and not user.has_perm(
        PUBLISH_CLAIM
    ):
        raise PermissionDenied(_("Only an editor may unlink a published claim."))
    _record(relation, user=user)
    _touch(relation.claim, relation.related)
    relation.delete()


@transaction.atomic
def statement_attach_to_claim(*, statement: Statement, claim: Claim, user) -> Stance:
    """Record `statement` as asserting an existing claim: a repeat of a rated claim is added
    to that claim rather than starting a new one. On a public claim, an editor's decision."""
    if not user.has_perm("statements.add_stance"):
        raise PermissionDenied(_("You may not attach statements to claims."))
    if not desk.public_content_can_edit(obj=claim, user=user):
        raise PermissionDenied(
            _("“%(claim)s” is published: ask an editor to attach this statement.")
            % {"claim": claim}
        )
    stance = _stance_create(statement=statement, claim=claim, stance=Stance.Kind.ASSERTS, user=user)
    _touch(claim)
    return stance


# Room for the “-consistency-<token>” ending within the slug's 200 characters.
SLUG_STEM_LENGTH = 150


@transaction.atomic
def reversal_open(*, earlier: Statement, later: Statement, user) -> Reversal:
    """Open a consistency check on two statements by one speaker: a draft claim with both
    statements as context, which the desk rates and publishes like any claim."""
    if not (user.has_perm("graph.add_reversal") and user.has_perm("statements.add_claim")):
        raise PermissionDenied(_("Only an editor may open a consistency check."))
    if earlier.speaker_id != later.speaker_id:
        raise ValidationError(_("A reversal is two statements by the same speaker."))
    if (later.said_on, later.pk) < (earlier.said_on, earlier.pk):
        earlier, later = later, earlier
    # Two editors clicking the same candidate at once: the second waits here, then finds the
    # check the first opened, instead of a second draft (or a database error).
    list(Statement.objects.select_for_update().filter(pk__in=[earlier.pk, later.pk]).order_by("pk"))
    opened = Reversal.objects.filter(earlier=earlier, later=later).select_related(
        "consistency_check"
    )
    if opened.exists():
        raise ValidationError(
            _("A consistency check on these two statements is already open: “%(check)s”.")
            % {"check": opened.get().consistency_check}
        )
    claims = list(
        Claim.objects.filter(stances__statement__in=[earlier, later]).distinct().order_by("pk")
    )
    subject = " / ".join(claim.text for claim in claims) or later.text
    text = _("Did %(speaker)s reverse their position? %(subject)s") % {
        "speaker": earlier.speaker.name,
        "subject": subject,
    }
    text = text if len(text) <= 500 else f"{text[:499]}…"
    # The check's own number is not known before it is saved: a random ending keeps the slug
    # unique without a second write.
    # Rated on the consistency scale (No Flip / Half Flip / Full Flop), not the truth scale:
    # the check asks whether the speaker reversed, not which statement was true.
    check = Claim(
        text=text,
        slug=f"{slugify(text)[:SLUG_STEM_LENGTH]}-consistency-{uuid.uuid4().hex[:8]}",
        scale=RatingScale.objects.consistency(),
    )
    desk.claim_save(claim=check, user=user)
    for statement in (earlier, later):
        _stance_create(statement=statement, claim=check, stance=Stance.Kind.CONTEXT, user=user)
    reversal = Reversal(earlier=earlier, later=later, consistency_check=check)
    reversal.full_clean()
    _record(reversal, user=user, reason=_("Consistency check opened"))
    reversal.save()
    return reversal
