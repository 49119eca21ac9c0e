"""
/feeds/promises/: the promise tracker as an Atom feed, one entry per published promise.

A reader following promises wants to hear when one is tracked and when its status changes, so
an entry is the promise itself (its id is its page, as for claims): `published` is when we
published it, `updated` moves with every step added to its timeline, and the entries come
most recently changed first. The same rules as the claim feeds (statements/feeds.py): every
address from SITE_URL, the site as the author, `updated` never earlier than `published`.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from statements.jsonld import absolute_url

from .models import Promise, PromiseStatus, PromiseStatusChange

FEED_LENGTH = 30


class PromiseFeed(Feed):
    """Published promises, the most recently changed first, each with its current status."""

    feed_type = Atom1Feed
    title = gettext_lazy("Promise tracker")
    subtitle = gettext_lazy("Promises we track, and each change of their status.")

    def link(self):
        return absolute_url(reverse("promises:promise-list"))

    def feed_url(self):
        return absolute_url(reverse("promises:feed"))

    def author_name(self):
        return settings.SITE_NAME

    def author_link(self):
        return absolute_url("/")

    def items(self):
        promises = list(
            Promise.objects.public()
            .with_status()
            .with_content_updated()
            .select_related("statement__speaker")
            .order_by("-content_updated_at", "-id")[:FEED_LENGTH]
        )
        # Each entry says what the latest step was: one query for all of them.
        latest: dict[int, PromiseStatusChange] = {}
        for change in PromiseStatusChange.objects.filter(promise__in=promises).order_by(
            "changed_on", "id"
        ):
            latest[change.promise_id] = change
        for promise in promises:
            promise.latest_change = latest.get(promise.pk)
        return promises

    def item_title(self, promise):
        return _("%(status)s: %(promise)s") % {
            "status": PromiseStatus(promise.current_status).label,
            "promise": promise.text,
        }

    def item_description(self, promise):
        said = _("Promised by %(speaker)s on %(date)s.") % {
            "speaker": promise.statement.speaker.name,
            "date": promise.statement.said_on.isoformat(),
        }
        change = promise.latest_change
        if change is None:
            return said
        return f"{said} {change.changed_on.isoformat()}: {change.note}"

    def item_link(self, promise):
        return absolute_url(promise.get_absolute_url())

    def item_guid(self, promise):
        return self.item_link(promise)

    def item_pubdate(self, promise):
        return promise.published_at

    def item_updateddate(self, promise):
        return max(promise.content_updated_at, promise.published_at)
