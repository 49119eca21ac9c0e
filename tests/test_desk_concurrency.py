"""No lost edits: two people open the same claim or verdict; the second save is refused."""

import pytest
from django.urls import reverse

from statements.models import Claim, Verdict

from .conftest import admin_form_data

pytestmark = pytest.mark.django_db


def test_the_second_save_of_a_claim_is_refused_and_keeps_what_was_typed(
    make_claim, make_desk_client, editor, second_editor
):
    claim = make_claim(status="draft", text="Modi asked Trump to mediate")
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    edith, sam = make_desk_client(editor), make_desk_client(second_editor)
    edith_form = admin_form_data(edith.get(url))
    sam_form = admin_form_data(sam.get(url))

    edith_form["text"] = "Narendra Modi asked Donald Trump to mediate on Kashmir"
    assert edith.post(url, edith_form).status_code == 302

    sam_form["text"] = "Modi asked Trump to mediate in Kashmir"
    response = sam.post(url, sam_form)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Edith Editor saved this claim at" in content
    assert "Your changes have not been saved" in content
    # Sam's words are still in the form for him to copy.
    assert response.context["adminform"].form["text"].value() == (
        "Modi asked Trump to mediate in Kashmir"
    )
    claim.refresh_from_db()
    assert claim.text == "Narendra Modi asked Donald Trump to mediate on Kashmir"


def test_the_second_save_of_a_verdict_is_refused(
    make_claim, make_desk_client, editor, second_editor
):
    claim = make_claim(status="draft")
    url = reverse("admin:statements_verdict_change", args=[claim.verdict.pk])
    edith, sam = make_desk_client(editor), make_desk_client(second_editor)
    edith_form = admin_form_data(edith.get(url))
    sam_form = admin_form_data(sam.get(url))

    edith_form["conclusion"] = "There is no record of such a request."
    assert edith.post(url, edith_form).status_code == 302
    sam_form["conclusion"] = "India denies it."
    response = sam.post(url, sam_form)

    assert response.status_code == 200
    assert "Edith Editor saved this verdict at" in response.content.decode()
    assert response.context["adminform"].form["conclusion"].value() == "India denies it."
    assert Verdict.objects.get(pk=claim.verdict.pk).conclusion == (
        "There is no record of such a request."
    )


def test_a_verdict_edited_on_its_claims_page_is_protected_too(
    make_claim, make_desk_client, editor, second_editor
):
    claim = make_claim(status="draft")
    claim_url = reverse("admin:statements_claim_change", args=[claim.pk])
    verdict_url = reverse("admin:statements_verdict_change", args=[claim.verdict.pk])
    edith, sam = make_desk_client(editor), make_desk_client(second_editor)
    sam_form = admin_form_data(sam.get(claim_url))
    edith_form = admin_form_data(edith.get(verdict_url))

    edith_form["conclusion"] = "Edith's conclusion."
    assert edith.post(verdict_url, edith_form).status_code == 302
    sam_form["verdict-0-conclusion"] = "Sam's conclusion."
    response = sam.post(claim_url, sam_form)

    assert response.status_code == 200
    assert "Edith Editor saved this verdict at" in response.content.decode()
    assert Verdict.objects.get(pk=claim.verdict.pk).conclusion == "Edith's conclusion."


def test_saves_one_after_the_other_both_succeed(make_claim, make_desk_client, editor):
    claim = make_claim(status="draft")
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    edith = make_desk_client(editor)
    for text in ["First wording", "Second wording"]:
        form = admin_form_data(edith.get(url))
        form["text"] = text
        assert edith.post(url, form).status_code == 302
    assert Claim.objects.get(pk=claim.pk).text == "Second wording"


def test_a_form_without_its_version_is_refused(make_claim, make_desk_client, editor):
    claim = make_claim(status="draft", text="Kept")
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    browser = make_desk_client(editor)
    form = admin_form_data(browser.get(url))
    del form["expected_version"]
    form["text"] = "Overwritten"
    assert browser.post(url, form).status_code == 200
    assert Claim.objects.get(pk=claim.pk).text == "Kept"
