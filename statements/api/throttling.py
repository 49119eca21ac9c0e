"""Rate limits: per address for anonymous readers, per key for partners with an API key.

Rates are read from settings at each request (not frozen at import) so that a deployer's
environment and the tests' overrides both apply. DRF answers 429 with Retry-After.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from apikeys.models import ApiKey
from factcheck.clients import client_address


class AnonymousRateThrottle(SimpleRateThrottle):
    scope = "anonymous"

    def get_ident(self, request):
        # The one client identity (TRUSTED_PROXY_COUNT), not DRF's NUM_PROXIES.
        return client_address(request)

    def get_rate(self):
        return settings.API_THROTTLE_ANON_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "apikey"

    def get_rate(self):
        return settings.API_THROTTLE_KEY_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
