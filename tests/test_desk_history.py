"""Revision history: who changed what and when, and restoring an earlier version."""

import pytest
from django.urls import reverse

from statements.models import Claim, Evidence, Rating

from .conftest import admin_form_data
from .factories import SourceFactory

pytestmark = pytest.mark.django_db


def edit_verdict(browser, verdict, **changes):
    url = reverse("admin:statements_verdict_change", args=[verdict.pk])
    form = admin_form_data(browser.get(url))
    form.update(changes)
    response = browser.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_a_verdict_edited_twice_is_restored_to_its_first_version(
    make_claim, make_desk_client, fact_checker
):
    claim = make_claim(status="draft")
    verdict = claim.verdict
    verdict.conclusion = "First conclusion."
    verdict.save()
    first = verdict.history.first()
    browser = make_desk_client(fact_checker)
    half_true = Rating.objects.get(slug="half-true")
    edit_verdict(browser, verdict, conclusion="Second conclusion.")
    edit_verdict(browser, verdict, conclusion="Third conclusion.", rating=half_true.pk)

    history = browser.get(reverse("admin:statements_verdict_history", args=[verdict.pk]))
    page = history.content.decode()
    assert history.status_code == 200
    # The history page names who changed which fields, from what to what.
    assert "Farah Checker" in page
    assert "Second conclusion. &nbsp;&rarr;&nbsp;&nbsp;Third conclusion." in " ".join(page.split())
    assert "Half true" in page

    revert_url = reverse("admin:statements_verdict_simple_history", args=[verdict.pk, first.pk])
    form = admin_form_data(browser.get(revert_url))
    assert form["conclusion"] == "First conclusion."
    response = browser.post(revert_url, form)

    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.conclusion == "First conclusion."
    assert verdict.rating.slug == "false"
    # The restore is itself a revision, by the person who restored.
    assert verdict.history.first().history_user == fact_checker
    # Created, given its first conclusion, Farah recorded as an author, edited twice, restored.
    assert verdict.history.count() == 6


def test_restoring_an_old_version_of_a_claim_keeps_its_status(make_claim, make_desk_client, editor):
    claim = make_claim(status="draft", text="Old wording")
    old = claim.history.first()
    claim.text = "New wording"
    claim.status = Claim.Status.PUBLISHED
    claim.published_at = claim.created_at
    claim.save()
    browser = make_desk_client(editor)

    url = reverse("admin:statements_claim_simple_history", args=[claim.pk, old.pk])
    response = browser.post(url, admin_form_data(browser.get(url)))

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.status) == ("Old wording", Claim.Status.PUBLISHED)


def test_only_someone_who_may_change_a_row_may_restore_it(make_claim, make_desk_client, editor):
    claim = make_claim(status="published")
    verdict = claim.verdict
    first = verdict.history.first()
    verdict.conclusion = "Changed by an editor."
    verdict.save()
    url = reverse("admin:statements_verdict_simple_history", args=[verdict.pk, first.pk])
    from django.contrib.auth.models import Group

    from .factories import UserFactory

    reader = UserFactory(username="reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="Fact-checkers"))
    browser = make_desk_client(reader)

    assert browser.get(url).status_code == 200  # may look
    form = admin_form_data(make_desk_client(editor).get(url))
    assert browser.post(url, form).status_code == 403
    verdict.refresh_from_db()
    assert verdict.conclusion == "Changed by an editor."


def test_every_content_model_keeps_history():
    from statements import models

    for model in [
        models.Claim,
        models.Verdict,
        models.Statement,
        models.Speaker,
        models.Source,
        models.Stance,
        models.Correction,
        models.Topic,
        models.Rating,
    ]:
        assert hasattr(model, "history"), model


def test_a_claims_topics_are_in_its_history(make_claim, make_desk_client, editor):
    from .factories import TopicFactory

    claim = make_claim(status="draft")
    kashmir = TopicFactory(name="Kashmir")
    browser = make_desk_client(editor)
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    form = admin_form_data(browser.get(url))
    form["topics"] = [str(kashmir.pk)]
    assert browser.post(url, form).status_code == 302

    page = browser.get(reverse("admin:statements_claim_history", args=[claim.pk]))
    assert list(claim.history.first().topics.values_list("topic__name", flat=True)) == ["Kashmir"]
    assert "<strong>Topics:</strong>" in page.content.decode()


def test_evidence_added_and_removed_through_the_desk_is_in_the_history(
    make_claim, make_desk_client, fact_checker
):
    verdict = make_claim(status="draft").verdict
    simla, lahore = SourceFactory(title="Simla Agreement"), SourceFactory(title="Lahore")
    browser = make_desk_client(fact_checker)

    edit_verdict(browser, verdict, evidence=[simla.pk, lahore.pk])
    assert set(verdict.evidence.all()) == {simla, lahore}
    edit_verdict(browser, verdict, evidence=[lahore.pk])
    assert list(verdict.evidence.all()) == [lahore]

    history = Evidence.history.filter(verdict_id=verdict.pk).order_by("history_id")
    assert [(row.source_id, row.history_type) for row in history] == [
        (simla.pk, "+"),
        (lahore.pk, "+"),
        (simla.pk, "-"),
    ]
    assert {row.history_user for row in history} == {fact_checker}
