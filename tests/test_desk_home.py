"""The desk home, assignment, returning with a reason, notes and email notifications."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from statements import services
from statements.models import Claim

from .conftest import admin_form_data
from .factories import ClaimFactory
from .test_tasks import run_worker_until_idle

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def test_an_editor_returns_a_claim_only_with_a_reason_and_the_fact_checker_sees_it(
    claim_in_review, make_desk_client, editor, fact_checker
):
    claim = claim_in_review
    claim.assignee = fact_checker
    claim.save()
    url = reverse("admin:statements_claim_transition", args=[claim.pk, "return-to-draft"])
    edith = make_desk_client(editor)

    refused = edith.post(url, {"return-reason": "  "}, follow=True)
    assert "Say why it goes back to draft." in refused.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW

    edith.post(url, {"return-reason": "Add the MEA transcript as evidence."})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    assert claim.history.first().history_change_reason == (
        "Returned to draft: Add the MEA transcript as evidence."
    )
    farah = make_desk_client(fact_checker)
    home = farah.get(HOME).content.decode()
    returned = home[home.index('id="queue-returned"') :]
    assert "Add the MEA transcript as evidence." in returned[: returned.index("</section>")]
    page = farah.get(reverse("admin:statements_claim_change", args=[claim.pk])).content.decode()
    assert "Add the MEA transcript as evidence." in page

    # Resubmitting clears the reason from the queue.
    services.claim_submit_for_review(claim=claim, user=fact_checker)
    claim.refresh_from_db()
    assert (claim.status, claim.returned_reason) == (Claim.Status.IN_REVIEW, "")


def test_the_desk_home_has_each_queue_with_counts_oldest_review_first(
    make_desk_client, editor, fact_checker
):
    from django.utils import timezone

    now = timezone.now()
    newer = ClaimFactory(in_review=True, text="Newer in review", assignee=fact_checker)
    newer.submitted_at = now
    newer.save()
    older = ClaimFactory(in_review=True, text="Older in review", review_editor=editor)
    older.submitted_at = now - timezone.timedelta(days=2)
    older.save()
    ClaimFactory(text="Farah's draft", assignee=fact_checker)

    home = " ".join(make_desk_client(editor).get(HOME).content.decode().split())
    assert 'Waiting for review (oldest first) <span class="desk-count">(2)</span>' in home
    assert home.index("Older in review") < home.index("Newer in review")
    assert 'For my review <span class="desk-count">(1)</span>' in home
    assert "The oldest claim in review has waited 2" in home
    farah_home = make_desk_client(fact_checker).get(HOME).content.decode()
    assert "Farah&#x27;s draft" in farah_home or "Farah's draft" in farah_home
    assert "My drafts" in farah_home and "For my review" not in farah_home


def test_the_desk_home_costs_the_same_queries_however_long_the_queues(
    make_desk_client, editor, fact_checker
):
    browser = make_desk_client(editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(HOME).status_code == 200
        return len(captured)

    ClaimFactory(in_review=True, assignee=fact_checker, review_editor=editor)
    one = queries()
    for _ in range(6):
        ClaimFactory(in_review=True, assignee=fact_checker, review_editor=editor)
        ClaimFactory(assignee=editor)
    assert queries() == one


def test_notes_are_for_the_desk_only(make_claim, make_desk_client, fact_checker, editor, client):
    claim = make_claim(status="published")
    url = reverse("admin:statements_claim_note", args=[claim.pk])
    make_desk_client(fact_checker).post(url, {"note-text": "The rating should be half true?"})

    assert [note.author for note in claim.notes.all()] == [fact_checker]
    page = make_desk_client(editor).get(reverse("admin:statements_claim_change", args=[claim.pk]))
    assert "The rating should be half true?" in page.content.decode()
    public = client.get(claim.get_absolute_url(), secure=True).content.decode()
    assert "half true?" not in public


# Serialized rollback: the roles and the rating scale that migrations install survive the flush.
@pytest.mark.django_db(transaction=True)
def test_assignment_review_return_and_publication_email_the_people_concerned(
    make_desk_client, fact_checker, editor, second_editor
):
    from statements.models import Rating

    from .factories import StanceFactory, VerdictFactory

    for person, address in [(fact_checker, "farah@example.org"), (editor, "edith@example.org")]:
        person.email = address
        person.save()
    second_editor.email, second_editor.desk_emails = "sam@example.org", False  # opted out
    second_editor.save()
    claim = ClaimFactory(text="Modi asked Trump to mediate")
    VerdictFactory(claim=claim, rating=Rating.objects.order_by("ordinal").first(), conclusion="No.")
    StanceFactory(claim=claim)

    url = reverse("admin:statements_claim_change", args=[claim.pk])
    sam = make_desk_client(second_editor)
    form = admin_form_data(sam.get(url))
    form.update(assignee=str(fact_checker.pk), review_editor=str(editor.pk))
    assert sam.post(url, form).status_code == 302
    services.claim_submit_for_review(claim=claim, user=fact_checker)
    services.claim_return_to_draft(claim=claim, user=editor, reason="Source the quote.")
    assert mail.outbox == [], "mail is sent by the worker, never inside the save"

    run_worker_until_idle()

    sent = sorted((message.to[0], message.subject.split("] ")[1]) for message in mail.outbox)
    assert sent == [
        ("edith@example.org", "Assigned to you: Modi asked Trump to mediate"),
        ("edith@example.org", "For your review: Modi asked Trump to mediate"),
        ("farah@example.org", "Assigned to you: Modi asked Trump to mediate"),
        ("farah@example.org", "Returned to you: Modi asked Trump to mediate"),
    ]
    returned = next(m for m in mail.outbox if "Returned" in m.subject)
    assert "Source the quote." in returned.body
