"""Query budgets: every page costs the same number of queries for 2 statements or 40, and for a
speaker with 3 claims or 300. A change here means an N+1 crept in (or a budget moved)."""

import pytest
from django.db import connection

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
# Pages that draw a verdict read the whole rating scale once (context_processors.rating_scale);
# a list of cards reads who first made each claim in one more (Claim.with_claimants()).
BUDGETS = {
    # latest verdicts and who first made each, corrections, most-checked speakers (counts,
    # then the speakers), topics, the scale
    "/": 8,
    # count, page, who made them, the filter form's rating models, ratings and topics, the
    # scales
    "/claims/": 8,
    # ... and the rating, topic and speaker named in the query string
    "/claims/?rating=false&topic=topic&speaker=the-speaker&published_after=2000-01-01": 11,
    # claim, statements, topics, evidence, corrections, authors, related claims and who made
    # them, scale ends (JSON-LD), the scale; links to other claims (from and to it), the
    # scale's false half, the repeat count; the reader's translation (in every language)
    "/claims/the-claim/": 16,
    "/speakers/": 3,
    # speaker, record counts, the scale, count, page of statements, their public claims;
    # promises, the scale's false half, most repeated claims, reversals
    "/speakers/the-speaker/": 11,
    "/topics/": 3,
    # topic, count, the page of claims with who made them, the scale...
    "/topics/topic/": 6,
    # count, the page of notices (corrections and retractions), the corrections, the footer
    "/corrections/": 4,
    # claims and who made them, claims merged-into by a matching duplicate, statements with
    # their public claims, speakers, the scale; claims found by a reviewed translation; and on
    # PostgreSQL one EXPLAIN that estimates how many rows the query matches (a common word
    # ranks only the newest; SQLite's simple fallback has no such estimate)
    "/search/?q=mediation": 9 + (connection.vendor == "postgresql"),
    # the page, the rating models, their ratings, the footer
    "/methodology/": 4,
    "/about/": 2,
    # latest verdicts, latest notices, their corrections (plus the speaker or topic)
    "/feeds/claims/": 3,
    "/feeds/speakers/the-speaker/": 4,
    "/feeds/topics/topic/": 4,
    "/sitemap-claims.xml": 2,
    "/ratings.css": 1,
}


# Every public page first reads the public data's generation, which keys the cache (publiccache).
GENERATION = 1


@pytest.mark.parametrize(
    ("statements", "claims"), [(2, 3), (40, 300)], ids=["2-statements-3-claims", "40-300"]
)
@pytest.mark.parametrize("path", list(BUDGETS))
def test_page_query_budget(client, django_assert_num_queries, path, statements, claims):
    build(statements=statements, claims=claims)
    with django_assert_num_queries(GENERATION + BUDGETS[path]):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["hi", "ur"])
@pytest.mark.parametrize("path", list(BUDGETS))
def test_page_query_budget_is_the_same_in_every_language(
    client, django_assert_num_queries, path, language
):
    """A page in Hindi or Urdu reads its translations within the same budget as in English:
    lists as subqueries of their own query, a claim page in its one translation query."""
    build(statements=2, claims=3)
    with django_assert_num_queries(GENERATION + BUDGETS[path]):
        response = client.get(f"/{language}{path}")
    assert response.status_code == 200


@pytest.mark.parametrize("path", list(BUDGETS))
def test_a_cached_page_costs_only_the_generation(client, django_assert_num_queries, path):
    build(statements=40, claims=3)
    first = client.get(path)
    with django_assert_num_queries(GENERATION):
        again = client.get(path)
    assert (again.status_code, again.content) == (200, first.content)


@pytest.mark.parametrize("path", list(BUDGETS))
def test_a_304_costs_only_the_generation(client, django_assert_num_queries, path):
    build(statements=40, claims=3)
    etag = client.get(path)["ETag"]
    with django_assert_num_queries(GENERATION):
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.content) == (304, b"")
