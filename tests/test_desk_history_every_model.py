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
