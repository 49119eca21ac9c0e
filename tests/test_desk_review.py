"""Authorship and review that hold: whoever writes a verdict is recorded as its author, and an
author cannot be the editor who publishes it."""

import pytest
from django.urls import reverse

from statements.models import Claim, Rating

from .conftest import admin_form_data
from .factories import SourceFactory

pytestmark = pytest.mark.django_db


def edit_on_claim_page(browser, claim, **verdict_changes):
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    form = admin_form_data(browser.get(url))
    form.update({f"verdict-0-{field}": value for field, value in verdict_changes.items()})
    response = browser.post(url, form)
    assert response.status_code == 302, response.context_data.get("errors")


def publish(browser, claim):
    url = reverse("admin:statements_claim_transition", args=[claim.pk, "publish"])
    return browser.post(url, follow=True)


@pytest.mark.parametrize(
    "change",
    [
        {"conclusion": "Modi made no such request."},
        {"analysis": "The MEA's spokesman denied it the same day."},
        {"rating": "half-true"},
        {"evidence": "new source"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_an_editor_who_wrote_a_verdict_cannot_publish_it_and_another_editor_can(
    change, make_claim, make_desk_client, editor, second_editor
):
    claim = make_claim(status="in_review")
    assert list(claim.verdict.authors.all()) == []
    field, value = next(iter(change.items()))
    if field == "rating":
        value = str(Rating.objects.get(slug=value).pk)
    if field == "evidence":
        value = [str(SourceFactory(title="MEA briefing").pk)]
    edith, sam = make_desk_client(editor), make_desk_client(second_editor)
    edit_on_claim_page(edith, claim, **{field: value})

    # Recorded as an author without choosing it; the autocomplete that failed is gone.
    assert list(claim.verdict.authors.all()) == [editor]
    refused = publish(edith, claim)
    assert "another editor must publish it" in refused.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW

    publish(sam, claim)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.verdict.reviewer == second_editor


def test_a_fact_checkers_writing_makes_them_an_author_and_an_unchanged_save_does_not(
    make_claim, make_desk_client, fact_checker, editor
):
    claim = make_claim(status="draft")
    edit_on_claim_page(make_desk_client(fact_checker), claim, conclusion="No such request.")
    edit_on_claim_page(make_desk_client(editor), claim)  # opened and saved, nothing written
    assert list(claim.verdict.authors.all()) == [fact_checker]


def test_the_claim_page_names_the_authors_and_the_reviewer(
    make_claim, make_desk_client, fact_checker, editor, client
):
    claim = make_claim(status="in_review")
    edit_on_claim_page(make_desk_client(fact_checker), claim, conclusion="No such request.")
    publish(make_desk_client(editor), claim)

    page = " ".join(client.get(claim.get_absolute_url(), secure=True).content.decode().split())
    assert "By Farah Checker" in page
    assert "Reviewed by Edith Editor" in page
