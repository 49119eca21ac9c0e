"""
A Redis cache that keeps the site up when Redis is not.

Django's RedisCache raises on every call while Redis is unreachable, so each page that touches
the cache (the API's throttles, the reader-submission limit, the page cache) would answer 500.
This backend answers from this process's memory instead, logs the outage once when it starts
and once when it ends, and asks Redis again only every `retry_seconds`, so an outage does not
add a connection timeout to every request.

What falls back, and to what: cached pages are rendered again per process (still never stale:
their keys name the database's generation, see middleware.py); API throttles and the
submission limit count per process, so during an outage a client may get up to one limit per
worker process instead of one in all.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Outage state per Redis address, shared by the threads of a process (Django gives each thread
# its own cache object).
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class FallbackRedisCache(RedisCache):
    """Redis while it answers, this process's memory while it does not."""

    retry_seconds = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._address = self._describe(self._servers[0])
        self._memory = LocMemCache(f"redis-fallback:{self._address}", params)

    @staticmethod
    def _describe(location: str) -> str:
        # Host and port only: the URL may carry a password, which must not reach the logs.
        parts = urlsplit(location)
        return f"{parts.hostname}:{parts.port or 6379}/{parts.path.lstrip('/') or '0'}"

    def _call(self, name: str, *args, **kwargs):
        with _lock:
            down_until = _down_until.get(self._address)
        if down_until is not None and time.monotonic() < down_until:
            return getattr(self._memory, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            with _lock:
                first = self._address not in _down_until
                _down_until[self._address] = time.monotonic() + self.retry_seconds
            if first:
                logger.error(
                    "Redis at %s is unreachable (%s): caching, API throttles and the reader "
                    "submission limit use each process's memory until it answers again.",
                    self._address,
                    error.__class__.__name__,
                )
            return getattr(self._memory, name)(*args, **kwargs)
        if down_until is not None:
            with _lock:
                recovered = _down_until.pop(self._address, None) is not None
            if recovered:
                logger.warning("Redis at %s answers again.", self._address)
        return result

    def redis_answers(self) -> bool:
        """Whether Redis itself answers now, for a readiness check (the fallback hides it)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        # Everything this cache holds: what Redis has and what an outage left in memory.
        self._memory.clear()
        return self._call("clear")
