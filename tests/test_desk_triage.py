"""Reader submissions triage: accept (a prefilled draft claim, linked both ways), decline with
a reason, or mark as a duplicate; the reader's email never reaches a public surface."""

import pytest
from django.urls import reverse

from pages.models import ClaimSubmission
from statements.models import Claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(db):
    return ClaimSubmission.objects.create(
        claim_text="Trump said  Modi asked him to mediate on Kashmir.",
        said_by="Donald Trump",
        email="reader@example.org",
    )


def triage(browser, submission, decision, data=None):
    url = reverse("admin:pages_claimsubmission_triage", args=[submission.pk, decision])
    return browser.post(url, data or {}, follow=True)


def test_a_fact_checker_accepts_a_submission_into_a_prefilled_draft_linked_both_ways(
    submission, make_desk_client, fact_checker, editor, client
):
    response = triage(make_desk_client(fact_checker), submission, "accept")

    submission.refresh_from_db()
    claim = submission.claim
    assert submission.status == ClaimSubmission.Status.ACCEPTED
    assert (claim.text, claim.status, claim.assignee) == (
        "Trump said Modi asked him to mediate on Kashmir.",
        Claim.Status.DRAFT,
        fact_checker,
    )
    assert list(claim.submissions.all()) == [submission]
    assert response.redirect_chain[-1][0] == reverse(
        "admin:statements_claim_change", args=[claim.pk]
    )
    # Once published, nothing readers see carries the submitter's address.
    claim.status, claim.published_at = Claim.Status.PUBLISHED, claim.created_at
    claim.save()
    for url in [claim.get_absolute_url(), "/feeds/claims/", f"/api/v1/claims/{claim.pk}/"]:
        assert "reader@example.org" not in client.get(url, secure=True).content.decode()


def test_declining_needs_a_reason(submission, make_desk_client, fact_checker):
    browser = make_desk_client(fact_checker)
    refused = triage(browser, submission, "decline", {"decline-reason": " "})
    assert "Say why it is declined." in refused.content.decode()
    submission.refresh_from_db()
    assert submission.status == ClaimSubmission.Status.NEW

    triage(browser, submission, "decline", {"decline-reason": "Opinion, not a checkable claim."})
    submission.refresh_from_db()
    assert (submission.status, submission.decline_reason) == (
        ClaimSubmission.Status.DECLINED,
        "Opinion, not a checkable claim.",
    )
    assert submission.history.first().history_user == fact_checker


def test_a_duplicate_is_linked_to_the_claim_that_already_checks_it(
    submission, make_claim, make_desk_client, editor
):
    existing = make_claim(status="published")
    triage(make_desk_client(editor), submission, "duplicate", {"duplicate-claim": existing.pk})
    submission.refresh_from_db()
    assert (submission.status, submission.claim) == (ClaimSubmission.Status.DUPLICATE, existing)
    # Triaged once: a second decision is refused and changes nothing.
    triage(make_desk_client(editor), submission, "accept")
    submission.refresh_from_db()
    assert submission.status == ClaimSubmission.Status.DUPLICATE
    assert Claim.objects.count() == 1


def test_the_submission_page_has_no_view_on_site_loop(submission, make_desk_client, editor):
    page = make_desk_client(editor).get(
        reverse("admin:pages_claimsubmission_change", args=[submission.pk])
    )
    assert "View on site" not in page.content.decode()
