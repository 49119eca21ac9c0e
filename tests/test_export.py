"""manage.py export_claims: everything the API shows, streamed, with a progress bar."""

import io
import json

import pytest
from django.core.management import call_command

from statements.models import Claim, Verdict

from .factories import CorrectionFactory
from .streaming import streamed_json

pytestmark = pytest.mark.django_db


def export(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_claims", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ndjson_is_one_api_claim_document_a_line(api_client, seed_story, settings):
    settings.SITE_URL = "https://testserver"
    CorrectionFactory(
        verdict=Claim.objects.get(slug="modi-asked-trump-to-mediate-on-kashmir").verdict
    )

    lines, progress = export("--format", "ndjson")

    documents = [json.loads(line) for line in lines.splitlines()]
    published = Claim.objects.published().order_by("published_at", "id")
    assert [d["id"] for d in documents] == [c.pk for c in published]
    for document in documents:
        assert document == api_client.get(f"/api/v1/claims/{document['id']}/").json()
    assert progress.endswith("2/2 claims\n")


def test_claimreview_is_the_api_feed_with_every_published_claim(
    api_client, seed_story, make_claim, tmp_path, settings
):
    settings.SITE_URL = "https://testserver"
    make_claim(status="retracted")
    path = tmp_path / "claimreview.json"

    _, progress = export("--format", "claimreview", "--output", str(path), "--no-progress")

    feed = json.loads(path.read_text())
    api_feed = streamed_json(api_client.get("/api/v1/claimreview/"))
    assert feed["@type"] == "DataFeed"
    assert sorted(feed["dataFeedElement"], key=str) == sorted(api_feed["dataFeedElement"], key=str)
    assert len(feed["dataFeedElement"]) == 2
    assert progress == ""


def test_a_published_claim_whose_verdict_has_no_rating_is_left_out_of_the_claimreview_feed(
    api_client, seed_story, tmp_path, settings
):
    settings.SITE_URL = "https://testserver"
    Verdict.objects.filter(claim__slug="modi-asked-trump-to-mediate-on-kashmir").update(rating=None)
    path = tmp_path / "claimreview.json"

    _, progress = export("--format", "claimreview", "--output", str(path))
    lines, _ = export("--format", "ndjson", "--no-progress")

    feed = json.loads(path.read_text())
    api_feed = streamed_json(api_client.get("/api/v1/claimreview/"))
    assert feed["dataFeedElement"] == api_feed["dataFeedElement"]
    assert [item["item"][0]["url"] for item in feed["dataFeedElement"]] == [
        "https://testserver/claims/india-and-pakistan-must-resolve-their-issues-only-bilaterally/"
    ]
    assert progress.endswith("1/1 claims\n")
    ratings = {d["slug"]: d["verdict"]["rating"] for d in map(json.loads, lines.splitlines())}
    assert ratings["modi-asked-trump-to-mediate-on-kashmir"] is None
