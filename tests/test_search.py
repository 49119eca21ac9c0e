"""/search/: ranked, highlighted, paginated, public only; PostgreSQL reads stored documents."""

import pytest
from django.db import connection

from statements import search
from statements.models import Statement

from .conftest import postgres_only
from .factories import ClaimFactory, SpeakerFactory, StanceFactory, StatementFactory, VerdictFactory
from .test_site import text_of

pytestmark = pytest.mark.django_db


def test_finds_claims_statements_and_speakers_with_highlighted_matches(client, published_claim):
    response = client.get("/search/?q=mediate")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>mediate</mark>" in html
    page = text_of(response)
    assert "Modi asked Trump to mediate on Kashmir" in page
    assert "He asked me to mediate." in page

    speakers = client.get("/search/?q=trump").content.decode()
    assert "<mark>Trump</mark>" in speakers


def test_no_match_says_so(client, published_claim):
    assert "Nothing matches" in text_of(client.get("/search/?q=zanzibar"))


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?q=!!!", "?q=%00", "?q=" + "a" * 5000])
def test_odd_queries_never_fail(client, published_claim, query):
    response = client.get(f"/search/{query}")
    assert response.status_code in (200, 400)


def test_overlong_query_is_a_400(client, db):
    assert client.get("/search/?q=" + "a" * 201).status_code == 400


def test_highlighting_escapes_the_text_around_the_match(db):
    claim = ClaimFactory(published=True, text="<b>mediate</b> & <script>x</script>")
    VerdictFactory(claim=claim)
    from statements.models import Claim

    results = search.run(
        "mediate",
        claims=Claim.objects.public(),
        statements=Statement.objects.none(),
        speakers=SpeakerFactory._meta.model.objects.none(),
    )
    html = str(results.claims[0].highlighted)
    assert "<mark>mediate</mark>" in html
    assert "<b>" not in html and "<script>" not in html


@postgres_only()
def test_results_are_ranked_best_match_first(client, db):
    weak = ClaimFactory(published=True, text="Kashmir talks went on all week in the capital")
    VerdictFactory(claim=weak)
    strong = ClaimFactory(published=True, text="Kashmir mediation: Kashmir, Kashmir")
    VerdictFactory(claim=strong)
    html = client.get("/search/?q=kashmir").content.decode()
    assert html.index("mediation") < html.index("talks went on")


@postgres_only()
def test_stemming_matches_other_forms_of_a_word(client, published_claim):
    assert "He asked me to" in text_of(client.get("/search/?q=mediation"))


@postgres_only()
def test_statement_search_reads_the_stored_document_index(db):
    StanceFactory.create_batch(3, claim=ClaimFactory(published=True))
    queryset = search._postgres_matches(Statement.objects.all(), "text", "mediate")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "statement_search_document" in plan


def test_statement_results_show_the_claims_they_bear_on(client, published_claim):
    StatementFactory(speaker=SpeakerFactory(), text="mediate in an unpublished way")
    page = text_of(client.get("/search/?q=mediate"))
    assert "Asserts: Modi asked Trump to mediate on Kashmir" in page
    assert "mediate in an unpublished way" not in page


def api_claim_ids(api_client, query):
    response = api_client.get("/api/v1/claims/", {"q": query})
    assert response.status_code == 200
    return [claim["id"] for claim in response.json()["results"]]


def test_partners_find_through_the_api_what_readers_find_on_the_site(
    client, api_client, published_claim
):
    """One matching rule (statements.search.matching) behind /search/ and the API's `q`."""
    # A word only in a statement on the claim, and a word only in a speaker's name.
    assert "He asked me to mediate." in text_of(client.get("/search/", {"q": "asked"}))
    assert api_claim_ids(api_client, "asked") == [published_claim.pk]
    assert "Raveesh Kumar" in text_of(client.get("/search/", {"q": "Raveesh"}))
    assert api_claim_ids(api_client, "raveesh") == [published_claim.pk]
    assert api_claim_ids(api_client, "nowhere-to-be-found") == []


@postgres_only()
def test_the_api_search_is_full_text_on_postgresql(api_client, published_claim):
    # "mediation" and the statement's "mediate" share a stem; a plain word match misses it.
    assert api_claim_ids(api_client, "mediation") == [published_claim.pk]


def _claim_of(statement):
    return statement.stances.get().claim


