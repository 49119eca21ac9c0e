"""Flip-flops (issue 13, item 4): the desk lists one speaker's assert/deny pairs as reversal
candidates; an editor opens a consistency check in one click; only a published check reaches
the speaker's timeline, ClaimReview and the API. Invented people only."""

import datetime
import json

import pytest

from graph.models import ClaimRelation, Reversal
from statements import services as desk
from statements.models import Claim, Rating, Stance

from .factories import ClaimFactory, SpeakerFactory, StanceFactory, StatementFactory, VerdictFactory

pytestmark = pytest.mark.django_db

CANDIDATES = "/admin/graph/reversal/candidates/"


@pytest.fixture
def flip(db):
    """Meera Joshi (invented) asserted a published claim in March and denied it in June."""
    speaker = SpeakerFactory(name="Meera Joshi", slug="meera-joshi")
    claim = ClaimFactory(published=True, text="The state will close all coal plants by 2030")
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug="half-true"))
    earlier = StatementFactory(
        speaker=speaker, said_on=datetime.date(2024, 3, 1), text="We will close every coal plant."
    )
    later = StatementFactory(
        speaker=speaker, said_on=datetime.date(2024, 6, 1), text="Nobody said coal would go."
    )
    StanceFactory(claim=claim, statement=earlier, stance="asserts")
    StanceFactory(claim=claim, statement=later, stance="denies")
    return speaker, claim, earlier, later


def open_url(earlier, later) -> str:
    return f"/admin/graph/reversal/open/{earlier.pk}/{later.pk}/"


def test_the_desk_lists_an_assert_and_deny_pair(make_desk_client, editor, flip):
    _speaker, claim, earlier, later = flip
    StanceFactory(claim=claim, statement=StatementFactory(), stance="denies")  # someone else

    response = make_desk_client(editor).get(CANDIDATES)

    candidates = response.context["candidates"]
    assert [(c.earlier, c.later) for c in candidates] == [(earlier, later)]
    assert "Open a consistency check</button>" in response.content.decode()


def test_asserting_two_contradicting_claims_is_a_candidate(make_desk_client, editor):
    speaker = SpeakerFactory(name="Kabir Sethi", slug="kabir-sethi")
    first, second = ClaimFactory(text="Taxes went up"), ClaimFactory(text="Taxes went down")
    ClaimRelation.objects.create(claim=first, kind="contradicts", related=second)
    a = StanceFactory(claim=first, statement=StatementFactory(speaker=speaker)).statement
    b = StanceFactory(
        claim=second,
        statement=StatementFactory(speaker=speaker, said_on=datetime.date(2024, 9, 1)),
    ).statement

    candidates = make_desk_client(editor).get(CANDIDATES).context["candidates"]

    assert [(c.earlier, c.later, set(c.claims)) for c in candidates] == [(a, b, {first, second})]


def test_a_fact_checker_sees_candidates_but_cannot_open_a_check(
    make_desk_client, fact_checker, flip
):
    _speaker, _claim, earlier, later = flip
    desk_client = make_desk_client(fact_checker)

    page = desk_client.get(CANDIDATES)
    desk_client.post(open_url(earlier, later))

    assert page.status_code == 200
    assert "Open a consistency check</button>" not in page.content.decode()
    assert not Reversal.objects.exists()
    assert Claim.objects.count() == 1


