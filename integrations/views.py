"""
Embeds: a small card for one claim that other sites may frame, and its oEmbed description.

The card is the only page allowed in frames (`frame-ancestors *`, no X-Frame-Options); every
other page keeps DENY. It needs no JavaScript and shows a retraction as plainly as the claim
page does.
"""

from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import DetailView

from statements.jsonld import absolute_url
from statements.models import Claim

from .share import share_image_render

EMBED_WIDTH = 560
EMBED_HEIGHT = 280


def embed_snippet(claim: Claim, *, width: int | str = "100%", height: int = EMBED_HEIGHT) -> str:
    """The one-line <iframe> a newsroom pastes to show the claim's card."""
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy"></iframe>',
        absolute_url(reverse("integrations:embed-claim", kwargs={"slug": claim.slug})),
        width,
        height,
        _("Fact-check: %(claim)s") % {"claim": claim.text},
    )


@method_decorator(xframe_options_exempt, name="dispatch")
@method_decorator(csp_replace({"frame-ancestors": ["*"]}), name="dispatch")
class EmbedClaimView(DetailView):
    """/embed/claims/<slug>/: claim, speaker, rating and a link back, for other sites' frames."""

    template_name = "integrations/embed_claim.html"
    context_object_name = "claim"

    def get_queryset(self):
        return Claim.objects.public().select_related("verdict__rating")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        stance = (
            claim.stances.filter(stance="asserts")
            .select_related("statement__speaker")
            .order_by("statement__said_on", "statement__id")
            .first()
        )
        context["speaker"] = stance.statement.speaker if stance else None
        context["verdict"] = getattr(claim, "verdict", None)
        context["claim_url"] = absolute_url(claim.get_absolute_url())
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def oembed(request):
    """/oembed?url=<a claim page>: the oEmbed 1.0 "rich" answer for it (JSON only)."""
    url = request.GET.get("url", "").strip()
    if request.GET.get("format", "json") != "json":
        return _error(501, _("Only format=json is offered."))
    if not url:
        return _error(400, _("The url parameter is required."))
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return _error(404, _("url is not a page of this site."))
    try:
        match = resolve(parts.path)
    except Resolver404:
        return _error(404, _("url is not a claim page of this site."))
    if match.view_name != "statements:claim-detail":
        return _error(404, _("url is not a claim page of this site."))
    try:
        claim = get_object_or_404(Claim.objects.public(), slug=match.kwargs["slug"])
    except Http404:
        return _error(404, _("No published claim at url."))
    width = EMBED_WIDTH
    raw_width = request.GET.get("maxwidth", "")
    if raw_width:
        if not raw_width.isdigit() or int(raw_width) < 200:
            return _error(400, _("maxwidth must be a whole number of pixels, at least 200."))
        width = min(width, int(raw_width))
    body = {
        "version": "1.0",
        "type": "rich",
        "provider_name": settings.SITE_NAME,
        "provider_url": absolute_url("/"),
        "title": claim.text,
        "width": width,
        "height": EMBED_HEIGHT,
        "html": embed_snippet(claim, width=width),
        "cache_age": settings.PUBLIC_PAGE_MAX_AGE,
    }
    response = JsonResponse(body)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


def share_image(request, slug: str):
    """/share/claims/<slug>.png: the claim's share card, drawn now if the worker has not yet."""
    claim = get_object_or_404(Claim.objects.public(), slug=slug)
    name = share_image_render(claim_id=claim.pk)
    with default_storage.open(name, "rb") as image:
        response = HttpResponse(image.read(), content_type="image/png")
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


def share_image_url(claim: Claim) -> str:
    """The card's address, versioned by when what it shows last changed (no stale caches)."""
    verdict = getattr(claim, "verdict", None)
    moments = [claim.updated_at]
    if verdict is not None:
        moments.append(verdict.updated_at)
        if verdict.rating is not None:
            moments.append(verdict.rating.updated_at)
    version = int(max(moments).timestamp() * 1_000_000)
    return absolute_url(
        f"{reverse('integrations:share-image', kwargs={'slug': claim.slug})}?v={version}"
    )
