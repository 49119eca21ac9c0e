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
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method not in ("GET", "HEAD")
            or match.namespace not in CACHED_NAMESPACES
            or match.view_name in NOT_CACHED
        ):
            return None
        if not cache.is_anonymous(request):
            response = view_func(request, *view_args, **view_kwargs)
            if request.user.is_authenticated:
                # Staff see the same address as readers: no shared cache may keep their copy.
                patch_cache_control(response, private=True)
            return response
        max_age = settings.PUBLIC_PAGE_MAX_AGE
        response = cache.lookup(request, max_age=max_age)
        if response is not None:
            return response
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        cache.add_surrogate_keys(response, match.url_name)
        cache.store(request, response, max_age=max_age)
        return response
