"""The API's JSON renderer: DRF's output, byte for byte in meaning, written by orjson."""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

# Dates, lazy translations, decimals and the like go through DRF's own encoder, so every value
# keeps the exact form the API has always had (e.g. "…Z" date-times); orjson writes the rest.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_fallback = JSONEncoder().default


class FastJSONRenderer(JSONRenderer):
    """JSONRenderer, compact and UTF-8 like DRF's defaults, several times faster."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)  # asked to indent
        content = orjson.dumps(data, default=_fallback, option=_OPTIONS)
        # As DRF does: U+2028 and U+2029 are valid JSON but end a line in older JavaScript.
        if b"\xe2\x80\xa8" in content or b"\xe2\x80\xa9" in content:
            content = content.replace(b"\xe2\x80\xa8", b"\\u2028")
            content = content.replace(b"\xe2\x80\xa9", b"\\u2029")
        return content
