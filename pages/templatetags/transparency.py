from django import template

from pages.models import Page

register = template.Library()


@register.inclusion_tag("includes/footer_pages.html")
def footer_pages():
    """The transparency pages editors chose to list in the footer."""
    return {"pages": Page.objects.filter(show_in_footer=True).only("title", "slug")}
