"""Template helpers for the public site."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override

from statements.jsonld import absolute_url
from statements.markdown import render_markdown
from statements.translations import Variant, in_language

register = template.Library()

# As Django's json_script: inside <script>, "</script>" or "<!--" in the data would end the
# element early; escaped as \u003C etc. it stays inside the JSON string.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def markdown(text):
    """Desk-written Markdown as sanitised HTML."""
    return render_markdown(text)


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> block; data, not code, so the CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped  # nosec B308, B703
    )


@register.simple_tag
def site_name():
    return settings.SITE_NAME


@register.filter
def absolute(path):
    """A site path as the full public address, e.g. for canonical links and OpenGraph."""
    return absolute_url(path)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in each of settings.LANGUAGES: code, native name, direction, path, whether it
    is the one being read and whether it is the default (x-default); empty on pages that exist
    in one language only (the 404 page of an address that matches no page).

    For the language switcher and the hreflang alternates of base.html. Paths only: they name
    the page, not a filtered view of it, and a reader's query is never echoed into links.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return []
    current = get_language()
    versions = []
    for code, name in settings.LANGUAGES:
        # As django.urls.translate_url, reusing the match Django already made for this request.
        with override(code):
            try:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return []
        versions.append(
            {
                "code": code,
                "name": name,
                "dir": "rtl" if get_language_info(code)["bidi"] else "ltr",
                "path": path,
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    if len({version["path"] for version in versions}) < len(versions):
        return []
    return versions


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with `page` set to `number`, keeping the reader's filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.filter
def initials(name: str) -> str:
    """Up to two initials for a speaker without a portrait: "Donald Trump" → "DT"."""
    words = [word for word in str(name).split() if word[:1].isalnum()]
    if not words:
        return ""
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.filter
def machine_time(value):
    """A datetime for `<time datetime>`: ISO 8601 to the second, in the site's time zone.

    Django's "c" format keeps microseconds, which the HTML spec allows but validators and
    some parsers reject; readers never see them.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag
def in_reader_language(claim, field):
    """The claim's text, conclusion or analysis in the page's language, or the original."""
    return in_language(claim, field)


@register.simple_tag
def lang_attrs(variant: Variant):
    """`lang` and `dir` on a block whose words are not in the page's language (a fallback)."""
    if not isinstance(variant, Variant) or not variant.is_fallback:
        return ""
    return format_html(' lang="{}" dir="{}"', variant.language, variant.direction)


@register.filter
def scale_of(rating_scales, rating):
    """The steps of `rating`'s own rating model, from the `rating_scale` context processor."""
    return rating_scales.scale_of(rating)
