"""
Public responses served from the cache, keyed on the database's generation number.

Versioned keys, not purges: every key names `Generation.number`, which the database bumps in
the same transaction as any change to public data (triggers.py). A change therefore makes
every earlier entry unreachable at once: nothing has to know what a change shows, so no code
path can forget to purge, and an entry can never outlive the data it was built from. Entries
of old generations simply expire (PUBLIC_CACHE_TIMEOUT). The price is that one edit empties
the whole cache; a desk publishes a few times an hour, and a page is rebuilt on its first
request after an edit.

The same number gives the ETag and Last-Modified, so a conditional GET is answered with one
query (the generation row) before anything else is loaded, and still while the cache is down.

Only anonymous requests take part: a request with a session or messages cookie (staff, who may
preview drafts) is neither answered from the cache nor stored in it.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.http import http_date

from .models import Generation

SURROGATE_KEY = "Surrogate-Key"
# Every cached response carries this surrogate key, so a CDN can be emptied with one purge.
ALL = "public"


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime | None


def current_version(request: HttpRequest) -> Version:
    """The public data's generation, read once per request (the one query of a 304)."""
    if not hasattr(request, "_public_version"):
        row = Generation.objects.filter(pk=Generation.ROW).values_list("number", "changed_at")
        request._public_version = Version(*row[0]) if row else Version(0, None)
    return request._public_version


def is_anonymous(request: HttpRequest) -> bool:
    """No cookie that could change the page: no session (staff previews), no pending message."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _address(request: HttpRequest) -> str:
    # Host, path and query string (a page of a list is its own entry), method and language.
    uri = request.build_absolute_uri()
    return f"{request.method}|{uri}|{translation.get_language()}"


def _key(request: HttpRequest, version: Version) -> str:
    digest = hashlib.sha256(_address(request).encode()).hexdigest()
    return f"publiccache:{version.number}:{digest}"


def validators(request: HttpRequest) -> tuple[str, int | None]:
    """ETag and Last-Modified of this address at the current generation."""
    version = current_version(request)
    # Keyed, so the ETag does not tell outsiders how often the desk saves anything.
    tag = salted_hmac("publiccache.etag", f"{version.number}|{_address(request)}").hexdigest()
    changed = int(version.changed_at.timestamp()) if version.changed_at else None
    return f'"{tag[:32]}"', changed


def add_surrogate_keys(response: HttpResponseBase, *keys: str) -> None:
    """Name what the response shows (claim-<id>, speaker-<id>, home…) for a CDN's purges."""
    existing = response.get(SURROGATE_KEY, "").split()
    response[SURROGATE_KEY] = " ".join(dict.fromkeys([*existing, *keys]))


def patch_public_headers(request: HttpRequest, response: HttpResponseBase, *, max_age: int):
    """Validators and the Cache-Control that lets browsers and CDNs keep a public response."""
    etag, last_modified = validators(request)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        s_maxage=settings.CDN_S_MAXAGE,
        stale_while_revalidate=settings.CDN_STALE_WHILE_REVALIDATE,
    )
    add_surrogate_keys(response, ALL)


def lookup(request: HttpRequest, *, max_age: int) -> HttpResponseBase | None:
    """A 304 if the client holds this generation's version, else the stored response, if any."""
    etag, last_modified = validators(request)
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        patch_public_headers(request, not_modified, max_age=max_age)
        return not_modified
    return cache.get(_key(request, current_version(request)))


def store(request: HttpRequest, response: HttpResponseBase, *, max_age: int) -> None:
    """Add the public headers and, if the response is the same for every reader, keep it."""
    cache_control = response.get("Cache-Control", "")
    if (
        response.status_code != 200
        # The view said so (a draft's preview), or the page is this reader's own: it sets a
        # cookie or holds a CSRF token.
        or any(word in cache_control for word in ("private", "no-store", "no-cache"))
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        return
    patch_public_headers(request, response, max_age=max_age)
    if not response.streaming:
        cache.set(_key(request, current_version(request)), response, settings.PUBLIC_CACHE_TIMEOUT)
