"""The ClaimReview builder, on the seed story."""

import pytest
from django.core.management import call_command

from statements.jsonld import (
    CLAIM_REVIEW_PREFETCH,
    CLAIM_REVIEW_SELECT,
    ScaleBounds,
    claim_review,
)
from statements.models import Claim, Rating, RatingScale

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db):
    call_command("load_seed_story", verbosity=0)


def reviewable(slug):
    return (
        Claim.objects.published()
        .select_related(*CLAIM_REVIEW_SELECT)
        .prefetch_related(*CLAIM_REVIEW_PREFETCH)
        .get(slug=slug)
    )


def test_the_mediation_claims_review(seed, settings):
    settings.SITE_URL = "https://factcheck.example.org"
    settings.SITE_NAME = "Example Fact Check"
    trump = {
        "@type": "Person",
        "name": "Donald Trump",
        "jobTitle": "President of the United States",
        "sameAs": "https://www.wikidata.org/wiki/Q22686",
    }
    # The seed article's publisher is not named, so its appearance names no author (the
    # speaker is the claim's author, not the article's).
    appearance = {
        "@type": "CreativeWork",
        "headline": "India rejects Trump's offer to mediate on Kashmir",
    }
    claim = reviewable("modi-asked-trump-to-mediate-on-kashmir")
    assert claim_review(claim, scale=ScaleBounds.current()) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example.org/claims/modi-asked-trump-to-mediate-on-kashmir/",
        "claimReviewed": "Narendra Modi asked Donald Trump to mediate on Kashmir",
        "inLanguage": "en",
        "datePublished": "2019-07-24T10:00:00+00:00",
        "dateModified": "2019-07-24T10:00:00+00:00",
        "author": {
            "@type": "Organization",
            "name": "Example Fact Check",
            "url": "https://factcheck.example.org/",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": trump,
            "datePublished": "2019-07-22",
            "firstAppearance": appearance,
            "appearance": [appearance],
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "description": claim.verdict.conclusion,
    }


def test_the_scale_is_read_from_the_rating_table(seed):
    Rating.objects.create(label="Pants on fire", slug="pants-on-fire", ordinal=9, colour="#000000")
    truth = RatingScale.objects.truth()
    assert ScaleBounds.current().bounds[truth.pk] == (1, 9)


def test_no_review_without_a_rated_verdict(make_claim):
    claim = make_claim("published")
    claim.verdict.rating = None
    claim.verdict.save()
    claim.refresh_from_db()
    assert claim_review(claim, scale=ScaleBounds.current()) is None
    claim.verdict.delete()
    claim.refresh_from_db()
    assert claim_review(claim, scale=ScaleBounds.current()) is None


def test_building_many_reviews_costs_a_fixed_number_of_queries(
    make_claim, django_assert_num_queries
):
    for statements in (1, 5, 20):
        make_claim("published", statements=statements)
    scale = ScaleBounds.current()
    # One for the claims with their verdicts and ratings, one for the stances with statements,
    # speakers, bodies spoken for and sources; none per claim.
    with django_assert_num_queries(2):
        claims = (
            Claim.objects.published()
            .select_related(*CLAIM_REVIEW_SELECT)
            .prefetch_related(*CLAIM_REVIEW_PREFETCH)
        )
        reviews = [claim_review(claim, scale=scale) for claim in claims]
    assert len(reviews) == 3


def test_an_appearance_is_authored_by_the_source_publisher_not_the_speaker(seed):
    claim = reviewable("modi-asked-trump-to-mediate-on-kashmir")
    statement = claim.stances.get(stance="asserts").statement
    statement.source.publisher = "The Hindu"
    statement.source.save()
    claim = reviewable("modi-asked-trump-to-mediate-on-kashmir")

    review = claim_review(claim, scale=ScaleBounds.current())

    assert review["itemReviewed"]["firstAppearance"]["author"] == {
        "@type": "Organization",
        "name": "The Hindu",
    }
    assert review["itemReviewed"]["author"]["name"] == "Donald Trump"
