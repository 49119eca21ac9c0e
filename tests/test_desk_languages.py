"""A statement's language is a BCP 47 tag and a speaker's country an ISO 3166 code, both
chosen from lists, with clear errors; right-to-left quotes carry lang and dir in the desk."""

import importlib

import pytest
from django.urls import reverse

from statements.languages import language_tag_clean, text_direction
from statements.models import Speaker, Statement

from .conftest import admin_form_data
from .factories import SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def statement_post(speaker, **changes):
    return {
        "speaker": speaker.pk,
        "text": "No such request has been made.",
        "quote_type": "direct",
        "said_on": "2019-07-22",
        "source": SourceFactory().pk,
        "language": "en",
        "stances-TOTAL_FORMS": "0",
        "stances-INITIAL_FORMS": "0",
        **changes,
    }


@pytest.mark.parametrize(
    ("typed", "stored"), [("en", "en"), ("EN_gb", "en-GB"), ("Urdu", "ur"), ("pa-arab", "pa-Arab")]
)
def test_a_language_is_stored_as_its_bcp47_tag(make_desk_client, fact_checker, typed, stored):
    browser = make_desk_client(fact_checker)
    post = statement_post(SpeakerFactory(), language=typed, translation="No request was made.")
    response = browser.post(reverse("admin:statements_statement_add"), post)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Statement.objects.get().language == stored


def test_a_language_that_is_not_a_tag_is_refused_with_a_clear_error(make_desk_client, fact_checker):
    browser = make_desk_client(fact_checker)
    response = browser.post(
        reverse("admin:statements_statement_add"),
        statement_post(SpeakerFactory(), language="xx-zz-12"),
    )
    assert response.status_code == 200
    assert "is not a language tag: use a BCP 47 tag such as en, hi, ur or en-GB" in (
        response.content.decode()
    )
    assert not Statement.objects.exists()


def test_the_language_is_chosen_from_a_list(make_desk_client, fact_checker):
    page = make_desk_client(fact_checker).get(reverse("admin:statements_statement_add"))
    html = page.content.decode()
    assert 'list="id_language-choices"' in html
    assert '<option value="ur">Urdu (اردو)</option>' in html


def test_the_country_is_chosen_from_the_iso_list_and_a_bad_code_is_refused(
    make_desk_client, editor
):
    speaker = SpeakerFactory(country="IN")
    browser = make_desk_client(editor)
    url = reverse("admin:statements_speaker_change", args=[speaker.pk])
    page = browser.get(url)
    assert '<option value="PK">Pakistan</option>' in page.content.decode()

    form = admin_form_data(page)
    form["country"] = "XX"
    response = browser.post(url, form)
    assert response.status_code == 200
    assert "Select a valid choice. XX is not one of the available choices." in (
        response.content.decode()
    )
    assert Speaker.objects.get(pk=speaker.pk).country == "IN"

    form["country"] = "PK"
    assert browser.post(url, form).status_code == 302
    assert Speaker.objects.get(pk=speaker.pk).country == "PK"


def test_existing_values_are_migrated_to_tags_and_codes():
    migration = importlib.import_module("statements.migrations.0013_language_tag_country_code")
    Statement.objects.all().delete()
    speaker = SpeakerFactory(country="IN")
    Speaker.objects.filter(pk=speaker.pk).update(country="uk")
    from .factories import StatementFactory

    statements = [StatementFactory(speaker=speaker, translation="x") for _ in range(3)]
    for statement, old in zip(statements, ["EN", "Urdu", "not a language at all 1"], strict=True):
        Statement.objects.filter(pk=statement.pk).update(language=old)

    from django.apps import apps

    migration.normalise(apps, None)

    assert Speaker.objects.get(pk=speaker.pk).country == "GB"
    assert [Statement.objects.get(pk=s.pk).language for s in statements] == [
        "en",
        "ur",
        # Unreadable: kept for a person to fix, rather than guessed.
        "not a language at all 1",
    ]


@pytest.mark.parametrize(
    ("tag", "direction"), [("ur", "rtl"), ("ar", "rtl"), ("pa-Arab", "rtl"), ("pa", "ltr")]
)
def test_direction_follows_the_language_and_its_script(tag, direction):
    assert text_direction(language_tag_clean(tag)) == direction


def test_a_right_to_left_quote_carries_lang_and_dir_in_the_desk(
    make_claim, make_desk_client, fact_checker
):
    statement = make_claim(status="draft").stances.get().statement
    statement.language, statement.translation = "ur", "He asked me to mediate."
    statement.text = "انہوں نے مجھ سے ثالثی کے لیے کہا"
    statement.save()
    browser = make_desk_client(fact_checker)

    changelist = browser.get(reverse("admin:statements_statement_changelist")).content.decode()
    assert f'<span lang="ur" dir="rtl">{statement.text}</span>' in changelist
    form = browser.get(reverse("admin:statements_statement_change", args=[statement.pk]))
    html = form.content.decode()
    textarea = html[html.index('name="text"') - 200 : html.index('name="text"') + 100]
    assert 'lang="ur"' in textarea and 'dir="rtl"' in textarea


def test_a_right_to_left_quote_the_source_lacks_is_listed_right_to_left(
    make_claim, make_desk_client, fact_checker
):
    claim = make_claim(status="draft")
    statement = claim.stances.get().statement
    statement.language, statement.translation = "ur", "He asked me to mediate."
    statement.text = "انہوں نے مجھ سے ثالثی کے لیے کہا"
    statement.save()
    statement.source.captured_text = "Something else entirely."
    statement.source.save()
    page = make_desk_client(fact_checker).get(
        reverse("admin:statements_claim_change", args=[claim.pk])
    )
    assert f'<span lang="ur" dir="rtl">{statement.text}</span>' in page.content.decode()
