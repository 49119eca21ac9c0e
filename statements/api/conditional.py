"""ETag, Last-Modified, 304 and Cache-Control for every successful GET."""

import hashlib

from django.conf import settings
from django.db.models import Max
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from ..changelog import ClaimChange


def data_last_modified():
    """When anything the API shows last changed: the newest row of the change log."""
    return ClaimChange.objects.aggregate(at=Max("changed_at"))["at"]


def log_head() -> tuple[int, object]:
    """The newest change-log row's number and when anything last changed, in one query."""
    head = ClaimChange.objects.aggregate(newest=Max("id"), at=Max("changed_at"))
    return head["newest"] or 0, head["at"]


class ConditionalGetMixin:
    """A strong ETag from the body, Last-Modified from the change log, and 304 on a match.

    The body is built before the ETag is known, so a 304 saves the partner's bandwidth and
    parsing, not our queries; Cache-Control lets shared caches absorb repeated polls.
    """

    cache_max_age: int | None = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
            return response
        max_age = settings.API_CACHE_MAX_AGE if self.cache_max_age is None else self.cache_max_age
        if response.streaming or response.status_code == 304:
            # Streamed (the DataFeed): the view set its own validators; the body is not hashed.
            patch_cache_control(response, public=True, max_age=max_age, must_revalidate=True)
            patch_vary_headers(response, ["Accept", "X-API-Key"])
            return response
        if hasattr(response, "render"):
            response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        last_modified = data_last_modified()
        response["ETag"] = etag
        timestamp = None
        if last_modified is not None:
            timestamp = int(last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=max_age, must_revalidate=True)
        patch_vary_headers(response, ["Accept", "X-API-Key"])
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )
