"""Small frictions: rating colours readers can read, human messages, a statement that starts
from its speaker, right-to-left quotes."""

import pytest
from django.urls import reverse

from statements.models import Rating, Statement

from .conftest import admin_form_data
from .factories import OrganisationFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def rating_form(browser, rating, **changes):
    url = reverse("admin:statements_rating_change", args=[rating.pk])
    form = admin_form_data(browser.get(url))
    form.update(changes)
    return url, form


def test_a_rating_colour_white_text_cannot_be_read_on_is_refused_with_the_ratio(
    make_desk_client, editor
):
    rating = Rating.objects.get(slug="true")
    browser = make_desk_client(editor)
    url, form = rating_form(browser, rating, colour="#f9a825")
    response = browser.post(url, form)
    assert response.status_code == 200
    assert "has a contrast of 1.97:1" in response.content.decode()
    assert Rating.objects.get(pk=rating.pk).colour == rating.colour


def test_a_position_below_one_gets_a_human_message(make_desk_client, editor):
    rating = Rating.objects.get(slug="true")
    browser = make_desk_client(editor)
    url, form = rating_form(browser, rating, ordinal="0")
    page = browser.post(url, form).content.decode()
    assert "rating_ordinal_positive" not in page
    assert Rating.objects.get(pk=rating.pk).ordinal == rating.ordinal


def test_a_new_statement_starts_from_its_speakers_role_and_organisation(
    make_desk_client, fact_checker
):
    mea = OrganisationFactory(name="Ministry of External Affairs")
    kumar = SpeakerFactory(name="Raveesh Kumar", role="Spokesperson", affiliation=mea)
    browser = make_desk_client(fact_checker)
    response = browser.post(
        reverse("admin:statements_statement_add"),
        {
            "speaker": kumar.pk,
            "text": "No such request has been made.",
            "quote_type": "direct",
            "said_on": "2019-07-22",
            "source": SourceFactory().pk,
            "language": "en",
            "stances-TOTAL_FORMS": "0",
            "stances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get()
    assert (statement.speaker_role, statement.speaking_for) == ("Spokesperson", mea)


def test_right_to_left_quotes_carry_lang_and_dir(published_claim, client):
    statement = published_claim.stances.first().statement
    statement.language, statement.translation = "ur", "He asked me to mediate."
    statement.text = "انہوں نے مجھ سے ثالثی کے لیے کہا"
    statement.save()
    page = client.get(published_claim.get_absolute_url(), secure=True).content.decode()
    assert 'lang="ur" dir="rtl"' in page
