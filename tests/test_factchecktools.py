"""/api/factchecktools/v1alpha1/claims:search answers as Google's Fact Check Tools API does."""

import base64
import datetime

import pytest
from django.utils import timezone

from apikeys.services import api_key_issue
from statements.models import Claim, Verdict

pytestmark = pytest.mark.django_db

SEARCH = "/api/factchecktools/v1alpha1/claims:search"
MODI_ASKED = "modi-asked-trump-to-mediate-on-kashmir"


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://factcheck.example.org"
    settings.SITE_NAME = "Example Fact Check"
    settings.LANGUAGE_CODE = "en"
    return settings.SITE_URL


def modi_result(site: str) -> dict:
    return {
        "text": "Narendra Modi asked Donald Trump to mediate on Kashmir",
        "claimant": "Donald Trump",
        "claimDate": "2019-07-22T00:00:00Z",
        "claimReview": [
            {
                "publisher": {"name": "Example Fact Check", "site": "factcheck.example.org"},
                "url": f"{site}/claims/{MODI_ASKED}/",
                "title": "Narendra Modi asked Donald Trump to mediate on Kashmir",
                "reviewDate": "2019-07-24T10:00:00Z",
                "textualRating": "False",
                "languageCode": "en",
            }
        ],
    }


def bilateral_result(site: str) -> dict:
    claim = Claim.objects.get(slug="india-and-pakistan-must-resolve-their-issues-only-bilaterally")
    return {
        "text": claim.text,
        "claimant": "Raveesh Kumar",
        "claimDate": "2019-07-22T00:00:00Z",
        "claimReview": [
            {
                "publisher": {"name": "Example Fact Check", "site": "factcheck.example.org"},
                "url": f"{site}/claims/{claim.slug}/",
                "title": claim.text,
                "reviewDate": "2019-07-25T10:00:00Z",
                "textualRating": "Mostly true",
                "languageCode": "en",
            }
        ],
    }


def test_query_finds_the_claim_in_googles_shape(api_client, seed_story, site):
    response = api_client.get(SEARCH, {"query": "Modi mediate"})

    assert response.status_code == 200
    assert response.json() == {"claims": [modi_result(site)]}


def test_pages_with_page_size_and_page_token(api_client, seed_story, site):
    first = api_client.get(SEARCH, {"query": "Kashmir", "pageSize": 1}).json()
    second = api_client.get(
        SEARCH, {"query": "Kashmir", "pageSize": 1, "pageToken": first["nextPageToken"]}
    ).json()

    assert first == {"claims": [bilateral_result(site)], "nextPageToken": first["nextPageToken"]}
    assert second == {"claims": [modi_result(site)]}


def test_offset_skips_results_and_page_token_wins_over_it(api_client, seed_story, site):
    token = api_client.get(SEARCH, {"query": "Kashmir", "pageSize": 1}).json()["nextPageToken"]

    assert api_client.get(SEARCH, {"query": "Kashmir", "offset": 1}).json() == {
        "claims": [modi_result(site)]
    }
    assert api_client.get(SEARCH, {"query": "Kashmir", "offset": 5, "pageToken": token}).json() == {
        "claims": [modi_result(site)]
    }


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"reviewPublisherSiteFilter": "factcheck.example.org"}, True),
        ({"reviewPublisherSiteFilter": "example.org"}, True),
        ({"reviewPublisherSiteFilter": "nytimes.com"}, False),
        ({"query": "Modi", "languageCode": "en-US"}, True),
        ({"query": "Modi", "languageCode": "EN"}, True),
        ({"query": "Modi", "languageCode": "hi-IN"}, False),
        ({"query": "no such words here"}, False),
    ],
)
def test_site_and_language_filters(api_client, seed_story, site, params, found):
    body = api_client.get(SEARCH, params).json()

    if found:
        assert modi_result(site) in body["claims"]
    else:
        assert body == {}


