"""Filtering, ordering, pagination, errors, conditional GET, CORS, rate limits and the docs."""

import base64
import re
from urllib.parse import urlencode

import pytest
from django.contrib.staticfiles import finders

from statements.models import Claim

from .factories import CorrectionFactory, SpeakerFactory, StanceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def claims(make_claim):
    """Three published claims, oldest first, with a topic, a speaker and ratings to filter on."""
    first, second, third = (make_claim() for _ in range(3))
    Claim.objects.filter(pk=first.pk).update(published_at="2020-01-01T00:00:00Z")
    Claim.objects.filter(pk=second.pk).update(published_at="2021-01-01T00:00:00Z")
    Claim.objects.filter(pk=third.pk).update(published_at="2021-01-01T00:00:00Z")
    second.topics.add(TopicFactory(slug="kashmir", name="Kashmir"))
    StanceFactory(claim=third, statement__speaker=SpeakerFactory(slug="imran-khan"))
    third.verdict.rating_id = third.verdict.rating.__class__.objects.get(slug="true").pk
    third.verdict.save()
    make_claim(status="draft")
    return first, second, third


def test_claims_are_ordered_newest_first_with_ties_broken_by_id(api_client, claims):
    first, second, third = claims
    assert ids(api_client.get("/api/v1/claims/")) == [third.pk, second.pk, first.pk]
    assert ids(api_client.get("/api/v1/claims/", {"ordering": "published_at"})) == [
        first.pk,
        second.pk,
        third.pk,
    ]
    assert ids(api_client.get("/api/v1/claims/", {"ordering": "-id"})) == [
        third.pk,
        second.pk,
        first.pk,
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "kashmir"}, [1]),
        ({"speaker": "imran-khan"}, [2]),
        ({"rating": "true"}, [2]),
        ({"rating": "false"}, [1, 0]),
        ({"published_after": "2020-06-01T00:00:00Z"}, [2, 1]),
        ({"published_before": "2020-06-01T00:00:00+02:00"}, [0]),
        ({"updated_since": "2000-01-01T00:00:00Z"}, [2, 1, 0]),
        ({"updated_since": "2999-01-01T00:00:00Z"}, []),
        ({"topic": "no-such-topic"}, []),
    ],
)
def test_claim_filters(api_client, claims, params, expected):
    assert ids(api_client.get("/api/v1/claims/", params)) == [claims[i].pk for i in expected]


def test_q_searches_claims_statements_and_speakers(api_client, claims):
    first, second, third = claims
    Claim.objects.filter(pk=first.pk).update(text="Modi asked for mediation on Kashmir")
    speaker = third.stances.last().statement.speaker
    speaker.name = "Imran Khan"
    speaker.save()

    assert ids(api_client.get("/api/v1/claims/", {"q": "MEDIATION modi"})) == [first.pk]
    assert ids(api_client.get("/api/v1/claims/", {"q": "imran"})) == [third.pk]
    assert ids(api_client.get("/api/v1/claims/", {"q": "kashmir"})) == [second.pk, first.pk]