def test_nothing_reaches_readers_until_an_editor_publishes_the_check(
    client, api_client, make_desk_client, editor, second_editor, flip
):
    speaker, _claim, earlier, later = flip
    desk_client = make_desk_client(editor)

    # One click opens a draft consistency check holding both statements.
    response = desk_client.post(open_url(earlier, later))
    reversal = Reversal.objects.get()
    check = reversal.consistency_check
    assert response["Location"] == f"/admin/statements/claim/{check.pk}/change/"
    assert (reversal.earlier, reversal.later) == (earlier, later)
    assert check.status == Claim.Status.DRAFT
    assert set(check.stances.values_list("statement_id", "stance")) == {
        (earlier.pk, Stance.Kind.CONTEXT),
        (later.pk, Stance.Kind.CONTEXT),
    }
    # The pair leaves the candidates list.
    assert desk_client.get(CANDIDATES).context["candidates"] == []

    # Unreviewed: not on the speaker's page, not a public page, not in the API.
    assert "Reversals" not in client.get(speaker.get_absolute_url()).content.decode()
    assert client.get(check.get_absolute_url()).status_code == 404
    assert api_client.get(f"/api/v1/claims/{check.pk}/").status_code == 404

    # The desk rates it on the consistency scale and an editor publishes it.
    assert check.scale.slug == "consistency"
    VerdictFactory(
        claim=check,
        rating=Rating.objects.get(slug="full-flop"),
        conclusion="She reversed her position within three months.",
    )
    desk.claim_submit_for_review(claim=check, user=editor)
    desk.claim_publish(claim=check, user=second_editor)

    page = client.get(speaker.get_absolute_url()).content.decode()
    timeline = page.split('aria-labelledby="reversals-heading"')[1].split("</section>")[0]
    assert timeline.index("2024-03-01") < timeline.index("2024-06-01")
    assert earlier.text in timeline and later.text in timeline
    assert check.get_absolute_url() in timeline

    claim_page = client.get(check.get_absolute_url()).content.decode()
    review = json.loads(claim_page.split('type="application/ld+json">')[1].split("</script>")[0])
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == check.text
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 3,
        "worstRating": 1,
        "alternateName": "Full Flop",
    }
    api_review = api_client.get(f"/api/v1/claims/{check.pk}/claimreview/")
    assert api_review.status_code == 200
    assert api_review.json()["claimReviewed"] == check.text


def test_a_retracted_check_leaves_the_timeline(client, editor, second_editor, flip):
    speaker, _claim, earlier, later = flip
    from graph.services import reversal_open

    check = reversal_open(earlier=earlier, later=later, user=editor).consistency_check
    VerdictFactory(claim=check, rating=Rating.objects.get(slug="half-flip"))
    desk.claim_submit_for_review(claim=check, user=editor)
    desk.claim_publish(claim=check, user=second_editor)
    desk.claim_retract(claim=check, user=second_editor, notice="We got the dates wrong.")

    assert "reversals-heading" not in client.get(speaker.get_absolute_url()).content.decode()


def test_two_speakers_are_not_a_reversal(editor):
    from django.core.exceptions import ValidationError

    from graph.services import reversal_open

    with pytest.raises(ValidationError):
        reversal_open(earlier=StatementFactory(), later=StatementFactory(), user=editor)
    assert not Reversal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_editors_opening_the_same_candidate_at_once_get_one_check():
    """A race on PostgreSQL: two real connections, each in its own thread."""
    import threading

    from django.db import connection, connections

    from graph.services import reversal_open
    from statements.roles import EDITORS, roles_sync

    from .conftest import desk_member

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: set DATABASE_URL=postgres://…")
    # A transactional test starts from a flushed database: install the roles again.
    roles_sync()
    editor = desk_member("race-editor", "Rita", "Race", EDITORS)
    second_editor = desk_member("race-second-editor", "Ravi", "Race", EDITORS)
    speaker = SpeakerFactory()
    claim = ClaimFactory()
    earlier = StanceFactory(claim=claim, statement=StatementFactory(speaker=speaker)).statement
    later = StanceFactory(
        claim=claim,
        stance="denies",
        statement=StatementFactory(speaker=speaker, said_on=datetime.date(2024, 9, 9)),
    ).statement
    start, outcomes = threading.Barrier(2), []

    def open_check(user):
        try:
            start.wait()
            reversal_open(earlier=earlier, later=later, user=user)
            outcomes.append("opened")
        except Exception as error:  # the outcome is what is asserted
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_check, args=(u,)) for u in (editor, second_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ValidationError", "opened"]
    assert Reversal.objects.count() == 1
    assert Claim.objects.filter(reversal__isnull=False).count() == 1
    assert Claim.objects.count() == 2  # the claim, and one consistency check
