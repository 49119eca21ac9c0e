"""Query budgets: every page costs the same number of queries for 2 statements or 40, and for a
speaker with 3 claims or 300. A change here means an N+1 crept in (or a budget moved)."""

import pytest

from .factories import (
    ClaimFactory,
    CorrectionFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def build(*, statements: int, claims: int):
    """One claim with `statements` statements, and one speaker asserting `claims` claims,
    all on one topic, each with evidence and a correction."""
    topic = TopicFactory(slug="topic")
    big = ClaimFactory(published=True, slug="the-claim", text="The mediation claim")
    big.topics.add(topic)
    verdict = VerdictFactory(claim=big)
    verdict.evidence.add(*[StatementFactory().source for _ in range(3)])
    CorrectionFactory(verdict=verdict)
    for n in range(statements):
        StanceFactory(
            claim=big,
            stance="asserts" if n % 2 == 0 else "denies",
            statement=StatementFactory(
                speaking_for=SpeakerFactory(kind="organisation"), text=f"mediation {n}"
            ),
        )
    speaker = SpeakerFactory(slug="the-speaker", name="The mediation speaker")
    for n in range(claims):
        claim = ClaimFactory(published=True, text=f"Speaker claim mediation {n}")
        claim.topics.add(topic)
        CorrectionFactory(verdict=VerdictFactory(claim=claim))
        StanceFactory(
            claim=claim, statement=StatementFactory(speaker=speaker, text=f"mediation said {n}")
        )
    StanceFactory(claim=big, statement=StatementFactory(speaker=speaker))


# Every HTML page includes one query for the footer's transparency pages.
BUDGETS = {
    # latest verdicts, topics, corrections
    "/": 4,
    # count, page, the filter form's ratings and topics
    "/claims/": 5,
    # ... and the rating, topic and speaker named in the query string
    "/claims/?rating=false&topic=topic&speaker=the-speaker&published_after=2000-01-01": 8,
    # claim, statements, topics, evidence, corrections, authors, related claims, scale ends;
    # links to other claims (from and to it), the scale's false half, the repeat count
    "/claims/the-claim/": 13,
    "/speakers/": 3,
    # speaker, record counts, the scale, count, page of statements, their public claims;
    # promises, the scale's false half, most repeated claims, reversals
    "/speakers/the-speaker/": 11,
    "/topics/": 3,
    "/topics/topic/": 4,
    "/corrections/": 3,
    # claims, claims merged-into by a matching duplicate, statements with their public
    # claims, speakers
    "/search/?q=mediation": 6,
    "/methodology/": 3,
    "/about/": 2,
    # latest verdicts, latest corrections (plus the speaker or topic)
    "/feeds/claims/": 2,
    "/feeds/speakers/the-speaker/": 3,
    "/feeds/topics/topic/": 3,
    "/sitemap-claims.xml": 2,
    "/ratings.css": 1,
}


@pytest.mark.parametrize(
    ("statements", "claims"), [(2, 3), (40, 300)], ids=["2-statements-3-claims", "40-300"]
)
@pytest.mark.parametrize("path", list(BUDGETS))
def test_page_query_budget(client, django_assert_num_queries, path, statements, claims):
    build(statements=statements, claims=claims)
    with django_assert_num_queries(BUDGETS[path]):
        response = client.get(path)
    assert response.status_code == 200


def test_a_304_costs_only_the_claim_and_its_prefetches(client, django_assert_num_queries):
    build(statements=40, claims=3)
    etag = client.get("/claims/the-claim/")["ETag"]
    # claim, statements, topics, evidence, corrections, authors: no related claims, no scale.
    with django_assert_num_queries(6):
        response = client.get("/claims/the-claim/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
