"""Uploaded images (speaker portraits): bounded, and re-encoded so that only pixels are kept.

Re-encoding with Pillow drops whatever rides along with the picture: metadata (EXIF, GPS,
comments) and anything appended after the image data, such as a script tacked onto a GIF.
"""

import io
import warnings
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# What browsers show everywhere; anything else is refused. JPEG stays JPEG (photographs);
# the rest become PNG, which keeps transparency and is lossless.
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def reencoded(upload) -> SimpleUploadedFile:
    """`upload` checked against the limits and written afresh, pixels only."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            _("This image is %(size)s; the most we accept is %(max)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Our own pixel limit is lower than Pillow's bomb warning; refuse, don't warn.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_PIXELS:
                raise _too_many_pixels(width, height)
            if image.format not in ACCEPTED_FORMATS:
                raise forms.ValidationError(
                    _("Upload a JPEG, PNG, GIF or WebP image."), code="invalid_image_format"
                )
            image.seek(0)  # the first frame of an animation
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels(*image.size) from None
    except (OSError, SyntaxError, ValueError):
        raise forms.ValidationError(
            _("This file is not an image we can read."), code="invalid_image"
        ) from None

    source_format = image.format
    # Turn the picture upright before the orientation tag goes with the rest of the metadata.
    image = ImageOps.exif_transpose(image)
    output = io.BytesIO()
    stem = PurePath(upload.name).stem or "image"
    if source_format == "JPEG":
        image.convert("RGB").save(output, format="JPEG", quality=90, optimize=True)
        name, content_type = f"{stem}.jpg", "image/jpeg"
    else:
        if image.mode not in {"RGB", "RGBA", "L", "LA"}:
            image = image.convert("RGBA")
        image.save(output, format="PNG", optimize=True)
        name, content_type = f"{stem}.png", "image/png"
    return SimpleUploadedFile(name, output.getvalue(), content_type=content_type)


def _too_many_pixels(width: int, height: int) -> forms.ValidationError:
    return forms.ValidationError(
        _("This image is %(width)d × %(height)d pixels; the most we accept is %(max)s pixels."),
        code="too_many_pixels",
        params={"width": width, "height": height, "max": f"{settings.UPLOAD_MAX_PIXELS:,}"},
    )


class ReencodedImageFormField(forms.ImageField):
    def to_python(self, data):
        if data in self.empty_values:
            return None
        # Size first: a huge upload is refused before Pillow reads any of it.
        return super().to_python(reencoded(data))


class ReencodedImageField(models.ImageField):
    """An ImageField whose uploads are bounded and re-encoded (see the module docstring)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ReencodedImageFormField, **kwargs})
