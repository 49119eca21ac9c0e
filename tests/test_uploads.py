"""Uploaded portraits: bounded in bytes and pixels, re-encoded so that only pixels are kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from statements.models import Speaker

SCRIPT = b"<script>alert(document.cookie)</script>"


def image_bytes(fmt: str, size=(40, 30), **save) -> bytes:
    buffer = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, size, color=1 if mode == "P" else (200, 30, 30)).save(buffer, fmt, **save)
    return buffer.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x013B] = "Photographer Name"  # Artist
    return image_bytes("JPEG", exif=exif.tobytes())


def upload(make_desk_client, editor, speaker, content: bytes, name: str):
    from .conftest import admin_form_data

    desk = make_desk_client(editor)
    url = f"/admin/statements/speaker/{speaker.pk}/change/"
    data = admin_form_data(desk.get(url))
    data["portrait"] = SimpleUploadedFile(name, content)
    # The speaker is on a published claim: the desk asks for a correction or a declared minor
    # edit before readers see a new portrait.
    data["minor_edit"] = "on"
    return desk.post(url, data)


@pytest.fixture
def speaker(published_claim):
    # On a published claim, so the desk's rules for public rows apply.
    return Speaker.objects.get(slug="donald-trump")


@pytest.mark.parametrize(
    ("name", "content", "stored_format"),
    [
        ("gif-with-script.gif", image_bytes("GIF") + SCRIPT, "PNG"),
        ("photo.jpg", jpeg_with_exif() + SCRIPT, "JPEG"),
        ("portrait.png", image_bytes("PNG") + SCRIPT, "PNG"),
        ("portrait.webp", image_bytes("WEBP") + SCRIPT, "PNG"),
    ],
)
def test_uploads_are_re_encoded_without_what_rides_along(
    make_desk_client, editor, speaker, settings, tmp_path, name, content, stored_format
):
    settings.MEDIA_ROOT = tmp_path
    response = upload(make_desk_client, editor, speaker, content, name)

    assert response.status_code == 302, response.content[:2000]
    speaker.refresh_from_db()
    with speaker.portrait.open("rb") as portrait:
        stored = portrait.read()
    assert SCRIPT not in stored
    assert b"secret description" not in stored
    assert b"Photographer Name" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == stored_format
    assert image.size == (40, 30)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a" + SCRIPT, "not an image we can read"),
        (image_bytes("BMP"), "Upload a JPEG, PNG, GIF or WebP image."),
        (image_bytes("PNG", size=(3000, 2000)), "3000 × 2000 pixels; the most we accept is"),
        (image_bytes("PNG") + b"\0" * 6_000_000, "the most we accept is 5.0"),
    ],
)
def test_bad_uploads_are_form_errors_and_nothing_is_stored(
    make_desk_client, editor, speaker, settings, tmp_path, content, message
):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_PIXELS = 4_000_000
    response = upload(make_desk_client, editor, speaker, content, "upload.png")

    assert response.status_code == 200
    assert message in response.content.decode()
    speaker.refresh_from_db()
    assert not speaker.portrait
    assert not list(tmp_path.rglob("*.*"))


def test_a_20_megabyte_portrait_is_refused(make_desk_client, editor, speaker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = image_bytes("PNG") + b"\0" * 20 * 1024 * 1024
    response = upload(make_desk_client, editor, speaker, content, "huge.png")

    assert response.status_code == 200
    assert "This image is 20.0" in response.content.decode()
    speaker.refresh_from_db()
    assert not speaker.portrait
