from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def rated_claim_offers(statement):
    """Published, rated claims the statement reads like: the desk offers to attach it."""
    return selectors.rated_claims_like(statement=statement)
