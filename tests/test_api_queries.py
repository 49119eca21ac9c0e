"""Query counts of the API: fixed, whatever the page size or the number of statements."""

import pytest

from statements.models import Claim, Correction

from .factories import CorrectionFactory, SourceFactory, StanceFactory, TopicFactory
from .streaming import streamed_json

pytestmark = pytest.mark.django_db


def many_claims(make_claim, count: int, statements: int = 2):
    claims = [make_claim(statements=statements) for _ in range(count)]
    for claim in claims:
        claim.topics.add(TopicFactory())
        claim.verdict.evidence.add(SourceFactory())
        CorrectionFactory(verdict=claim.verdict)
    return claims


# list: the page; topics (claims) or the nested prefetch; Last-Modified from the change log.
LIST_QUERIES = {
    "claims": 3,
    "statements": 3,
    "speakers": 2,
    "sources": 2,
    "topics": 2,
    "ratings": 2,
    "corrections": 2,
}


@pytest.mark.parametrize("endpoint", LIST_QUERIES)
@pytest.mark.parametrize("page_size", [10, 100])
def test_list_queries_do_not_grow_with_the_page(
    api_client, make_claim, django_assert_num_queries, endpoint, page_size
):
    """Guards the N+1s on rating, topics, speakers, sources and a statement's claims."""
    many_claims(make_claim, 12)

    with django_assert_num_queries(LIST_QUERIES[endpoint]):
        response = api_client.get(f"/api/v1/{endpoint}/", {"page_size": page_size})

    assert response.status_code == 200
    # 12 claims, each with 2 statements (own speaker and source), a topic, evidence, a correction.
    totals = {"claims": 12, "statements": 24, "speakers": 24, "sources": 36, "topics": 12}
    # The three rating models' ratings (5 truth, 3 consistency, 6 promise).
    totals |= {"ratings": 14, "corrections": 12}
    assert len(response.json()["results"]) == min(page_size, totals[endpoint])


@pytest.mark.parametrize("statements", [1, 10])
def test_claim_detail_queries_do_not_grow_with_its_statements(
    api_client, make_claim, django_assert_num_queries, statements
):
    """Claim, topics, stances with speakers and sources, evidence, corrections, the links to
    other claims (from and to it), the reader's translation, Last-Modified."""
    claim = many_claims(make_claim, 1, statements=statements)[0]
    StanceFactory(claim=claim, stance="denies")

    with django_assert_num_queries(9):
        response = api_client.get(f"/api/v1/claims/{claim.pk}/")

    assert len(response.json()["stances"]["asserts"]) == statements


@pytest.mark.parametrize("count", [2, 12])
def test_changes_and_feeds_do_not_grow_with_the_claims(
    api_client, make_claim, django_assert_num_queries, settings, count
):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    many_claims(make_claim, count, statements=3)
    deleted = Claim.objects.first()
    Correction.objects.filter(verdict__claim=deleted).delete()
    deleted.delete()

    # bound, latest per claim, live claims + 7 prefetches (4, the links to other claims, the
    # translations), the others, deleted ones, Last-Modified.
    with django_assert_num_queries(13):
        api_client.get("/api/v1/changes/", {"since": 0})
    # log head (ETag, Last-Modified, dateModified), scale, claims, stances; read to the end,
    # as the body is streamed.
    with django_assert_num_queries(4):
        streamed_json(api_client.get("/api/v1/claimreview/"))
    with django_assert_num_queries(4):
        api_client.get(
            "/api/factchecktools/v1alpha1/claims:search", {"query": "claim", "pageSize": 100}
        )


@pytest.mark.parametrize("endpoint", ["statements", "speakers", "sources", "topics"])
def test_detail_queries(api_client, make_claim, django_assert_num_queries, endpoint):
    many_claims(make_claim, 3)
    first = api_client.get(f"/api/v1/{endpoint}/").json()["results"][0]

    with django_assert_num_queries(LIST_QUERIES[endpoint]):
        response = api_client.get(first["url"])

    assert response.json() == first


@pytest.mark.parametrize(
    "asked",
    [{}, {"lang": "hi"}, {"HTTP_ACCEPT_LANGUAGE": "ur"}],
    ids=["en", "lang-hi", "accept-ur"],
)
def test_claim_queries_are_the_same_in_every_language(
    api_client, make_claim, django_assert_num_queries, asked
):
    """A list reads its translations in its own query, a claim in one query, whatever the
    language and however it was asked for."""
    claims = many_claims(make_claim, 12)
    headers = {key: value for key, value in asked.items() if key.startswith("HTTP_")}
    params = {key: value for key, value in asked.items() if not key.startswith("HTTP_")}

    with django_assert_num_queries(LIST_QUERIES["claims"]):
        api_client.get("/api/v1/claims/", {"page_size": 100, **params}, **headers)
    with django_assert_num_queries(9):
        api_client.get(f"/api/v1/claims/{claims[0].pk}/", params, **headers)
