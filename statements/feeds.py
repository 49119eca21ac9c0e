"""
Atom feeds of live verdicts and corrections: the whole site, one speaker, one topic.

Claims come from `published()`; corrections from `Correction.objects.public()`; the site feed
also announces retractions, and /feeds/corrections/ carries corrections and retractions alone.

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
from .notices import Retraction, notice_keys, notices_for, retracted_claims
from .translations import in_language, reader_language, with_translated_summary

FEED_LENGTH = 30


def newest_first(claims, corrections, retractions=None):
    """Claims, corrections and retractions in one list, newest first, FEED_LENGTH long."""
    # A verdict's entry reads in the feed's language where a reviewed translation has it
    # (/hi/feeds/claims/); notices quote the desk's words as written.
    claims = (
        with_translated_summary(claims, reader_language())
        .with_content_updated()
        .select_related("verdict__rating")
        .order_by("-published_at", "-id")
    )
    if retractions is None:
        retractions = Claim.objects.none()
    notices = notices_for(
        notice_keys(corrections=corrections, retractions=retractions)[:FEED_LENGTH]
    )
    both = merge(claims[:FEED_LENGTH], notices, key=lambda item: item.published_at, reverse=True)
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

    def retractions(self, obj):
        return retracted_claims()

    def items(self, obj=None):
        return newest_first(self.claims(obj), self.corrections(obj), self.retractions(obj))

    def item_title(self, item):
        if isinstance(item, Retraction):
            return _("Retracted: %(claim)s") % {"claim": item.claim.text}
        if isinstance(item, Correction):
            return _("%(kind)s: %(claim)s") % {
                "kind": item.get_kind_display(),
                "claim": item.verdict.claim.text,
            }
        rating = item.verdict.rating if hasattr(item, "verdict") else None
        text = in_language(item, "text").text
        if rating is None:
            return text
        return _("%(rating)s: %(claim)s") % {"rating": rating.translated_label, "claim": text}

    def item_description(self, item):
        if isinstance(item, Correction | Retraction):
            return item.text
        return in_language(item, "conclusion").text

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        # The entry's address is its id: a correction's is its anchor on the claim page.
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        if isinstance(item, Correction | Retraction):
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

    def retractions(self, obj):
        return retracted_claims().said_by(obj)


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

    def retractions(self, obj):
        return retracted_claims().filter(topics=obj)


class CorrectionFeed(ClaimFeed):
    """Corrections, clarifications, updates and retractions alone: what /corrections/ lists."""

    title = gettext_lazy("Corrections and retractions")
    subtitle = gettext_lazy("Every change we made to a published fact-check, newest first.")

    def link(self, obj=None):
        return absolute_url(reverse("statements:corrections"))

    def feed_url(self, obj=None):
        return absolute_url(reverse("statements:feed-corrections"))

    def items(self, obj=None):
        return notices_for(notice_keys()[:FEED_LENGTH])
