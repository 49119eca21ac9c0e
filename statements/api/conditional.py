"""ETag, Last-Modified, 304, Cache-Control and the server-side cache for every successful GET."""

import hashlib

from django.conf import settings
from django.db.models import Max
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from publiccache import cache as public_cache

from ..changelog import ClaimChange
from .languages import ContentLanguageMixin


def data_last_modified():
    """When anything the API shows last changed: the newest row of the change log."""
    return ClaimChange.objects.aggregate(at=Max("changed_at"))["at"]


def log_head() -> tuple[int, object]:
    """The newest change-log row's number and when anything last changed, in one query."""
    head = ClaimChange.objects.aggregate(newest=Max("id"), at=Max("changed_at"))
    return head["newest"] or 0, head["at"]


class ConditionalGetMixin(ContentLanguageMixin):
    """Answers GETs from the public cache, after authentication and throttling have run.

    Each answer is kept per language (ContentLanguageMixin runs first, and sets it).

    Validators come from the database's generation number (publiccache/cache.py): a 304 costs
    one query, and a cached document none beyond it. A view whose answer depends on the clock
    as well as the data (`server_cache = False`: /changes/ holds back its newest rows) gets an
    ETag hashed from its body instead and is never stored.
    """

    cache_max_age: int | None = None
    server_cache = True

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not self.server_cache or request.method not in ("GET", "HEAD"):
            return
        cached = public_cache.lookup(request._request, max_age=self.max_age())
        if cached is not None:
            # DRF calls the method's handler next: let it hand back what the cache holds.
            setattr(self, request.method.lower(), lambda *args, **kwargs: cached)
            self.answered_from_cache = cached

    def max_age(self) -> int:
        return settings.API_CACHE_MAX_AGE if self.cache_max_age is None else self.cache_max_age

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response is getattr(self, "answered_from_cache", None):
            return response
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
            return response
        patch_vary_headers(response, ["Accept", "X-API-Key"])
        if response.streaming or response.status_code == 304:
            # Streamed (the DataFeed): the view set its own validators; the body is neither
            # hashed nor stored, since either would hold the whole archive in memory.
            patch_cache_control(response, public=True, max_age=self.max_age(), must_revalidate=True)
            return response
        if hasattr(response, "render"):
            response.render()
        if self.server_cache:
            public_cache.add_surrogate_keys(response, "api")
            public_cache.store(request._request, response, max_age=self.max_age())
            return response
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        last_modified = data_last_modified()
        response["ETag"] = etag
        timestamp = None
        if last_modified is not None:
            timestamp = int(last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=self.max_age(), must_revalidate=True)
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )
