"""
Which language the API answers in: `?lang=`, else the best of `Accept-Language`, else the
language claims are written in. What each text is then given in is decided by
`statements.translations.in_language`, as on the site (docs/api.md, "Languages").
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.exceptions import ValidationError

from ..translations import content_languages


def requested_language(request) -> str:
    """The reader's language for this API request; a 400 naming `lang` for an unknown one."""
    asked = request.query_params.get("lang")
    if asked is not None:
        if asked not in content_languages():
            raise ValidationError(
                {
                    "lang": [
                        _("Unknown language %(lang)r; use one of: %(allowed)s.")
                        % {"lang": asked[:20], "allowed": ", ".join(content_languages())}
                    ]
                }
            )
        return asked
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class ContentLanguageMixin:
    """Answers in the reader's language, and says which (`Content-Language`).

    The language is active while the view runs, so the public cache's key (which names the
    active language, publiccache.cache) tells a Hindi answer from an English one, whether it
    was asked for with ?lang= or with Accept-Language; it is put back afterwards.
    """

    content_language = settings.LANGUAGE_CODE

    def dispatch(self, request, *args, **kwargs):
        with translation.override(translation.get_language()):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and throttles first
        self.content_language = requested_language(request)
        translation.activate(self.content_language)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.content_language}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = self.content_language
        patch_vary_headers(response, ["Accept-Language"])
        return response
