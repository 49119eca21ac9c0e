"""/sitemap.xml: an index of one sitemap per kind of public page, each paginated by Django."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Claim, Speaker, Topic


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL, whatever host the crawler asked."""

    limit = 10000

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ClaimSitemap(SiteSitemap):
    def items(self):
        return Claim.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, claim):
        return claim.updated_at


class SpeakerSitemap(SiteSitemap):
    def items(self):
        return Speaker.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, speaker):
        return speaker.updated_at


class TopicSitemap(SiteSitemap):
    def items(self):
        return Topic.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, topic):
        return topic.updated_at


class PageSitemap(SiteSitemap):
    """The pages that are always there."""

    NAMES = [
        "statements:home",
        "statements:claim-list",
        "statements:speaker-list",
        "statements:topic-list",
        "statements:corrections",
        "pages:methodology",
        "pages:about",
    ]

    def items(self):
        return self.NAMES

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "claims": ClaimSitemap,
    "speakers": SpeakerSitemap,
    "topics": TopicSitemap,
    "pages": PageSitemap,
}
