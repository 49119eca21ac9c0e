"""What each role can *do* to rows readers see on a published claim: a refused POST leaves the
row as it was, an allowed one changes it. As a fact-checker and as an editor, never the
superuser."""

import pytest
from django.urls import reverse

from .conftest import admin_form_data
from .desk_rows import EDITS, make_public_row

pytestmark = pytest.mark.django_db

# Who may change each row once its claim is public. Fact-checkers triage submissions and
# propose everything else in a note; editors change what readers see (with a correction or a
# declared minor edit, tested in test_desk_public_edits.py).
MAY_CHANGE = {
    "statements.claim": {"editor"},
    "statements.verdict": {"editor"},
    "statements.statement": {"editor"},
    "statements.source": {"editor"},
    "statements.speaker": {"editor"},
    "statements.stance": {"editor"},
    "statements.topic": {"editor"},
    "statements.rating": {"editor"},
    "statements.correction": {"editor"},
    "statements.claimtranslation": {"editor"},
    "pages.page": {"editor"},
    "pages.claimsubmission": {"editor", "fact_checker"},
}


@pytest.mark.parametrize("role", ["fact_checker", "editor"])
@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.label)
def test_a_role_changes_a_row_on_a_published_claim_or_leaves_it_unchanged(
    edit, role, published_claim, make_desk_client, request, editor
):
    row = make_public_row(edit.label, published_claim)
    before = getattr(row, edit.field)
    url = reverse(f"admin:{edit.url_name}_change", args=[row.pk])
    # The form as an editor sees it, so a refused role posts a complete, valid form.
    form = admin_form_data(make_desk_client(editor).get(url))
    form[edit.field] = edit.first
    form["minor_edit"] = "on"
    if edit.label == "statements.verdict":  # a ruling changes only with a correction
        form["correction"] = "We restated the conclusion."

    response = make_desk_client(request.getfixturevalue(role)).post(url, form)

    row.refresh_from_db()
    if role in MAY_CHANGE[edit.label]:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert getattr(row, edit.field) == edit.first
    else:
        assert response.status_code == 403
        assert getattr(row, edit.field) == before
