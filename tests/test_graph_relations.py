"""Claim relations (issue 13, item 5): links on claim pages and in the API between public
claims only; *same as* merges a duplicate with a redirect, and search follows it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from graph import services
from graph.models import ClaimRelation
from statements.models import ClaimRedirect, Stance

from .factories import ClaimFactory, StanceFactory, StatementFactory, VerdictFactory

pytestmark = pytest.mark.django_db

# (kind, label on the claim's own page, label on the related claim's page, API names)
KINDS = [
    ("contradicts", "Contradicts", "Contradicts", ("contradicts", "contradicts")),
    ("part_of", "Part of", "Includes", ("part_of", "has_part")),
    ("follow_up_to", "Follow-up to", "Followed up by", ("follow_up_to", "followed_up_by")),
]


def rated(**kwargs):
    claim = ClaimFactory(**kwargs)
    VerdictFactory(claim=claim)
    StanceFactory(claim=claim)
    return claim


@pytest.mark.parametrize(("kind", "label", "inverse_label", "api_names"), KINDS)
@pytest.mark.parametrize("other_status", ["published", "retracted"])
def test_both_claim_pages_show_a_link_between_public_claims(
    client, kind, label, inverse_label, api_names, other_status
):
    claim = rated(published=True, text="The dam was finished in 2021")
    other = rated(**{other_status: True}, text="The dam is still unfinished")
    ClaimRelation.objects.create(claim=claim, kind=kind, related=other)

    page = client.get(claim.get_absolute_url()).content.decode()
    other_page = client.get(other.get_absolute_url()).content.decode()

    assert f'{label}:</span> <a href="{other.get_absolute_url()}">' in page
    assert f'{inverse_label}:</span> <a href="{claim.get_absolute_url()}">' in other_page


@pytest.mark.parametrize("status", ["draft", "in_review"])
@pytest.mark.parametrize(("kind", "label", "inverse_label", "api_names"), KINDS)
def test_an_unpublished_claim_is_never_linked_to(
    client, api_client, status, kind, label, inverse_label, api_names
):
    public = rated(published=True)
    hidden = rated(**({"in_review": True} if status == "in_review" else {}), text="Secret draft")
    ClaimRelation.objects.create(claim=public, kind=kind, related=hidden)
    ClaimRelation.objects.create(claim=hidden, kind="contradicts", related=public)

    page = client.get(public.get_absolute_url()).content.decode()
    document = api_client.get(f"/api/v1/claims/{public.pk}/").json()

    assert "Secret draft" not in page
    assert 'class="claim-relations"' not in page
    assert document["relations"] == []


def test_the_api_names_a_link_from_each_side_and_leaves_out_retracted_claims(api_client):
    claim = rated(published=True)
    other = rated(published=True)
    retracted = rated(retracted=True)
    ClaimRelation.objects.create(claim=claim, kind="part_of", related=other)
    ClaimRelation.objects.create(claim=retracted, kind="follow_up_to", related=claim)

    mine = api_client.get(f"/api/v1/claims/{claim.pk}/").json()["relations"]
    theirs = api_client.get(f"/api/v1/claims/{other.pk}/").json()["relations"]

    assert [(r["relation"], r["claim"]["id"]) for r in mine] == [("part_of", other.pk)]
    assert [(r["relation"], r["claim"]["id"]) for r in theirs] == [("has_part", claim.pk)]


def test_same_as_merges_a_duplicate_into_the_published_claim(client, api_client, editor):
    kept = rated(published=True, text="The minister promised free electricity to farmers")
    duplicate = ClaimFactory(text="Farmers were offered power without charge by the minister")
    moved = StanceFactory(claim=duplicate, statement=StatementFactory(text="Free power for all!"))
    shared = kept.stances.get().statement
    StanceFactory(claim=duplicate, statement=shared, stance="denies")

    services.claim_relation_create(claim=duplicate, kind="same_as", related=kept, user=editor)

    # Its statements moved (one new stance; the shared statement is not doubled) ...
    assert set(kept.stances.values_list("statement_id", flat=True)) == {
        shared.pk,
        moved.statement_id,
    }
    assert Stance.objects.filter(claim=kept, statement=shared).get().stance == "asserts"
    # ... its address redirects ...
    assert ClaimRedirect.objects.get(old_slug=duplicate.slug).claim == kept
    response = client.get(f"/claims/{duplicate.slug}/")
    assert response.status_code == 301
    assert response["Location"] == kept.get_absolute_url()
    # ... and search follows it: the duplicate's wording finds the claim it became.
    results = client.get("/search/", {"q": "offered power without charge"}).context["results"]
    assert [claim.pk for claim in results.claims] == [kept.pk]
    found = api_client.get("/api/v1/claims/", {"q": "offered power without charge"}).json()
    assert [claim["id"] for claim in found["results"]] == [kept.pk]


def test_a_published_claim_is_not_merged_away(editor):
    kept = rated(published=True)
    other = rated(published=True)

    with pytest.raises(ValidationError, match="retracted, not merged"):
        services.claim_relation_create(claim=other, kind="same_as", related=kept, user=editor)

    assert not ClaimRelation.objects.exists()
    assert not ClaimRedirect.objects.exists()


def test_only_an_editor_links_a_published_claim_in_the_desk(make_desk_client, fact_checker, editor):
    public = rated(published=True)
    draft = rated()
    form = {"claim": draft.pk, "kind": "follow_up_to", "related": public.pk}

    refused = make_desk_client(fact_checker).post("/admin/graph/claimrelation/add/", form)
    assert refused.status_code == 200
    assert "Only an editor may link a published claim." in refused.content.decode()
    assert not ClaimRelation.objects.exists()

    accepted = make_desk_client(editor).post("/admin/graph/claimrelation/add/", form)
    assert accepted.status_code == 302
    assert ClaimRelation.objects.get().related == public


def test_a_fact_checker_links_two_drafts(make_desk_client, fact_checker):
    first, second = rated(), rated()
    before = timezone.now() - datetime.timedelta(seconds=1)

    response = make_desk_client(fact_checker).post(
        "/admin/graph/claimrelation/add/",
        {"claim": first.pk, "kind": "part_of", "related": second.pk},
    )

    assert response.status_code == 302
    relation = ClaimRelation.objects.get()
    assert (relation.claim, relation.related) == (first, second)
    assert relation.history.get().history_user == fact_checker
    first.refresh_from_db()
    assert first.updated_at > before  # the claim page's validators move with its links


def test_a_claim_is_not_linked_to_itself(editor):
    claim = rated(published=True)
    with pytest.raises(ValidationError):
        services.claim_relation_create(claim=claim, kind="contradicts", related=claim, user=editor)
    assert not ClaimRelation.objects.exists()


def test_each_linked_claim_shows_its_own_rating_not_the_page_claims(client):
    from statements.models import Rating

    claim = ClaimFactory(published=True, text="The dam was finished in 2021")
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug="false"))
    other = ClaimFactory(published=True, text="The dam is still unfinished")
    VerdictFactory(claim=other, rating=Rating.objects.get(slug="true"))
    withdrawn = ClaimFactory(retracted=True, text="The dam was never started")
    VerdictFactory(claim=withdrawn, rating=Rating.objects.get(slug="false"))
    ClaimRelation.objects.create(claim=claim, kind="contradicts", related=other)
    ClaimRelation.objects.create(claim=claim, kind="part_of", related=withdrawn)

    page = client.get(claim.get_absolute_url()).content.decode()
    links = page.split('class="claim-relations"')[1].split("</section>")[0]

    assert f'{other.text}</a> <span class="rating rating-true">' in links
    assert f'{withdrawn.text}</a> <span class="rating rating-retracted">' in links