@postgres_only()
@pytest.mark.parametrize("edited", ["claim", "statement", "speaker"])
def test_the_stored_document_follows_every_edit_without_code_doing_it(client, db, edited):
    """QuerySet.update() bypasses save() and signals: the database still refreshes the document."""
    stance = StanceFactory(claim=ClaimFactory(published=True, text="Nothing to see"))
    VerdictFactory(claim=stance.claim)
    rows = {
        "claim": (type(stance.claim), stance.claim.pk, "text"),
        "statement": (type(stance.statement), stance.statement.pk, "text"),
        "speaker": (type(stance.statement.speaker), stance.statement.speaker_id, "name"),
    }
    model, pk, field = rows[edited]
    assert "Zanzibarish words" not in text_of(client.get("/search/?q=zanzibarish"))

    model.objects.filter(pk=pk).update(**{field: "Zanzibarish words"})

    assert "Zanzibarish words" in text_of(client.get("/search/?q=zanzibarish"))


@postgres_only()
def test_a_common_word_is_ranked_by_the_index_not_by_sorting_every_match(db):
    StanceFactory.create_batch(3, claim=ClaimFactory(published=True))
    if not search._ranks_in_index():
        pytest.skip("the rum extension is not installed: GIN ranks a bounded candidate set")
    queryset = search._postgres_matches(Statement.objects.all(), "text", "mediate").annotate(
        distance=search.DistanceFromQuery("mediate")
    )
    with connection.cursor() as cursor:
        # As on a large table, where reading 20 entries in rank order beats any other plan.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        try:
            plan = queryset.order_by("distance")[:20].explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
            cursor.execute("SET enable_bitmapscan = on")

    assert "statement_search_document" in plan
    assert "Sort" not in plan.split("Index Scan")[0]  # the index gives the order


def test_results_are_paginated(client, db):
    claim = ClaimFactory(published=True)
    VerdictFactory(claim=claim)
    for n in range(25):
        StanceFactory(claim=claim, statement=StatementFactory(text=f"Quinoa prices rose {n}"))

    first = client.get("/search/?q=quinoa")
    second = client.get("/search/?q=quinoa&page=2")

    assert text_of(first).count("Quinoa prices rose") == 20
    assert 'rel="next"' in first.content.decode()
    assert text_of(second).count("Quinoa prices rose") == 5
    assert 'rel="prev"' in second.content.decode()
    assert 'rel="next"' not in second.content.decode()


@pytest.mark.parametrize("page", ["0", "abc", "51"])
def test_a_page_out_of_range_is_a_400(client, db, page):
    response = client.get("/search/", {"q": "kashmir", "page": page})

    assert response.status_code == 400


@postgres_only()
def test_a_typo_gets_a_did_you_mean(client, published_claim):
    search.refresh_words()

    response = client.get("/search/?q=kashmr")

    assert "Did you mean" in text_of(response)
    assert 'href="?q=kashmir"' in response.content.decode()


@postgres_only()
def test_the_planner_estimates_how_many_rows_a_query_matches(db):
    claim = ClaimFactory(published=True)
    StanceFactory.create_batch(30, claim=claim, statement__text="Walnut harvests")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE statements_statement")

    estimates = search.estimated_matches("walnut")

    assert set(estimates) == set(search.STORED_DOCUMENTS)
    assert estimates[Statement] >= 20  # the statistics know "walnut" is in (nearly) every row
    assert search.estimated_matches("walnut -harvests")[Statement] <= 1


@postgres_only()
def test_a_common_word_ranks_only_the_newest_matches_and_says_so(client, db, monkeypatch):
    """Past COMMON_MATCHES only the newest COMMON_CANDIDATES matches are ranked (best first),
    and the reader is told the results are the best among the newest."""
    monkeypatch.setattr(search, "COMMON_MATCHES", 0)
    monkeypatch.setattr(search, "COMMON_CANDIDATES", 3)
    claim = ClaimFactory(published=True)
    VerdictFactory(claim=claim)
    oldest_and_best = StanceFactory(
        claim=claim, statement__text="Pistachio, pistachio, pistachio"
    ).statement
    for n in range(3):
        StanceFactory(claim=claim, statement__text=f"Pistachio prices {n}")
    StanceFactory(claim=claim, statement__text="Pistachio pistachio exports")

    page = text_of(client.get("/search/?q=pistachio"))

    assert "More than 0 records match: these are the best matches among the newest." in page
    assert oldest_and_best.text not in page  # not among the newest three
    assert "Pistachio prices 0" not in page
    # The newest three, the one naming the word twice first.
    assert page.index("Pistachio pistachio exports") < page.index("Pistachio prices 2")
    assert "Pistachio prices 1" in page


@postgres_only()
def test_a_rare_word_is_not_common(client, published_claim):
    response = client.get("/search/?q=mediation")

    assert "He asked me to" in text_of(response)
    assert "best matches among the newest" not in text_of(response)
