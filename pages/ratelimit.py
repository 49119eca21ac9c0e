"""A per-address rate limit kept in the cache (Redis in production, so shared by all workers)."""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from factcheck.clients import client_address

WINDOW_SECONDS = 3600


def allow(request, *, scope: str, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Count one attempt for the client's address; False once it passes `limit` in `window`."""
    # A keyed hash, so the cache never holds readers' addresses.
    digest = salted_hmac(f"ratelimit:{scope}", client_address(request)).hexdigest()
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
