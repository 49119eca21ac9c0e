"""
/sitemap.xml: an index of one sitemap per kind of public page, each paginated by Django.

Every address, in the index and in its sections, is built from SITE_URL, whatever host the
crawler asked; `lastmod` is when what the page shows last changed (for a claim: the claim, its
verdict or its rating). Every page is listed once per language of settings.LANGUAGES (/claims/x/,
/hi/claims/x/, /ur/claims/x/), each with the others and x-default (English) as hreflang
alternates.
"""

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date

from pages.models import Page
from promises.models import Promise

from .models import Claim, Speaker, Topic


class EveryLanguage(Sequence):
    """The (item, language) pairs Django's i18n sitemap lists, counted and sliced in the
    database: Django builds the whole list in memory to paginate it, which loads every claim
    for each page of the sitemap."""

    def __init__(self, items, languages: list[str]):
        self.items, self.languages = items, languages

    def __len__(self) -> int:
        count = self.items.count() if isinstance(self.items, QuerySet) else len(self.items)
        return count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        per_item = len(self.languages)
        first = start // per_item
        pairs = [
            (item, language)
            for item in self.items[first : -(-stop // per_item)]
            for language in self.languages
        ]
        return pairs[start - first * per_item : stop - first * per_item]


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL, whatever host the crawler asked."""

    limit = 10000
    i18n = True
    alternates = True
    x_default = True

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate query, rather than Django's default of loading every item.
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]

    lastmod_field = "updated_at"

    @property
    def paginator(self):
        return Paginator(EveryLanguage(self.items(), self._languages()), self.limit)


class ClaimSitemap(SiteSitemap):
    lastmod_field = "content_updated_at"

    def items(self):
        return (
            Claim.objects.public()
            .with_content_updated()
            .order_by("pk")
            .only("slug", "updated_at", "published_at")
        )

    def lastmod(self, claim):
        return claim.content_updated_at


class SpeakerSitemap(SiteSitemap):
    def items(self):
        return Speaker.objects.public().order_by("pk").only("slug", "updated_at")


class TopicSitemap(SiteSitemap):
    def items(self):
        return Topic.objects.public().order_by("pk").only("slug", "updated_at")


class PromiseSitemap(SiteSitemap):
    """Published promises; `lastmod` moves with their timeline too."""

    lastmod_field = "content_updated_at"

    def items(self):
        return (
            Promise.objects.public()
            .with_content_updated()
            .order_by("pk")
            .only("slug", "updated_at")
        )

    def lastmod(self, promise):
        return promise.content_updated_at


class TransparencyPageSitemap(SiteSitemap):
    """/about/ and every other transparency page (/about/funding/, …).

    /methodology/ is there with or without a page of text, so it is listed with the others.
    """

    def items(self):
        return Page.objects.exclude(slug=Page.METHODOLOGY).order_by("pk").only("slug", "updated_at")


class PageSitemap(SiteSitemap):
    """The list pages that are always there."""

    NAMES = [
        "statements:home",
        "statements:claim-list",
        "statements:speaker-list",
        "statements:topic-list",
        "promises:promise-list",
        "statements:corrections",
        "pages:methodology",
    ]

    def items(self):
        return self.NAMES

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return None

    def get_latest_lastmod(self):
        return None


SITEMAPS = {
    "claims": ClaimSitemap,
    "speakers": SpeakerSitemap,
    "topics": TopicSitemap,
    "promises": PromiseSitemap,
    "about": TransparencyPageSitemap,
    "pages": PageSitemap,
}


@x_robots_tag
def sitemap_index(request, sitemaps=SITEMAPS, section_url_name="statements:sitemap-section"):
    """Django's index view, with the sections' addresses on SITE_URL instead of the Host."""
    items = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = f"{settings.SITE_URL}{reverse(section_url_name, kwargs={'section': section})}"
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            items.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    headers = None
    lastmods = [item.last_mod for item in items if item.last_mod is not None]
    if lastmods:
        headers = {"Last-Modified": http_date(max(lastmods).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
        headers=headers,
    )
