"""DRF authentication by API key, sent in the X-API-Key header."""

from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiKey

HEADER = "X-API-Key"


class ApiKeyAuthentication(BaseAuthentication):
    """No header: anonymous. A valid key: `request.auth` is the ApiKey. Anything else: 401."""

    def authenticate(self, request):
        raw_key = request.META.get("HTTP_X_API_KEY", "").strip()
        if not raw_key:
            return None
        api_key = ApiKey.objects.matching(raw_key)
        if api_key is None:
            raise AuthenticationFailed(
                _("The key in the %(header)s header is unknown or has been revoked.")
                % {"header": HEADER}
            )
        return (None, api_key)

    def authenticate_header(self, request):
        return f'ApiKey header="{HEADER}"'
