from django import template

from ..models import Promise, PromiseStatus

register = template.Library()


@register.filter
def promise_status_label(value: str) -> str:
    """The reader's words for a status value (annotations carry the value only)."""
    return PromiseStatus(value).label if value in PromiseStatus.values else value


@register.simple_tag
def speaker_promises(speaker):
    """The speaker's published promises grouped by status, in the scale's order. One query."""
    promises = list(
        Promise.objects.public()
        .with_status()
        .filter(statement__speaker=speaker)
        .select_related("statement")
        .order_by("-statement__said_on", "-id")
    )
    groups = []
    for status in PromiseStatus:
        members = [p for p in promises if p.current_status == status]
        if members:
            groups.append((status.label, members))
    return groups
