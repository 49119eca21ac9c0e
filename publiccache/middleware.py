"""The site's public pages, served from the cache to anonymous readers (see cache.py)."""

from django.conf import settings
from django.utils.cache import patch_cache_control

from . import cache

# Every page of these URL namespaces is public and read-only; a page added to them later is
# cached (and invalidated) without further work.
CACHED_NAMESPACES = {"statements", "pages"}
# …except the submission form, which holds a CSRF token.
NOT_CACHED = {"pages:submit"}


class PublicCacheMiddleware:
    """Answers anonymous GETs of public pages from the cache, and stores what it renders.

    Last in MIDDLEWARE, so it stores the view's response before the security, CSP, session
    and locale middleware add their headers to it, and those run again on a cached answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Set by process_view; the view's response arrives here after Django has rendered it
        # and run every middleware's process_exception (a cancelled slow query is already a
        # 503, which store() does not keep).
        caching = getattr(request, "_public_cache", None)
        if caching == "private":
            # Staff see the same address as readers: no shared cache may keep their copy.
            patch_cache_control(response, private=True)
        elif caching == "store":
            cache.add_surrogate_keys(response, request.resolver_match.url_name)
            cache.store(request, response, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Answers from the cache, or lets Django call the view (so that its exceptions reach
        the other middleware's process_exception) and marks the response for __call__."""
        match = request.resolver_match
        if (
            request.method not in ("GET", "HEAD")
            or match.namespace not in CACHED_NAMESPACES
            or match.view_name in NOT_CACHED
        ):
            return None
        if not cache.is_anonymous(request):
            if request.user.is_authenticated:
                request._public_cache = "private"
            return None
        response = cache.lookup(request, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        if response is not None:
            return response
        request._public_cache = "store"
        return None
