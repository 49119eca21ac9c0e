"""Every model is in the admin from day one, and its pages render for a superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

from accounts.models import EditingPresence
from graph.models import Reversal
from promises.models import Promise, PromiseStatusChange
from statements.changelog import ClaimChange
from statements.models import Claim, ClaimNote, Evidence, Verdict

from .conftest import login_with_second_factor
from .factories import CorrectionFactory, StanceFactory, UserFactory

pytestmark = pytest.mark.django_db

# Rows edited on their parent's form: evidence is a field of the verdict form, notes are
# written on the claim's page, a promise's status changes on the promise's form.
EDITED_ON_PARENT = {Evidence: Verdict, ClaimNote: Claim, PromiseStatusChange: Promise}
# Made by a desk action, not an add form: a reversal is opened from the candidates page.
NO_ADD_FORM = {Reversal}
# Written by the database for the API's change feed, and by the desk's forms for "who else is
# editing this" (statements/desk/presence.py); nobody edits them.
INTERNAL = {ClaimChange, EditingPresence}

MODELS = [
    model
    for app in ("statements", "accounts", "apikeys", "graph", "promises")
    for model in apps.get_app_config(app).get_models()
    if not model._meta.auto_created
    and model not in EDITED_ON_PARENT
    and model not in INTERNAL
    and not issubclass(model, HistoricalChanges)  # the revision history, shown per object
]


def test_every_model_is_registered_or_edited_on_its_parent():
    unregistered = [model.__name__ for model in MODELS if not admin.site.is_registered(model)]
    assert unregistered == []
    verdict_form = admin.site.get_model_admin(Verdict).form
    assert "evidence" in verdict_form.base_fields


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_add_and_change_pages_render(client, model):
    StanceFactory()
    CorrectionFactory()
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Kashmir"}).status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (403 if model in NO_ADD_FORM else 200)
    row = model.objects.first()
    if row is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        assert client.get(change).status_code == 200


def test_the_claim_form_shows_its_verdict_and_stances_inline(client):
    stance = StanceFactory()
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:statements_claim_change", args=[stance.claim.pk]))
    assert b'name="verdict-TOTAL_FORMS"' in page.content
    assert b'name="stances-TOTAL_FORMS"' in page.content
    assert stance.statement.text.encode() in page.content
