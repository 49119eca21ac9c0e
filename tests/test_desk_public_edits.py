"""Once a claim is public, what readers see changes only by an editor, and only with a
correction (or clarification, or update) or a declared minor edit; every surface shows it
at once."""

import json
import re

import pytest
from django.urls import reverse

from statements.models import Claim, Correction, Speaker, Verdict
from statements.templatetags.public_site import machine_time

from .conftest import admin_form_data

pytestmark = pytest.mark.django_db


def verdict_form(browser, verdict, **changes):
    url = reverse("admin:statements_verdict_change", args=[verdict.pk])
    form = admin_form_data(browser.get(url))
    form.update(changes)
    return url, form


def test_changing_a_published_analysis_needs_a_correction_and_then_shows_everywhere(
    published_claim, make_desk_client, editor, api_client
):
    claim, verdict = published_claim, published_claim.verdict
    edith = make_desk_client(editor)
    new_analysis = "The Ministry of External Affairs denied it within hours."

    url, form = verdict_form(edith, verdict, analysis=new_analysis)
    refused = edith.post(url, form)
    assert refused.status_code == 200
    assert "changing its analysis or evidence needs a correction" in refused.content.decode()
    assert Verdict.objects.get(pk=verdict.pk).analysis != new_analysis
    assert Claim.objects.get(pk=claim.pk).revised_at is None

    form.update(correction="We added the ministry's same-day denial.", correction_kind="update")
    assert edith.post(url, form).status_code == 302

    claim.refresh_from_db()
    assert claim.revised_at is not None
    update = Correction.objects.get(text="We added the ministry's same-day denial.")
    assert update.kind == Correction.Kind.UPDATE

    page = api_client.get(claim.get_absolute_url()).content.decode()
    assert "same-day denial" in page and new_analysis in page
    # <time datetime> is to the second in the site's time zone (reach's machine_time filter)
    assert f'Updated <time datetime="{machine_time(claim.revised_at)}">' in page
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["dateModified"] == claim.revised_at.isoformat()

    for feed in ["feed-claims", "feed-corrections"]:
        atom = api_client.get(reverse(f"statements:{feed}")).content.decode()
        assert f"Update: {claim.text}" in atom
        assert "same-day denial" in atom

    detail = api_client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["verdict"]["analysis"] == new_analysis
    review = api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["dateModified"] == claim.revised_at.isoformat()


def test_a_minor_edit_needs_no_correction_leaves_no_updated_date_and_stays_in_history(
    published_claim, make_desk_client, editor
):
    verdict = published_claim.verdict
    url, form = verdict_form(make_desk_client(editor), verdict, analysis="Fixed a typo.")
    form["minor_edit"] = "on"
    assert make_desk_client(editor).post(url, form).status_code == 302

    assert Verdict.objects.get(pk=verdict.pk).analysis == "Fixed a typo."
    assert Claim.objects.get(pk=published_claim.pk).revised_at is None
    assert verdict.history.first().history_change_reason == "Minor edit"
    assert Correction.objects.filter(verdict=verdict).count() == 1  # only the fixture's


def test_a_fact_checker_cannot_rename_a_speaker_shown_on_a_published_claim(
    published_claim, make_desk_client, fact_checker
):
    trump = Speaker.objects.get(slug="donald-trump")
    url = reverse("admin:statements_speaker_change", args=[trump.pk])
    browser = make_desk_client(fact_checker)
    form = admin_form_data(browser.get(url))
    form["name"] = "Donald J. Trump"
    assert browser.post(url, form).status_code == 403
    assert Speaker.objects.get(pk=trump.pk).name == "Donald Trump"


def test_an_editor_renames_a_speaker_on_a_published_claim_only_with_a_correction(
    published_claim, make_desk_client, editor, api_client
):
    trump = Speaker.objects.get(slug="donald-trump")
    url = reverse("admin:statements_speaker_change", args=[trump.pk])
    browser = make_desk_client(editor)
    form = admin_form_data(browser.get(url))
    form["name"] = "Donald J. Trump"
    refused = browser.post(url, form)
    assert refused.status_code == 200
    assert Speaker.objects.get(pk=trump.pk).name == "Donald Trump"

    form.update(
        correction="We now give the president's full name.", correction_kind="clarification"
    )
    assert browser.post(url, form).status_code == 302
    assert Speaker.objects.get(pk=trump.pk).name == "Donald J. Trump"
    clarification = Correction.objects.get(verdict__claim=published_claim, kind="clarification")
    assert clarification.text == "We now give the president's full name."
    page = api_client.get(published_claim.get_absolute_url()).content.decode()
    assert "Donald J. Trump" in page and "full name" in page


def test_a_correction_records_what_the_ruling_said_before_and_after(
    published_claim, make_desk_client, editor
):
    from statements.models import Rating

    verdict = published_claim.verdict
    before = (str(verdict.rating), verdict.conclusion)
    half_true = Rating.objects.get(slug="half-true")
    url, form = verdict_form(
        make_desk_client(editor),
        verdict,
        rating=half_true.pk,
        conclusion="Partly right.",
        correction="We misread the transcript.",
    )
    assert make_desk_client(editor).post(url, form).status_code == 302
    correction = Correction.objects.get(text="We misread the transcript.")
    assert (correction.rating_before, correction.conclusion_before) == before
    assert (correction.rating_after, correction.conclusion_after) == ("Half true", "Partly right.")


def test_corrections_page_and_feed_list_retractions_newest_first(
    make_claim, editor, api_client, django_assert_num_queries
):
    from statements import services

    older = make_claim(status="published", text="Older claim")
    services.correction_create(verdict=older.verdict, user=editor, text="A first fix.")
    retracted = make_claim(status="published", text="Retracted claim")
    services.claim_retract(claim=retracted, user=editor, notice="The video was doctored.")

    # The public cache's generation row, then count, the page of keys, its corrections, its
    # claims, the footer: however many notices.
    with django_assert_num_queries(6):
        page = api_client.get(reverse("statements:corrections")).content.decode()
    assert page.index("The video was doctored.") < page.index("A first fix.")
    assert "Retraction" in page
    for feed in ["feed-corrections", "feed-claims"]:
        atom = api_client.get(reverse(f"statements:{feed}")).content.decode()
        assert "Retracted: Retracted claim" in atom
