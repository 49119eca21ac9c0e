"""Query counts of the claim graph's pages: the claim page's links and repeats, the speaker
page's repeats, reversals and promises, and the desk's candidates page do not grow with the
graph."""

import datetime

import pytest
from django.core.cache import cache

from graph.models import ClaimRelation, Reversal
from statements.models import Claim

from .factories import (
    ClaimFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

AFTER = datetime.date(2030, 1, 1)  # said after any test claim's verdict
# Every desk request: the second-factor device (django-otp) and the session's renewed idle
# expiry (a savepoint, the update, its release), as in tests/test_desk_admin.py.
DESK_REQUEST = 4


def graph(n: int):
    """A speaker with a published claim that has `n` links, `n` repeats, and `n` published
    reversals and `n` candidate pairs."""
    speaker = SpeakerFactory(slug="the-speaker")
    claim = ClaimFactory(published=True, slug="the-claim")
    VerdictFactory(claim=claim)
    for k in range(n):
        other = ClaimFactory(published=True)
        VerdictFactory(claim=other)
        StanceFactory(claim=other)
        ClaimRelation.objects.create(
            claim=claim if k % 2 else other, kind="contradicts", related=other if k % 2 else claim
        )
        StanceFactory(claim=claim, statement=StatementFactory(speaker=speaker, said_on=AFTER))
        denial = StanceFactory(
            claim=claim, stance="denies", statement=StatementFactory(speaker=speaker)
        )
        check = ClaimFactory(published=True)
        VerdictFactory(claim=check)
        Reversal.objects.create(
            earlier=StatementFactory(speaker=speaker),
            later=denial.statement,
            consistency_check=check,
        )
    return claim, speaker


@pytest.mark.parametrize("n", [1, 8])
def test_graph_pages_do_not_grow_with_the_graph(
    client, make_desk_client, editor, django_assert_num_queries, n
):
    _claim, _speaker = graph(n)
    desk = make_desk_client(editor)

    page = client.get("/claims/the-claim/").content.decode()
    assert f"Repeated {n} time" in page
    assert page.count('class="relation relation-contradicts"') == n
    assert client.get("/speakers/the-speaker/").content.decode().count("<time") > n

    # The pages above are now in the public cache (publiccache): empty it to count renders.
    cache.clear()
    # the public cache's generation; claim, statements, topics, evidence, corrections,
    # authors, related claims (none here, so not who made them), scale ends (JSON-LD), the
    # scale; links from and to it, the scale's false half, the repeat count, the repeats'
    # statements; the reader's translation; the footer
    with django_assert_num_queries(17):
        client.get("/claims/the-claim/", HTTP_IF_NONE_MATCH="")
    # the public cache's generation; speaker, record counts, scale, count, page, claims;
    # promises, false half, repeat counts, repeated claims, their statements, reversals; the
    # footer
    with django_assert_num_queries(14):
        client.get("/speakers/the-speaker/")
    # session, user, the user's permissions (own and groups'), the two pair queries, opened
    # pairs, statements, claims; plus every desk request's second-factor device and renewed
    # session expiry (DESK_REQUEST)
    with django_assert_num_queries(DESK_REQUEST + 9):
        response = desk.get("/admin/graph/reversal/candidates/")
    assert len(response.context["candidates"]) == n * n  # each assertion against each denial
    assert Claim.objects.count() > n


def desk_rows(n: int):
    from .test_promises import PromiseFactory, StatusChangeFactory

    for _ in range(n):
        claim, other, check = (ClaimFactory() for _ in range(3))
        ClaimRelation.objects.create(claim=claim, kind="part_of", related=other)
        Reversal.objects.create(
            earlier=StatementFactory(), later=StatementFactory(), consistency_check=check
        )
        StatusChangeFactory(promise=PromiseFactory())


# session, user, permissions (own and groups'), count, total count, rows (+ the kind or
# topic filter's choices for the promise list); plus DESK_REQUEST
DESK_LISTS = {
    "/admin/graph/claimrelation/": DESK_REQUEST + 7,
    "/admin/graph/reversal/": DESK_REQUEST + 7,
    "/admin/promises/promise/": DESK_REQUEST + 8,
}


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("path", DESK_LISTS)
def test_desk_lists_do_not_grow_with_the_page(
    make_desk_client, editor, django_assert_num_queries, path, n
):
    desk_rows(n)
    desk = make_desk_client(editor)

    with django_assert_num_queries(DESK_LISTS[path]):
        response = desk.get(path)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == n
