"""The API's claim documents are written by statements/api/documents.py, not by walking DRF's
fields; the serializers stay the reference (and the OpenAPI schema). Both must give the same
document, for every part a claim can have, with and without a request."""

import pytest
from rest_framework.test import APIRequestFactory

from graph.models import ClaimRelation
from statements.api import serializers
from statements.api.views import api_claims, claim_documents

from .factories import (
    ClaimFactory,
    OrganisationFactory,
    SourceFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(published_claim):
    """The seed-shaped claim, plus every optional part: speaking for, a source, all three
    stances, two topics, relations both ways, and a claim without a verdict."""
    published_claim.topics.add(TopicFactory())
    StanceFactory(
        claim=published_claim,
        stance="context",
        statement=StatementFactory(speaking_for=OrganisationFactory(), source=SourceFactory()),
    )
    other = ClaimFactory(published=True)
    VerdictFactory(claim=other, rating=None)
    ClaimRelation.objects.create(claim=other, kind="follow_up_to", related=published_claim)
    ClaimRelation.objects.create(claim=published_claim, kind="contradicts", related=other)
    bare = ClaimFactory(published=True)
    return [published_claim, other, bare]


@pytest.mark.parametrize("with_request", [True, False], ids=["request", "no-request"])
def test_the_list_document_is_what_the_serializer_would_write(claims, with_request):
    request = APIRequestFactory().get("/api/v1/claims/") if with_request else None
    rows = api_claims().select_related("verdict__rating").prefetch_related("topics")
    serializer = serializers.ClaimSerializer(context={"request": request})
    for claim in rows:
        assert serializer.to_representation(claim) == serializer.reference_representation(claim)


@pytest.mark.parametrize("with_request", [True, False], ids=["request", "no-request"])
def test_the_claim_document_is_what_the_serializer_would_write(claims, with_request):
    request = APIRequestFactory().get("/api/v1/claims/1/") if with_request else None
    serializer = serializers.ClaimDetailSerializer(context={"request": request})
    seen = 0
    for claim in claim_documents():
        document = serializer.to_representation(claim)
        assert document == serializer.reference_representation(claim)
        seen += bool(document["relations"]) + bool(document["stances"]["context"])
    assert seen >= 3  # the optional parts were there to compare


@pytest.mark.parametrize("slug", ["modi-asked-trump", "under_score-9", "ünïcode", "with space"])
@pytest.mark.parametrize("view", ["claim-detail", "speaker-detail", "topic-detail"])
def test_page_paths_from_the_cached_template_are_what_reverse_writes(view, slug):
    """The same address, or the same refusal (a slug the address pattern does not accept)."""
    from django.urls import NoReverseMatch, reverse

    from statements.models import page_path

    def outcome(function):
        try:
            return function(f"statements:{view}", slug)
        except NoReverseMatch:
            return "no match"

    expected = outcome(lambda name, value: reverse(name, kwargs={"slug": value}))
    assert outcome(page_path) == expected
