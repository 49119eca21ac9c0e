"""The claim page's Embed box and oEmbed discovery link."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from statements.jsonld import absolute_url

from ..views import embed_snippet as snippet
from ..views import share_image_url

register = template.Library()


@register.simple_tag
def embed_snippet(claim):
    return snippet(claim)


@register.simple_tag
def oembed_url(claim):
    page = absolute_url(claim.get_absolute_url())
    return absolute_url(f"{reverse('integrations:oembed')}?{urlencode({'url': page})}")


@register.simple_tag
def share_image(claim):
    return share_image_url(claim)
