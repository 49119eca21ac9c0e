"""A portrait chosen on a form that comes back with an error is kept, and saved with the
corrected form; what was kept belongs to the person who chose it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from statements.models import Speaker

from .conftest import admin_form_data
from .factories import SpeakerFactory
from .test_uploads import image_bytes

pytestmark = pytest.mark.django_db


def post_with_an_error(browser, speaker):
    url = reverse("admin:statements_speaker_change", args=[speaker.pk])
    form = admin_form_data(browser.get(url))
    form["portrait"] = SimpleUploadedFile("kumar.png", image_bytes("PNG", size=(60, 80)))
    form["wikidata_id"] = "not an id"
    response = browser.post(url, form)
    assert response.status_code == 200
    return url, form, response


def test_the_portrait_survives_a_form_error_and_is_saved_when_corrected(
    make_desk_client, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    speaker = SpeakerFactory(name="Raveesh Kumar")
    browser = make_desk_client(editor)
    url, _form, response = post_with_an_error(browser, speaker)
    html = response.content.decode()
    assert "A Wikidata id looks like Q22686." in html
    assert "Kept from your last try: kumar.png. It is saved with the form." in html
    assert not Speaker.objects.get(pk=speaker.pk).portrait

    # The browser sends the form again without the file, but with what the page carried.
    corrected = admin_form_data(response)
    corrected.pop("portrait", None)
    corrected["wikidata_id"] = "Q7297541"
    assert corrected["portrait_pending"]
    saved = browser.post(url, corrected)
    assert saved.status_code == 302, saved.context["adminform"].form.errors

    speaker.refresh_from_db()
    assert speaker.wikidata_id == "Q7297541"
    assert speaker.portrait.name.startswith("speakers/kumar")
    with Image.open(speaker.portrait.path) as image:
        assert image.size == (60, 80)


def test_a_kept_portrait_is_not_anyone_elses_to_save(
    make_desk_client, editor, second_editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    speaker = SpeakerFactory(name="Raveesh Kumar")
    url, _, response = post_with_an_error(make_desk_client(editor), speaker)
    token = admin_form_data(response)["portrait_pending"]

    other = make_desk_client(second_editor)
    form = admin_form_data(other.get(url))
    form.pop("portrait", None)
    form["portrait_pending"] = token
    assert other.post(url, form).status_code == 302
    assert not Speaker.objects.get(pk=speaker.pk).portrait


def test_a_forged_token_is_ignored(make_desk_client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    speaker = SpeakerFactory(name="Raveesh Kumar")
    browser = make_desk_client(editor)
    url = reverse("admin:statements_speaker_change", args=[speaker.pk])
    form = admin_form_data(browser.get(url))
    form.pop("portrait", None)
    form["portrait_pending"] = "pending/../../settings.py:forged"
    assert browser.post(url, form).status_code == 302
    assert not Speaker.objects.get(pk=speaker.pk).portrait
