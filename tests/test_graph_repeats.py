"""Repeated claims (issue 13, item 3): a claim asserted again after it was rated false is
counted, with its dated statements, on the claim page and the speaker page; the desk offers
the rated claim when a statement repeating it is recorded. Invented people only."""

import datetime

import pytest
from django.utils import timezone

from statements.models import Rating, Stance

from .factories import (
    ClaimFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

RATED_ON = datetime.datetime(2024, 1, 10, 9, 0, tzinfo=datetime.UTC)
REPEATED_ON = [datetime.date(2024, 2, 1), datetime.date(2024, 3, 5), datetime.date(2024, 4, 9)]


def rated_claim(rating="false", text="The new bridge cost ten times its budget"):
    claim = ClaimFactory(published=True, text=text)
    claim.published_at = RATED_ON
    claim.save()
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug=rating))
    return claim


def say(claim, speaker, on, stance="asserts"):
    statement = StatementFactory(speaker=speaker, said_on=on, text=f"{speaker.name} on {on}")
    return StanceFactory(claim=claim, statement=statement, stance=stance)


@pytest.fixture
def repeated(db):
    """Asha Verma (invented) made a claim before it was rated False and three times after;
    Ravi Kulkarni (invented) repeated it once; one denial after does not count."""
    claim = rated_claim()
    asha = SpeakerFactory(name="Asha Verma", slug="asha-verma")
    ravi = SpeakerFactory(name="Ravi Kulkarni", slug="ravi-kulkarni")
    say(claim, asha, datetime.date(2024, 1, 2))
    for on in REPEATED_ON:
        say(claim, asha, on)
    say(claim, ravi, datetime.date(2024, 5, 1))
    say(claim, SpeakerFactory(), datetime.date(2024, 6, 1), stance="denies")
    return claim, asha, ravi


def test_the_claim_page_counts_repeats_since_the_rating_with_their_dates(client, repeated):
    claim, _asha, _ravi = repeated

    page = client.get(claim.get_absolute_url()).content.decode()

    assert "Repeated 4 times since it was rated False" in page
    section = page.split('class="repeats"')[1].split("</section>")[0]
    assert [d.isoformat() for d in [datetime.date(2024, 5, 1), *REPEATED_ON[::-1]]] == [
        part.split('"')[0] for part in section.split('datetime="')[1:]
    ]
    assert "2024-01-02" not in section  # said before the verdict: not a repeat


def test_the_speaker_page_lists_their_most_repeated_false_claims(client, repeated):
    claim, asha, ravi = repeated
    other = rated_claim("mostly-false", text="The river was never polluted")
    say(other, asha, datetime.date(2024, 7, 1))

    page = client.get(asha.get_absolute_url()).content.decode()
    section = page.split('aria-labelledby="repeated-heading"')[1].split("</section>")[0]

    assert "Most repeated false claims" in page
    # Most repeated first: three times, then once.
    assert section.index(claim.text) < section.index(other.text)
    assert "Repeated 3 times since it was rated False:" in section
    assert "Repeated 1 time since it was rated Mostly false:" in section
    # Each claim carries its own rating badge (the speaker page has no claim of its own).
    assert f'{claim.text}</a> <span class="rating rating-false">' in section
    assert f'{other.text}</a> <span class="rating rating-mostly-false">' in section
    ravi_page = client.get(ravi.get_absolute_url()).content.decode()
    assert "Repeated 1 time since it was rated False:" in ravi_page


@pytest.mark.parametrize("rating", ["half-true", "mostly-true", "true"])
def test_repeating_a_claim_rated_true_or_half_true_is_not_flagged(client, rating):
    claim = rated_claim(rating)
    speaker = SpeakerFactory()
    say(claim, speaker, REPEATED_ON[0])

    assert "Repeated" not in client.get(claim.get_absolute_url()).content.decode()
    assert "Most repeated" not in client.get(speaker.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", ["retracted", "in_review"])
def test_a_claim_that_is_not_live_counts_no_repeats(client, staff_editor, repeated, status):
    claim, asha, _ravi = repeated
    claim.status = status
    claim.retracted_at = timezone.now() if status == "retracted" else None
    claim.retraction_notice = "Retracted in a test." if status == "retracted" else ""
    claim.save()
    client.force_login(staff_editor)

    page = client.get(claim.get_absolute_url()).content.decode()

    assert "Repeated" not in page
    assert "Most repeated" not in client.get(asha.get_absolute_url()).content.decode()


# --- The desk offers the rated claim ------------------------------------------------------


def test_the_desk_offers_the_rated_claim_when_a_repeat_is_recorded(
    make_desk_client, fact_checker, editor, repeated
):
    claim, asha, _ravi = repeated
    source = StatementFactory().source
    desk = make_desk_client(fact_checker)

    # The fact-checker records a new statement, in words close to the rated claim.
    response = desk.post(
        "/admin/statements/statement/add/",
        {
            "speaker": asha.pk,
            "text": "The new bridge cost ten times its budget, I tell you",
            "quote_type": "direct",
            "said_on": "2024-08-01",
            "source": source.pk,
            "language": "en",
            "stances-TOTAL_FORMS": 0,
            "stances-INITIAL_FORMS": 0,
            "_continue": "1",
        },
    )
    assert response.status_code == 302
    statement = asha.statements.get(said_on=datetime.date(2024, 8, 1))
    page = desk.get(response["Location"]).content.decode()

    assert "This may repeat a claim we already rated" in page
    assert claim.text in page
    # The claim is published: the fact-checker is told to ask an editor, and cannot attach.
    assert "ask an editor to attach this statement" in page
    attach = f"/admin/graph/claimrelation/attach/{statement.pk}/{claim.pk}/"
    desk.post(attach)
    assert not Stance.objects.filter(statement=statement).exists()

    # An editor attaches it in one click; it then counts as a repeat.
    make_desk_client(editor).post(attach)
    assert Stance.objects.get(statement=statement).claim == claim
    assert Stance.objects.get(statement=statement).stance == "asserts"
    assert "Repeated 5 times since it was rated False" in (
        make_desk_client().get(claim.get_absolute_url()).content.decode()
    )
    # Attached, it is no longer offered.
    assert "This may repeat" not in desk.get(response["Location"]).content.decode()


def test_no_offer_for_a_statement_unlike_any_rated_claim(make_desk_client, fact_checker, repeated):
    statement = StatementFactory(text="Completely unrelated words about cricket scores")

    page = make_desk_client(fact_checker).get(f"/admin/statements/statement/{statement.pk}/change/")

    assert page.status_code == 200
    assert "This may repeat" not in page.content.decode()