@pytest.mark.parametrize(
    "ordering", ["updated_at", "-updated_at", "published_at", "-published_at", "id", "-id"]
)
def test_a_cursor_walk_visits_every_claim_once(api_client, make_claim, ordering):
    made = {make_claim().pk for _ in range(7)}
    seen, url = [], f"/api/v1/claims/?page_size=2&ordering={ordering}"
    while url:
        page = api_client.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]

    assert sorted(seen) == sorted(made)
    assert len(seen) == len(made), "a row was repeated across a page boundary"


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("claims", {"published_after": "yesterday"}, "published_after"),
        ("claims", {"updated_since": "2019-02-30T00:00:00Z"}, "updated_since"),
        ("claims", {"updated_since": ""}, "updated_since"),
        ("claims", {"ordering": ""}, "ordering"),
        ("claims", {"page_size": ""}, "page_size"),
        ("statements", {"said_before": ""}, "said_before"),
        ("statements", {"claim": ""}, "claim"),
        ("speakers", {"kind": ""}, "kind"),
        ("sources", {"published_after": ""}, "published_after"),
        ("corrections", {"published_before": ""}, "published_before"),
        ("changes", {"since": ""}, "since"),
        ("claims", {"ordering": "text"}, "ordering"),
        ("claims", {"page_size": "101"}, "page_size"),
        ("claims", {"page_size": "ten"}, "page_size"),
        ("claims", {"cursor": "not-a-cursor"}, "cursor"),
        ("statements", {"quote_type": "rumour"}, "quote_type"),
        ("statements", {"claim": "1.5"}, "claim"),
        ("statements", {"said_after": "2019-13-01"}, "said_after"),
        ("changes", {"since": "-1"}, "since"),
        ("changes", {"page_size": "0"}, "page_size"),
        ("changes", {"since": "abc"}, "since"),
        ("changes", {"since": "9" * 19}, "since"),
        ("changes", {"since": "\uff11"}, "since"),
    ],
)
def test_an_invalid_parameter_is_a_400_naming_it(api_client, claims, path, params, parameter):
    response = api_client.get(f"/api/v1/{path}/", params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameter"
    assert list(body["errors"]) == [parameter]
    assert body["detail"].startswith(f"Invalid parameter {parameter}: ")


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0364-09-29T03:32:35Z"]
)
def test_any_date_time_the_schema_allows_is_answered(api_client, claims, moment):
    # Beyond what Python holds in UTC, the earliest or latest moment selects the same rows.
    before = api_client.get("/api/v1/claims/", {"published_before": moment})
    after = api_client.get("/api/v1/claims/", {"published_after": moment})

    assert before.status_code == after.status_code == 200
    assert sorted([len(before.json()["results"]), len(after.json()["results"])])[0] == 0


def forged_cursor(position: str, **tokens: str) -> str:
    """A cursor in DRF's own encoding (base64 of a query string) holding any position."""
    return base64.b64encode(urlencode({"p": position, **tokens}).encode()).decode()


@pytest.mark.parametrize(
    ("path", "ordering", "position"),
    [
        ("claims", None, "2019"),
        ("claims", None, "abc"),
        ("claims", None, "2021-01-01 00:00:00"),
        ("claims", None, "9999-12-31 23:59:59-05:00"),
        ("claims", None, "0001-01-01 00:00:00+05:00"),
        ("claims", "updated_at", "2019"),
        ("claims", "updated_at", "abc"),
        ("claims", "id", "abc"),
        ("claims", "id", "1.5"),
        ("claims", "id", "9" * 40),
        ("statements", None, "2019"),
        ("statements", None, "abc"),
        ("statements", None, "2019-02-30"),
        ("statements", None, "10000-01-01"),
        ("statements", "id", "abc"),
        ("speakers", None, "Modi\x00"),
        ("speakers", "updated_at", "abc"),
        ("sources", None, "abc"),
        ("sources", None, "-" + "9" * 40),
        ("sources", "title", "a\x00b"),
        ("topics", None, "\x00"),
        ("ratings", None, "abc"),
        ("ratings", None, "9" * 40),
        ("corrections", None, "abc"),
        ("corrections", None, "2019"),
    ],
)
def test_a_forged_cursor_is_a_400_naming_it(api_client, claims, path, ordering, position):
    params = {"cursor": forged_cursor(position)}
    if ordering:
        params["ordering"] = ordering

    response = api_client.get(f"/api/v1/{path}/", params)

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_parameter"
    assert list(body["errors"]) == ["cursor"]
    assert body["detail"].startswith("Invalid parameter cursor: ")


