"""No lost edits, on every model the desk edits and on the inline rows of a claim's page.

Two people open the same form; the first saves; the second save is refused, names the first
person and what they changed, and keeps what the second person typed.
"""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from statements import services
from statements.models import Claim

from .conftest import admin_form_data, postgres_only
from .desk_rows import EDITS, make_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.label)
def test_the_second_save_is_refused_and_keeps_what_was_typed(
    edit, make_claim, make_desk_client, editor, second_editor
):
    row = make_row(edit.label, make_claim)
    url = reverse(f"admin:{edit.url_name}_change", args=[row.pk])
    edith, sam = make_desk_client(editor), make_desk_client(second_editor)
    edith_form = admin_form_data(edith.get(url))
    sam_form = admin_form_data(sam.get(url))

    edith_form[edit.field] = edit.first
    saved = edith.post(url, edith_form)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    sam_form[edit.field] = edit.second
    response = sam.post(url, sam_form)

    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert f"Edith Editor saved this {row._meta.verbose_name} at" in text
    changed = re.search(r"and changed: ([^.]*)\.", text)
    assert changed and edit.verbose in changed.group(1).split(", ")
    assert "Your changes have not been saved" in text
    assert response.context["adminform"].form[edit.field].value() == edit.second
    row.refresh_from_db()
    assert getattr(row, edit.field) == edit.first


INLINES = [
    # (inline prefix, field, first, second, the row's model as the message names it)
    ("verdict", "conclusion", "No record.", "India denies it.", "verdict"),
    ("stances", "stance", "denies", "context", "stance"),
]


@pytest.mark.parametrize("prefix, field, first, second, name", INLINES, ids=lambda v: str(v))
def test_inline_rows_on_a_claims_page_are_guarded_too(
    prefix, field, first, second, name, make_claim, make_desk_client, editor, second_editor
):
    claim = make_claim(status="draft")
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    edith, sam = make_desk_client(editor), make_desk_client(second_editor)
    edith_form, sam_form = admin_form_data(edith.get(url)), admin_form_data(sam.get(url))

    edith_form[f"{prefix}-0-{field}"] = first
    assert edith.post(url, edith_form).status_code == 302
    sam_form[f"{prefix}-0-{field}"] = second
    response = sam.post(url, sam_form)

    assert response.status_code == 200
    assert f"Edith Editor saved this {name} at" in response.content.decode()
    row = claim.verdict if prefix == "verdict" else claim.stances.get()
    row.refresh_from_db()
    assert getattr(row, field) == first


@postgres_only()
# Serialized rollback: the roles and the rating scale that migrations install survive the flush.
@pytest.mark.django_db(transaction=True)
def test_two_connections_racing_to_save_one_claim_cannot_both_win(
    make_claim, editor, second_editor
):
    """Both read version 1 and save at the same moment: exactly one save lands."""
    claim = make_claim(status="draft", text="Original")
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(user, text):
        try:
            copy = Claim.objects.get(pk=claim.pk)
            copy.text = text
            barrier.wait(timeout=10)
            services.claim_save(claim=copy, user=user, expected_version=1)
            outcomes[text] = "saved"
        except services.EditConflict:
            outcomes[text] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(editor, "Edith's")),
        threading.Thread(target=save, args=(second_editor, "Sam's")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"]
    claim.refresh_from_db()
    winner = next(text for text, outcome in outcomes.items() if outcome == "saved")
    assert (claim.text, claim.version) == (winner, 2)
