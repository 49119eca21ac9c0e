"""
Purging a CDN in front of the site when public data changes. Optional: without CDN_PURGE_URL
nothing is queued and nothing is sent.

The server's own cache needs no purge (its keys name the generation, see cache.py). A CDN keeps
responses for CDN_S_MAXAGE seconds; with this hook it drops them as soon as a change commits.
Every cached response carries the surrogate key `public`, so one purge empties them all, the
same way one bump of the generation empties the server's cache.

The purge is queued from model signals on commit (signals.py). Writes that send no signal
(`QuerySet.update()`, raw SQL) do not purge: the CDN then serves the old answer until
s-maxage + stale-while-revalidate have passed, never longer.
"""

import logging
import urllib.request
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from .models import Generation

logger = logging.getLogger(__name__)


def cdn_purge(*, keys: Sequence[str]) -> bool:
    """Ask the CDN to drop every response tagged with one of `keys`, once per generation.

    Returns False when there is nothing to do: no CDN configured, or this generation already
    purged by an earlier task. Raises on an HTTP error, so the task queue records the failure.
    """
    url = settings.CDN_PURGE_URL
    if not url:
        return False
    if not url.startswith(("https://", "http://")):
        raise ImproperlyConfigured("CDN_PURGE_URL must be an http(s) address.")
    number = Generation.objects.filter(pk=Generation.ROW).values_list("number", flat=True).first()
    if not cache.add(f"publiccache:cdn-purged:{number}:{' '.join(keys)}", True, 3600):
        return False
    headers = {"Surrogate-Key": " ".join(keys)}
    if settings.CDN_PURGE_TOKEN:
        headers[settings.CDN_PURGE_AUTH_HEADER] = settings.CDN_PURGE_TOKEN
    request = urllib.request.Request(url, method="POST", headers=headers)  # noqa: S310 (checked)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (checked)  # nosec B310
        logger.info("CDN purge of %s: HTTP %s", " ".join(keys), response.status)
    return True