@pytest.mark.parametrize(
    ("path", "ordering"),
    [
        ("claims", "published_at"),
        ("claims", "-id"),
        ("statements", "-said_on"),
        ("speakers", "name"),
        ("sources", "-title"),
        ("corrections", "published_at"),
        ("ratings", "-ordinal"),
    ],
)
def test_the_api_accepts_its_own_cursors_both_ways(api_client, make_claim, path, ordering):
    for _ in range(5):
        claim = make_claim(statements=2)
        CorrectionFactory(verdict=claim.verdict)
    url, pages = f"/api/v1/{path}/?page_size=2&ordering={ordering}", []
    while url:
        page = api_client.get(url).json()
        pages.append([item["id"] for item in page["results"]])
        url = page["next"]
    back = api_client.get(page["previous"]).json() if page["previous"] else None

    everything = api_client.get(f"/api/v1/{path}/", {"ordering": ordering, "page_size": 100})
    assert [i for ids_ in pages for i in ids_] == ids(everything)
    if back is not None:
        assert [item["id"] for item in back["results"]] == pages[-2]
    assert len(pages) > 1


def test_unknown_addresses_and_methods_are_json_errors(api_client, db):
    assert api_client.get("/api/v1/verdicts/").json() == {
        "detail": "No API endpoint at /api/v1/verdicts/. See /api/docs/.",
        "code": "not_found",
    }
    response = api_client.post("/api/v1/claims/", secure=True)
    assert (response.status_code, response.json()["code"]) == (405, "method_not_allowed")


def test_etag_and_last_modified_give_304_until_something_changes(api_client, claims):
    first = api_client.get("/api/v1/claims/")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    assert first["Cache-Control"] == "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
    again = api_client.get("/api/v1/claims/", headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    since = api_client.get("/api/v1/claims/", headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304

    statement = claims[0].stances.first().statement
    statement.text = "Words corrected from the recording."
    statement.save()
    changed = api_client.get("/api/v1/claims/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_changes_are_never_cached_without_revalidation(api_client, claims, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    response = api_client.get("/api/v1/changes/")

    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_cors_lets_any_origin_read(api_client, claims):
    response = api_client.get("/api/v1/claims/", headers={"Origin": "https://dash.example"})
    preflight = api_client.options(
        "/api/v1/claims/",
        headers={
            "Origin": "https://dash.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-api-key, if-none-match",
        },
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]


def test_anonymous_readers_are_throttled_per_address(api_client, db, settings):
    settings.API_THROTTLE_ANON_RATE = "2/min"

    statuses = [api_client.get("/api/v1/ratings/").status_code for _ in range(3)]
    other_address = api_client.get("/api/v1/ratings/", REMOTE_ADDR="192.0.2.7")
    limited = api_client.get("/api/v1/ratings/")

    assert statuses == [200, 200, 429]
    assert other_address.status_code == 200
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["code"] == "throttled"
    assert limited.json()["detail"].startswith("Request was throttled.")


def test_the_docs_page_loads_its_script_and_styles_as_files_under_the_csp(api_client, db, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    page = api_client.get("/api/docs/")
    html = page.content.decode()

    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    for address in scripts + styles:
        if address.startswith("/static/"):
            assert finders.find(address.removeprefix("/static/")), address
    start_up = api_client.get(scripts[-1].replace("&amp;", "&"))
    assert start_up.status_code == 200
    assert start_up["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in start_up.content.decode()


def test_the_speaker_filter_includes_claims_spoken_for_an_organisation(api_client, make_claim):
    from .factories import OrganisationFactory

    ministry = OrganisationFactory(slug="mea")
    claim, other = make_claim(), make_claim()
    statement = claim.stances.get().statement
    statement.speaking_for = ministry
    statement.save()

    assert ids(api_client.get("/api/v1/claims/", {"speaker": "mea"})) == [claim.pk]
    speaker = other.stances.get().statement.speaker
    assert ids(api_client.get("/api/v1/claims/", {"speaker": speaker.slug})) == [other.pk]
    assert ids(api_client.get("/api/v1/claims/", {"speaker": "nobody"})) == []
