"""History that restores, on every model the desk edits: every revision opens, the history
page says what changed field by field, and restoring a revision goes through the desk's save."""

import pytest
from django.urls import reverse

from .conftest import admin_form_data
from .desk_rows import EDITS, make_row

pytestmark = pytest.mark.django_db


def desk_edit(browser, url, field, value):
    form = admin_form_data(browser.get(url))
    form[field] = value
    response = browser.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.label)
def test_every_revision_opens_and_an_earlier_one_is_restored(
    edit, make_claim, make_desk_client, editor
):
    row = make_row(edit.label, make_claim)
    browser = make_desk_client(editor)
    change_url = reverse(f"admin:{edit.url_name}_change", args=[row.pk])
    desk_edit(browser, change_url, edit.field, edit.first)
    desk_edit(browser, change_url, edit.field, edit.second)
    revisions = list(row.history.order_by("history_date", "history_id"))
    assert len(revisions) >= 3

    for revision in revisions:
        url = reverse(f"admin:{edit.url_name}_simple_history", args=[row.pk, revision.pk])
        assert browser.get(url).status_code == 200, revision

    page = browser.get(reverse(f"admin:{edit.url_name}_history", args=[row.pk]))
    text = " ".join(page.content.decode().split())
    assert page.status_code == 200
    assert str(edit.first) in text and str(edit.second) in text
    assert "<strong>version:</strong>" not in text.lower()

    first_edit = next(r for r in revisions if getattr(r, edit.field) == edit.first)
    restore_url = reverse(f"admin:{edit.url_name}_simple_history", args=[row.pk, first_edit.pk])
    response = browser.post(restore_url, admin_form_data(browser.get(restore_url)))

    assert response.status_code == 302
    row.refresh_from_db()
    assert getattr(row, edit.field) == edit.first
    assert row.history.order_by("-history_date", "-history_id").first().history_user == editor


def test_a_promises_revisions_open_and_an_earlier_one_is_restored(make_desk_client, editor):
    """The promise tracker's one editable model (its timeline steps are added, never edited)."""
    from .test_promises import PromiseFactory

    promise = PromiseFactory(text="Build ten dams")
    browser = make_desk_client(editor)
    change_url = reverse("admin:promises_promise_change", args=[promise.pk])
    desk_edit(browser, change_url, "text", "Build ten new dams")
    desk_edit(browser, change_url, "text", "Build twelve new dams")
    revisions = list(promise.history.order_by("history_date", "history_id"))
    assert len(revisions) >= 3
    for revision in revisions:
        url = reverse("admin:promises_promise_simple_history", args=[promise.pk, revision.pk])
        assert browser.get(url).status_code == 200, revision
    page = browser.get(reverse("admin:promises_promise_history", args=[promise.pk]))
    assert "Build ten new dams" in page.content.decode()

    first_edit = next(r for r in revisions if r.text == "Build ten new dams")
    restore_url = reverse("admin:promises_promise_simple_history", args=[promise.pk, first_edit.pk])
    assert browser.post(restore_url, admin_form_data(browser.get(restore_url))).status_code == 302
    promise.refresh_from_db()
    assert promise.text == "Build ten new dams"


@pytest.mark.parametrize("label", ["graph.claimrelation", "graph.reversal"])
def test_the_claim_graphs_rows_show_their_history(label, make_claim, make_desk_client, editor):
    """Links and consistency checks are made and removed, never edited, so there is no
    earlier revision to restore; their history page opens and names who made them."""
    from graph.models import ClaimRelation, Reversal

    claim, other = make_claim(status="draft"), make_claim(status="draft")
    if label == "graph.claimrelation":
        row = ClaimRelation.objects.create(claim=claim, kind="contradicts", related=other)
    else:
        statement = claim.stances.get().statement
        row = Reversal.objects.create(
            earlier=statement, later=other.stances.get().statement, consistency_check=claim
        )
    url = reverse(f"admin:{label.replace('.', '_')}_history", args=[row.pk])
    assert make_desk_client(editor).get(url).status_code == 200