def test_max_age_days_counts_from_the_review_date(api_client, seed_story, site):
    Claim.objects.filter(slug=MODI_ASKED).update(
        published_at=timezone.now() - datetime.timedelta(days=3)
    )

    recent = api_client.get(SEARCH, {"query": "Kashmir", "maxAgeDays": 7}).json()
    older = api_client.get(SEARCH, {"query": "Kashmir", "maxAgeDays": 2}).json()

    assert [c["text"] for c in recent["claims"]] == [modi_result(site)["text"]]
    assert older == {}


def test_retracted_and_unpublished_claims_are_never_found(api_client, seed_story, site):
    Claim.objects.filter(slug=MODI_ASKED).update(
        status=Claim.Status.RETRACTED,
        retracted_at=timezone.now(),
        retraction_notice="Retracted.",
    )

    body = api_client.get(SEARCH, {"reviewPublisherSiteFilter": "example.org"}).json()

    assert body == {"claims": [bilateral_result(site)]}


def test_a_published_claim_whose_verdict_has_no_rating_is_not_found(api_client, seed_story, site):
    Verdict.objects.filter(claim__slug=MODI_ASKED).update(rating=None)

    everything = api_client.get(SEARCH, {"reviewPublisherSiteFilter": "example.org"})
    modi = api_client.get(SEARCH, {"query": "Modi mediate"})

    assert everything.status_code == 200
    assert everything.json() == {"claims": [bilateral_result(site)]}
    assert (modi.status_code, modi.json()) == (200, {})


def page_token(content: bytes) -> str:
    """A token in the encoding this API issues, holding anything."""
    return base64.urlsafe_b64encode(content).decode().rstrip("=")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "query"),
        ({"query": "x", "pageSize": "-1"}, "pageSize"),
        ({"query": "x", "maxAgeDays": "-3"}, "maxAgeDays"),
        ({"query": "x", "fields": "claims(text"}, "fields"),
        ({"query": "x", "fields": "claims/nope"}, "fields"),
        ({"query": "x", "fields": "nextPageToken(x)"}, "fields"),
        ({"query": "x", "fields": "claims,,text"}, "fields"),
        ({"query": "x", "pageSize": "101"}, "pageSize"),
        ({"query": "x", "offset": "-1"}, "offset"),
        ({"query": "x", "maxAgeDays": "soon"}, "maxAgeDays"),
        ({"query": "x", "pageToken": "garbage!"}, "pageToken"),
        ({"query": "x", "pageToken": page_token(b"offset:abc")}, "pageToken"),
        ({"query": "x", "pageToken": page_token(b"offset:-1")}, "pageToken"),
        ({"query": "x", "pageToken": page_token(b"offset:1.5")}, "pageToken"),
        ({"query": "x", "pageToken": page_token(b"offset:")}, "pageToken"),
        ({"query": "x", "pageToken": page_token(b"offset:" + b"9" * 40)}, "pageToken"),
        ({"query": "x", "pageToken": page_token("offset:\u00b2".encode())}, "pageToken"),
        ({"query": "x", "pageToken": page_token(b"page:1")}, "pageToken"),
        ({"query": "x", "pageToken": page_token(b"offset:1\x00")}, "pageToken"),
        ({"query": "x", "pageToken": page_token(b"\xff\xfe")}, "pageToken"),
        ({"query": "x", "pageToken": "b2Zmc2V0OjE\u00e9"}, "pageToken"),
        ({"query": "x", "languageCode": "english please"}, "languageCode"),
        ({"reviewPublisherSiteFilter": "not a site"}, "reviewPublisherSiteFilter"),
    ],
)
def test_invalid_arguments_are_googles_400(api_client, db, params, field):
    response = api_client.get(SEARCH, params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT")
    assert error["message"].startswith(f"Invalid value for {field}: ")
    assert error["details"] == [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [
                {
                    "field": field,
                    "description": error["details"][0]["fieldViolations"][0]["description"],
                }
            ],
        }
    ]


