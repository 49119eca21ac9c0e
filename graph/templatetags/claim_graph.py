"""The stance graph on public pages: the partials in templates/includes/ call these, so the
claim and speaker views need no change to show relations, repeats and reversals."""

from django import template
from django.db.models import prefetch_related_objects

from statements.models import Claim

from .. import moments, selectors

register = template.Library()


@register.simple_tag
def claim_relations(claim):
    """Claims linked to `claim` that readers can see (both ends public). Two queries."""
    prefetch_related_objects([claim], *selectors.relation_prefetches(Claim.objects.public()))
    return selectors.related_claims(claim)


@register.simple_tag
def claim_repeats(claim):
    return selectors.claim_repeats(claim) if claim.is_live else None


@register.simple_tag
def speaker_repeats(speaker):
    return selectors.speaker_repeats(speaker)


@register.simple_tag
def speaker_reversals(speaker):
    return selectors.speaker_reversals(speaker)


@register.simple_tag
def statement_moment(statement):
    """Where in its source the statement was said, as a link (no query: source is joined)."""
    return moments.statement_moment(statement)
