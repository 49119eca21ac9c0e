"""The /api/v1/ endpoints, compared as whole JSON documents against the seed story."""

import pytest
from django.conf import settings
from rest_framework.fields import DateTimeField

from graph.models import ClaimRelation
from statements.models import (
    Claim,
    ClaimChange,
    Correction,
    Rating,
    Source,
    Speaker,
    Statement,
    Topic,
    Verdict,
)

from .factories import CorrectionFactory
from .streaming import streamed_json

pytestmark = pytest.mark.django_db

MODI_ASKED = "modi-asked-trump-to-mediate-on-kashmir"
BILATERAL = "india-and-pakistan-must-resolve-their-issues-only-bilaterally"


def api(path: str) -> str:
    return f"https://testserver/api/v1/{path}"


def site(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def changed_at(claim: Claim) -> str:
    latest = ClaimChange.objects.filter(claim_id=claim.pk).latest("id")
    return DateTimeField().to_representation(latest.changed_at)


def speaker(slug: str, name: str, kind: str = "person") -> dict:
    pk = Speaker.objects.get(slug=slug).pk
    return {
        "id": pk,
        "slug": slug,
        "url": api(f"speakers/{pk}/"),
        "html_url": site(f"/speakers/{slug}/"),
        "name": name,
        "kind": kind,
    }


def source(title: str, publisher: str, kind: str, published_at: str | None) -> dict:
    pk = Source.objects.get(title=title).pk
    return {
        "id": pk,
        "url": api(f"sources/{pk}/"),
        "original_url": "",
        "archived_url": "",
        "title": title,
        "publisher": publisher,
        "kind": kind,
        "published_at": published_at,
    }


def topic(slug: str, name: str) -> dict:
    pk = Topic.objects.get(slug=slug).pk
    return {
        "id": pk,
        "slug": slug,
        "url": api(f"topics/{pk}/"),
        "html_url": site(f"/topics/{slug}/"),
        "name": name,
    }


def rating(slug: str, label: str, ordinal: int, colour: str) -> dict:
    pk = Rating.objects.get(slug=slug).pk
    return {
        "id": pk,
        "slug": slug,
        "url": api(f"ratings/{pk}/"),
        "label": label,
        "ordinal": ordinal,
        "colour": colour,
    }


def claim_link(slug: str, text: str) -> dict:
    pk = Claim.objects.get(slug=slug).pk
    return {
        "id": pk,
        "slug": slug,
        "url": api(f"claims/{pk}/"),
        "html_url": site(f"/claims/{slug}/"),
        "text": text,
    }


NEWS_ARTICLE = (
    "India rejects Trump's offer to mediate on Kashmir",
    "",
    "article",
    None,
)
MEA = ("ministry-of-external-affairs-india", "Ministry of External Affairs (India)", "organisation")
TOPICS = [("india-pakistan-relations", "India–Pakistan relations"), ("kashmir", "Kashmir")]


def statement(text_start: str, **fields) -> dict:
    obj = Statement.objects.get(text__startswith=text_start)
    return {
        "id": obj.pk,
        "url": api(f"statements/{obj.pk}/"),
        "html_url": site(f"/speakers/{obj.speaker.slug}/#statement-{obj.pk}"),
        "text": obj.text,
        **fields,
    }


def trump_asserts() -> dict:
    return statement(
        "Trump said he would love",
        quote_type="reported",
        said_on="2019-07-22",
        language="en",
        translation="",
        context="At the White House, meeting Pakistan's Prime Minister Imran Khan",
        attribution_note="",
        speaker=speaker("donald-trump", "Donald Trump"),
        speaker_role="President of the United States",
        speaking_for=None,
        source=source(*NEWS_ARTICLE),
    )


def kumar(text_start: str, quote_type: str, context: str) -> dict:
    return statement(
        text_start,
        quote_type=quote_type,
        said_on="2019-07-22",
        language="en",
        translation="",
        context=context,
        attribution_note="",
        speaker=speaker("raveesh-kumar", "Raveesh Kumar"),
        speaker_role="Official Spokesperson",
        speaking_for=speaker(*MEA),
        source=source(*NEWS_ARTICLE),
    )


def test_claim_list_is_the_published_claims_newest_first(api_client, seed_story):
    response = api_client.get("/api/v1/claims/")

    assert response.status_code == 200
    modi, bilateral = Claim.objects.get(slug=MODI_ASKED), Claim.objects.get(slug=BILATERAL)
    assert response.json() == {
        "next": None,
        "previous": None,
        "results": [
            {
                **claim_link(BILATERAL, bilateral.text),
                "claimreview_url": api(f"claims/{bilateral.pk}/claimreview/"),
                "rating": rating("mostly-true", "Mostly true", 4, "#2e6b30"),
                "conclusion": (
                    "The Simla Agreement commits both countries to bilateral negotiations or "
                    "other peaceful means they both agree on, and the Lahore Declaration "
                    "reaffirms it: outside mediation is possible only if both accept it."
                ),
                "languages": {"text": "en", "conclusion": "en"},
                "topics": [topic(*t) for t in TOPICS],
                "published_at": "2019-07-25T10:00:00Z",
                "updated_at": changed_at(bilateral),
            },
            {
                **claim_link(MODI_ASKED, "Narendra Modi asked Donald Trump to mediate on Kashmir"),
                "claimreview_url": api(f"claims/{modi.pk}/claimreview/"),
                "rating": rating("false", "False", 1, "#b3261e"),
                "conclusion": modi.verdict.conclusion,
                "languages": {"text": "en", "conclusion": "en"},
                "topics": [topic(*t) for t in TOPICS],
                "published_at": "2019-07-24T10:00:00Z",
                "updated_at": changed_at(modi),
            },
        ],
    }


def test_claim_detail_shows_the_verdict_and_the_statements_side_by_side(api_client, seed_story):
    modi = Claim.objects.get(slug=MODI_ASKED)
    correction = CorrectionFactory(verdict=modi.verdict, text="We corrected a date.")
    bilateral = Claim.objects.get(slug=BILATERAL)
    # Links made in the test (the seed story has none): one to a published claim, shown from
    # this claim's side; one from an unpublished claim, which the API must not name.
    ClaimRelation.objects.create(claim=bilateral, kind="follow_up_to", related=modi)
    unpublished = Claim.objects.exclude(status__in=Claim.PUBLIC_STATUSES).first()
    ClaimRelation.objects.create(claim=unpublished, kind="contradicts", related=modi)

    response = api_client.get(f"/api/v1/claims/{modi.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        **claim_link(MODI_ASKED, "Narendra Modi asked Donald Trump to mediate on Kashmir"),
        "claimreview_url": api(f"claims/{modi.pk}/claimreview/"),
        "languages": {"text": "en", "conclusion": "en", "analysis": "en"},
        "translation": None,
        "topics": [topic(*t) for t in TOPICS],
        "published_at": "2019-07-24T10:00:00Z",
        "updated_at": changed_at(modi),
        "verdict": {
            "rating": rating("false", "False", 1, "#b3261e"),
            "conclusion": (
                "India's foreign ministry says Modi made no such request, no record of one has "
                "emerged, and it would have broken India's long-held refusal of outside "
                "mediation on Kashmir."
            ),
            "analysis": modi.verdict.analysis,
            "evidence": [
                source(
                    "Statement by the External Affairs Minister in Parliament on the U.S. "
                    "President's remarks",
                    "Ministry of External Affairs (India)",
                    "speech",
                    "2019-07-23T12:00:00Z",
                ),
                source(
                    "Remarks by President Trump and Prime Minister Khan of the Islamic Republic "
                    "of Pakistan before bilateral meeting",
                    "The White House",
                    "press_briefing",
                    "2019-07-22T12:00:00Z",
                ),
                source(
                    "Tweets by the Official Spokesperson on the U.S. President's remarks on "
                    "Kashmir",
                    "Ministry of External Affairs (India)",
                    "tweet",
                    "2019-07-22T12:00:00Z",
                ),
                source(
                    "Simla Agreement",
                    "Governments of India and Pakistan",
                    "document",
                    "1972-07-02T12:00:00Z",
                ),
            ],
        },
        "stances": {
            "asserts": [trump_asserts()],
            "denies": [kumar("Modi had made", "reported", "Responding to Trump's remarks")],
            "context": [kumar("India maintains its position", "reported", "In a tweet")],
        },
        "corrections": [
            {
                "id": correction.pk,
                "url": api(f"corrections/{correction.pk}/"),
                "html_url": site(f"/claims/{MODI_ASKED}/#correction-{correction.pk}"),
                "published_at": DateTimeField().to_representation(correction.published_at),
                "text": "We corrected a date.",
            }
        ],
        "relations": [
            {"relation": "followed_up_by", "claim": claim_link(BILATERAL, bilateral.text)},
        ],
    }


def test_claim_claimreview_is_the_shared_jsonld_with_the_licence(api_client, seed_story):
    modi = Claim.objects.get(slug=MODI_ASKED)
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

    response = api_client.get(f"/api/v1/claims/{modi.pk}/claimreview/")

    assert response.status_code == 200
    assert response.json() == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site(f"/claims/{MODI_ASKED}/"),
        "claimReviewed": "Narendra Modi asked Donald Trump to mediate on Kashmir",
        "inLanguage": "en",
        "datePublished": "2019-07-24T10:00:00+00:00",
        "dateModified": "2019-07-24T10:00:00+00:00",
        "author": {"@type": "Organization", "name": settings.SITE_NAME, "url": site("/")},
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
        "description": modi.verdict.conclusion,
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_statement_detail_lists_the_published_claims_it_bears_on(api_client, seed_story):
    engagement = Statement.objects.get(text__startswith="Any engagement with Pakistan")

    response = api_client.get(f"/api/v1/statements/{engagement.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        **kumar("Any engagement with Pakistan", "direct", "In a tweet"),
        "media_start": None,
        "media_end": None,
        "text_start": None,
        "text_end": None,
        "moment_url": None,
        "claims": [
            {
                "stance": "context",
                "claim": claim_link(BILATERAL, Claim.objects.get(slug=BILATERAL).text),
            }
        ],
    }


def test_speaker_detail(api_client, seed_story):
    trump = Speaker.objects.get(slug="donald-trump")

    response = api_client.get(f"/api/v1/speakers/{trump.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        **speaker("donald-trump", "Donald Trump"),
        "role": "President of the United States",
        "country": "US",
        "wikidata_id": "Q22686",
        "portrait": None,
        "portrait_credit": "",
        "bio": "45th President of the United States (2017–2021), and 47th since January 2025.",
    }


def test_topic_rating_source_and_correction_details(api_client, seed_story):
    kashmir = Topic.objects.get(slug="kashmir")
    false = Rating.objects.get(slug="false")
    simla = Source.objects.get(title="Simla Agreement")
    correction = CorrectionFactory(
        verdict=Claim.objects.get(slug=MODI_ASKED).verdict, text="We fixed a typo."
    )

    assert api_client.get(f"/api/v1/topics/{kashmir.pk}/").json() == {
        **topic("kashmir", "Kashmir"),
        "description": "The disputed region claimed by India and Pakistan.",
    }
    assert api_client.get(f"/api/v1/ratings/{false.pk}/").json() == {
        **rating("false", "False", 1, "#b3261e"),
        "scale": "truth",
        "scored": True,
        "description": false.description,
    }
    assert api_client.get(f"/api/v1/sources/{simla.pk}/").json() == source(
        "Simla Agreement", "Governments of India and Pakistan", "document", "1972-07-02T12:00:00Z"
    )
    assert api_client.get(f"/api/v1/corrections/{correction.pk}/").json() == {
        "id": correction.pk,
        "url": api(f"corrections/{correction.pk}/"),
        "html_url": site(f"/claims/{MODI_ASKED}/#correction-{correction.pk}"),
        "published_at": DateTimeField().to_representation(correction.published_at),
        "text": "We fixed a typo.",
        "claim": claim_link(MODI_ASKED, "Narendra Modi asked Donald Trump to mediate on Kashmir"),
    }


@pytest.mark.parametrize(
    "path",
    ["claims", "statements", "speakers", "sources", "topics", "corrections"],
)
def test_nothing_from_a_draft_in_review_or_retracted_claim_is_listed(api_client, seed_story, path):
    bilateral = Claim.objects.get(slug=BILATERAL)
    Claim.objects.filter(pk=bilateral.pk).update(
        status=Claim.Status.RETRACTED,
        retracted_at=bilateral.published_at,
        retraction_notice="Retracted for the test.",
    )
    for claim in Claim.objects.exclude(status=Claim.Status.PUBLISHED):
        CorrectionFactory(verdict=claim.verdict)
    live = Claim.objects.published()
    visible = {
        "claims": set(live.values_list("pk", flat=True)),
        "statements": set(Statement.objects.filter(claims__in=live).values_list("pk", flat=True)),
        "speakers": set(
            Speaker.objects.filter(statements__claims__in=live).values_list("pk", flat=True)
        )
        | set(
            Speaker.objects.filter(statements_on_behalf__claims__in=live).values_list(
                "pk", flat=True
            )
        ),
        "sources": set(
            Source.objects.filter(statements__claims__in=live).values_list("pk", flat=True)
        )
        | set(Source.objects.filter(evidence_for__claim__in=live).values_list("pk", flat=True)),
        "topics": set(Topic.objects.filter(claims__in=live).values_list("pk", flat=True)),
        "corrections": set(
            Correction.objects.filter(verdict__claim__in=live).values_list("pk", flat=True)
        ),
    }

    response = api_client.get(f"/api/v1/{path}/", {"page_size": 100})

    listed = {item["id"] for item in response.json()["results"]}
    assert listed == visible[path]
    assert visible["claims"] == {Claim.objects.get(slug=MODI_ASKED).pk}


def test_a_claim_that_is_not_published_is_a_json_404(api_client, seed_story):
    draft = Claim.objects.get(status=Claim.Status.DRAFT)

    response = api_client.get(f"/api/v1/claims/{draft.pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Claim matches the given query.", "code": "not_found"}


def test_claimreview_data_feed_has_the_licence_on_each_item(api_client, seed_story):
    response = api_client.get("/api/v1/claimreview/")

    feed = streamed_json(response)
    assert [feed["@type"], feed["license"]] == ["DataFeed", settings.CONTENT_LICENSE_URL]
    items = feed["dataFeedElement"]
    assert [item["item"][0]["claimReviewed"] for item in items] == [
        Claim.objects.get(slug=BILATERAL).text,
        "Narendra Modi asked Donald Trump to mediate on Kashmir",
    ]
    assert {item["item"][0]["license"] for item in items} == {settings.CONTENT_LICENSE_URL}
    assert {item["@type"] for item in items} == {"DataFeedItem"}


def unrate(slug: str) -> Claim:
    """Data older than the publish rules: a published claim whose verdict has no rating."""
    Verdict.objects.filter(claim__slug=slug).update(rating=None)
    return Claim.objects.get(slug=slug)


def test_a_published_claim_whose_verdict_has_no_rating_has_no_claimreview(api_client, seed_story):
    modi = unrate(MODI_ASKED)

    feed = api_client.get("/api/v1/claimreview/")
    review = api_client.get(f"/api/v1/claims/{modi.pk}/claimreview/")
    detail = api_client.get(f"/api/v1/claims/{modi.pk}/")
    listed = api_client.get("/api/v1/claims/")

    assert feed.status_code == 200
    items = streamed_json(feed)["dataFeedElement"]
    assert [item["item"][0]["claimReviewed"] for item in items] == [
        Claim.objects.get(slug=BILATERAL).text
    ]
    assert review.status_code == 404
    assert review.json() == {
        "detail": "This claim's verdict has no rating yet, so no ClaimReview.",
        "code": "not_found",
    }
    assert detail.status_code == 200
    assert detail.json()["verdict"]["rating"] is None
    assert detail.json()["verdict"]["conclusion"] == modi.verdict.conclusion
    assert listed.status_code == 200
    assert {item["id"]: item["rating"] for item in listed.json()["results"]}[modi.pk] is None


def said(text_start: str, quote_type: str, said_on: str, context: str, who: dict, **rest):
    return statement(
        text_start,
        quote_type=quote_type,
        said_on=said_on,
        language="en",
        translation="",
        context=context,
        attribution_note=rest.get("attribution_note", ""),
        speaker=who,
        speaker_role=rest.get("speaker_role", ""),
        speaking_for=rest.get("speaking_for"),
        source=source(*NEWS_ARTICLE),
    )


def test_the_other_seed_claim_detail(api_client, seed_story):
    bilateral = Claim.objects.get(slug=BILATERAL)
    pakistan = speaker("government-of-pakistan", "Government of Pakistan", "organisation")
    mea = {"speaking_for": speaker(*MEA)}

    response = api_client.get(f"/api/v1/claims/{bilateral.pk}/")

    assert response.json() == {
        **claim_link(
            BILATERAL,
            "India and Pakistan are bound to resolve all their outstanding issues, Kashmir "
            "included, only bilaterally",
        ),
        "claimreview_url": api(f"claims/{bilateral.pk}/claimreview/"),
        "languages": {"text": "en", "conclusion": "en", "analysis": "en"},
        "translation": None,
        "topics": [topic(*t) for t in TOPICS],
        "published_at": "2019-07-25T10:00:00Z",
        "updated_at": changed_at(bilateral),
        "verdict": {
            "rating": rating("mostly-true", "Mostly true", 4, "#2e6b30"),
            "conclusion": (
                "The Simla Agreement commits both countries to bilateral negotiations or other "
                "peaceful means they both agree on, and the Lahore Declaration reaffirms it: "
                "outside mediation is possible only if both accept it."
            ),
            "analysis": bilateral.verdict.analysis,
            "evidence": [
                source(
                    "Statement by the External Affairs Minister in Parliament on the U.S. "
                    "President's remarks",
                    "Ministry of External Affairs (India)",
                    "speech",
                    "2019-07-23T12:00:00Z",
                ),
                source(
                    "Tweet by the Government of Pakistan during the Prime Minister's visit to "
                    "Washington",
                    "Government of Pakistan",
                    "tweet",
                    "2019-07-22T12:00:00Z",
                ),
                source(
                    "Tweets by the Official Spokesperson on the U.S. President's remarks on "
                    "Kashmir",
                    "Ministry of External Affairs (India)",
                    "tweet",
                    "2019-07-22T12:00:00Z",
                ),
                source(
                    "Lahore Declaration",
                    "Governments of India and Pakistan",
                    "document",
                    "1999-02-21T12:00:00Z",
                ),
                source(
                    "Simla Agreement",
                    "Governments of India and Pakistan",
                    "document",
                    "1972-07-02T12:00:00Z",
                ),
            ],
        },
        "stances": {
            "asserts": [
                kumar("India maintains its position", "reported", "In a tweet"),
                said(
                    "The Shimla Agreement and the Lahore",
                    "reported",
                    "2019-07-23",
                    "In Parliament, on Trump's remarks",
                    speaker("s-jaishankar", "S. Jaishankar"),
                    speaker_role="Minister of External Affairs",
                    **mea,
                ),
            ],
            "denies": [
                said(
                    "The U.S. could play an important role",
                    "reported",
                    "2019-07-22",
                    "At the White House, raising Kashmir with President Trump",
                    speaker("imran-khan", "Imran Khan"),
                    speaker_role="Prime Minister",
                    speaking_for=pakistan,
                ),
                said(
                    "The U.S. is the “most powerful” country",
                    "reported",
                    "2019-07-22",
                    "In a tweet",
                    pakistan,
                ),
                said(
                    "Over a billion people are held hostage",
                    "direct",
                    "2019-07-22",
                    "In a tweet, as the article reports it",
                    pakistan,
                    attribution_note=(
                        "The article attributes this line to a tweet by the Government of "
                        "Pakistan. It is in the first person, and is usually reported as Prime "
                        "Minister Imran Khan's own words during his July 2019 visit to "
                        "Washington. We record it as the article words it, typing slip included."
                    ),
                ),
            ],
            "context": [
                kumar("Any engagement with Pakistan", "direct", "In a tweet"),
            ],
        },
        "corrections": [],
        "relations": [],
    }


@pytest.mark.parametrize("suffix", ["", "claimreview/"])
def test_a_retracted_claim_has_left_the_api(api_client, seed_story, suffix):
    modi = Claim.objects.get(slug=MODI_ASKED)
    Claim.objects.filter(pk=modi.pk).update(
        status=Claim.Status.RETRACTED,
        retracted_at=modi.published_at,
        retraction_notice="Retracted for the test.",
    )

    response = api_client.get(f"/api/v1/claims/{modi.pk}/{suffix}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_data_feed_is_streamed_and_revalidated_from_the_change_log(
    api_client, seed_story, django_assert_num_queries
):
    first = api_client.get("/api/v1/claimreview/")
    etag = first["ETag"]
    streamed_json(first)

    with django_assert_num_queries(1):  # the change log's head: no claim is read
        unchanged = api_client.get("/api/v1/claimreview/", HTTP_IF_NONE_MATCH=etag)
    Claim.objects.filter(slug=BILATERAL).update(text="India and Pakistan: bilateral only")
    changed = api_client.get("/api/v1/claimreview/", HTTP_IF_NONE_MATCH=etag)

    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    texts = [i["item"][0]["claimReviewed"] for i in streamed_json(changed)["dataFeedElement"]]
    assert "India and Pakistan: bilateral only" in texts