def test_a_key_we_issued_counts_as_ours_in_the_key_parameter(api_client, seed_story, settings):
    settings.API_THROTTLE_ANON_RATE = "1/min"
    _, raw_key = api_key_issue(name="Example Daily")

    statuses = [
        api_client.get(SEARCH, {"query": "Modi", "key": raw_key}).status_code for _ in range(3)
    ]

    assert statuses == [200, 200, 200]


@pytest.mark.parametrize("google_key", ["AIzaSyD-not-ours-0123456789", "fck_00000000_nope"])
def test_a_key_we_did_not_issue_is_no_key_and_rate_limited_as_anonymous(
    api_client, seed_story, site, settings, google_key
):
    settings.API_THROTTLE_ANON_RATE = "2/min"

    first = api_client.get(SEARCH, {"query": "Modi mediate", "key": google_key})
    second = api_client.get(SEARCH, {"query": "Modi mediate", "key": google_key})
    third = api_client.get(SEARCH, {"query": "Modi mediate"})

    assert (first.status_code, first.json()) == (200, {"claims": [modi_result(site)]})
    assert second.status_code == 200
    assert third.status_code == 429


def test_an_unknown_key_in_our_own_header_is_still_a_401(api_client, seed_story):
    response = api_client.get(SEARCH, {"query": "Modi"}, HTTP_X_API_KEY="fck_00000000_nope")

    assert response.status_code == 401
    error = response.json()["error"]
    assert (error["code"], error["status"]) == (401, "UNAUTHENTICATED")
    assert "X-API-Key" in error["message"]


@pytest.mark.parametrize(
    ("params", "expected_size"),
    [({}, 2), ({"pageSize": "0"}, 2), ({"pageSize": ""}, 2), ({"pageSize": "1"}, 1)],
)
def test_page_size_defaults_to_ten_when_absent_or_zero(
    api_client, seed_story, site, params, expected_size
):
    from .factories import ClaimFactory, VerdictFactory

    for number in range(11):
        VerdictFactory(claim=ClaimFactory(published=True, text=f"Kashmir claim {number}"))

    body = api_client.get(SEARCH, {"query": "Kashmir", **params}).json()

    default_page = 10 if expected_size == 2 else 1
    assert len(body["claims"]) == default_page
    assert "nextPageToken" in body


def test_max_age_days_zero_means_any_age(api_client, seed_story, site):
    body = api_client.get(SEARCH, {"query": "Modi mediate", "maxAgeDays": "0"}).json()

    assert body == {"claims": [modi_result(site)]}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("claims/text", lambda r: {"claims": [{"text": r["text"]}]}),
        (
            "claims(text,claimReview(url,textualRating))",
            lambda r: {
                "claims": [
                    {
                        "text": r["text"],
                        "claimReview": [
                            {
                                "url": r["claimReview"][0]["url"],
                                "textualRating": "False",
                            }
                        ],
                    }
                ]
            },
        ),
        (
            "claims/claimReview/publisher/site",
            lambda r: {
                "claims": [{"claimReview": [{"publisher": {"site": "factcheck.example.org"}}]}]
            },
        ),
        ("nextPageToken", lambda r: {}),
        ("claims(*)", lambda r: {"claims": [r]}),
        ("*", lambda r: {"claims": [r]}),
    ],
)
def test_fields_gives_googles_partial_response(api_client, seed_story, site, fields, expected):
    body = api_client.get(SEARCH, {"query": "Modi mediate", "fields": fields}).json()

    assert body == expected(modi_result(site))


def test_fields_keeps_the_next_page_token_when_asked(api_client, seed_story, site):
    body = api_client.get(
        SEARCH, {"query": "Kashmir", "pageSize": 1, "fields": "nextPageToken"}
    ).json()

    assert list(body) == ["nextPageToken"]


def test_rate_limit_is_googles_429_with_retry_after(api_client, seed_story, settings):
    settings.API_THROTTLE_ANON_RATE = "1/min"
    api_client.get(SEARCH, {"query": "Modi"})

    response = api_client.get(SEARCH, {"query": "Modi"})

    assert response.status_code == 429
    assert response.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert int(response["Retry-After"]) > 0
