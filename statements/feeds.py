"""
Atom feeds of live verdicts and corrections: the whole site, one speaker, one topic.

Claims come from `published()` (a retraction is announced by the claim page, not as a new
verdict); corrections from `Correction.objects.public()`.

Strict readers hold feeds to RFC 4287: every address (the feed's id, entry ids, links) is
built from SITE_URL, never from the Host header, so an entry keeps its id whichever host
served it; the site is the feed's author; an entry's `updated` moves when its verdict or
rating changes and is never earlier than its `published`.
"""

from heapq import merge
from itertools import islice

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .jsonld import absolute_url
from .models import Claim, Correction, Speaker, Topic

FEED_LENGTH = 30


def newest_first(claims, corrections):
    """Claims and corrections in one list, newest first, FEED_LENGTH long."""
    claims = (
        claims.with_content_updated()
        .select_related("verdict__rating")
        .order_by("-published_at", "-id")
    )
    corrections = corrections.select_related("verdict__claim", "verdict__rating").order_by(
        "-published_at", "-id"
    )
    both = merge(
        claims[:FEED_LENGTH],
        corrections[:FEED_LENGTH],
        key=lambda item: item.published_at,
        reverse=True,
    )
    return list(islice(both, FEED_LENGTH))


class ClaimFeed(Feed):
    """Live verdicts and corrections across the site."""

    feed_type = Atom1Feed
    title = gettext_lazy("Latest fact-checks and corrections")
    subtitle = gettext_lazy("New verdicts and corrections to published ones.")

    def link(self, obj=None):
        return absolute_url(reverse("statements:claim-list"))

    def author_name(self):
        return settings.SITE_NAME

    def author_link(self):
        return absolute_url("/")

    def feed_url(self, obj=None):
        return absolute_url(reverse("statements:feed-claims"))

    def claims(self, obj):
        return Claim.objects.published()

    def corrections(self, obj):
        return Correction.objects.public()

    def items(self, obj=None):
        return newest_first(self.claims(obj), self.corrections(obj))

    def item_title(self, item):
        if isinstance(item, Correction):
            return _("Correction: %(claim)s") % {"claim": item.verdict.claim.text}
        rating = item.verdict.rating if hasattr(item, "verdict") else None
        if rating is None:
            return item.text
        return _("%(rating)s: %(claim)s") % {"rating": rating.label, "claim": item.text}

    def item_description(self, item):
        if isinstance(item, Correction):
            return item.text
        return item.verdict.conclusion if hasattr(item, "verdict") else ""

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        # The entry's address is its id: a correction's is its anchor on the claim page.
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        if isinstance(item, Correction):
            return max(item.updated_at, item.published_at)
        return item.content_updated_at


class SpeakerFeed(ClaimFeed):
    """Verdicts on claims a speaker made or denied, and their corrections."""

    def get_object(self, request, slug):
        return get_object_or_404(Speaker.objects.public(), slug=slug)

    def title(self, obj):
        return _("Fact-checks of %(speaker)s") % {"speaker": obj.name}

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("statements:feed-speaker", kwargs={"slug": obj.slug}))

    def claims(self, obj):
        return Claim.objects.published().said_by(obj)

    def corrections(self, obj):
        return Correction.objects.public().filter(verdict__claim__in=self.claims(obj))


class TopicFeed(ClaimFeed):
    """Verdicts on claims about a topic, and their corrections."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.public(), slug=slug)

    def title(self, obj):
        return _("Fact-checks on %(topic)s") % {"topic": obj.name}

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("statements:feed-topic", kwargs={"slug": obj.slug}))

    def claims(self, obj):
        return Claim.objects.published().filter(topics=obj)

    def corrections(self, obj):
        return Correction.objects.public().filter(verdict__claim__topics=obj)
