"""No anonymous surface shows an unpublished claim: drafts, in-review and published mixed."""

import json
import re

import pytest

from statements.models import Claim

from .factories import (
    ClaimFactory,
    CorrectionFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    VerdictFactory,
)
from .test_site import text_of

pytestmark = pytest.mark.django_db

SECRET = "Unpublishedword"


@pytest.fixture
def mixed(db):
    """One speaker and one topic with a published, a retracted, a draft and an in-review claim.

    The hidden claims and their statements carry SECRET, which must appear nowhere public.
    """
    speaker = SpeakerFactory(name="Shared Speaker", slug="shared-speaker")
    topic = TopicFactory(name="Shared Topic", slug="shared-topic")
    hidden_only = SpeakerFactory(name=f"{SECRET} Speaker", slug="hidden-speaker")
    hidden_topic = TopicFactory(name=f"{SECRET} Topic", slug="hidden-topic")
    claims = {}
    for status in ("published", "retracted", "draft", "in_review"):
        public = status in ("published", "retracted")
        words = "Visible" if public else SECRET
        traits = {status: True} if status != "draft" else {}
        claim = ClaimFactory(**traits, text=f"{words} claim {status}", slug=f"claim-{status}")
        verdict = VerdictFactory(claim=claim, conclusion=f"{words} conclusion {status}")
        claim.topics.add(topic)
        StanceFactory(
            claim=claim, statement=StatementFactory(speaker=speaker, text=f"{words} said {status}")
        )
        CorrectionFactory(verdict=verdict, text=f"{words} correction {status}")
        if not public:
            claim.topics.add(hidden_topic)
            StanceFactory(
                claim=claim,
                stance="denies",
                statement=StatementFactory(speaker=hidden_only, text=f"{SECRET} denial"),
            )
        claims[status] = claim
    return claims


PUBLIC_PAGES = [
    "/",
    "/claims/",
    "/claims/?topic=shared-topic",
    "/claims/?speaker=shared-speaker",
    "/claims/claim-published/",
    "/claims/claim-retracted/",
    "/speakers/",
    "/speakers/shared-speaker/",
    "/topics/",
    "/topics/shared-topic/",
    "/corrections/",
    "/search/?q=said",
    "/search/?q=claim",
    "/feeds/claims/",
    "/feeds/speakers/shared-speaker/",
    "/feeds/topics/shared-topic/",
    "/sitemap.xml",
    "/sitemap-claims.xml",
    "/sitemap-speakers.xml",
    "/sitemap-topics.xml",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_surface_mentions_a_hidden_claim(client, mixed, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET.lower() not in body.lower()
    assert "claim-draft" not in body and "claim-in_review" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/claims/claim-draft/",
        "/claims/claim-in_review/",
        "/speakers/hidden-speaker/",
        "/topics/hidden-topic/",
        "/feeds/speakers/hidden-speaker/",
        "/feeds/topics/hidden-topic/",
    ],
)
def test_hidden_things_are_not_found(client, mixed, path):
    assert client.get(path).status_code == 404


def test_the_public_claims_do_show(client, mixed):
    assert "Visible claim published" in client.get("/claims/").content.decode()
    assert "Visible claim published" in client.get("/speakers/shared-speaker/").content.decode()
    assert "Visible said published" in text_of(client.get("/search/?q=said"))


def test_speaker_record_counts_only_live_verdicts(client, mixed):
    html = client.get("/speakers/shared-speaker/").content.decode()
    # Published (False) counts; retracted, draft and in review do not.
    assert re.search(r'<th scope="row">False</th><td>1</td><td>100%</td>', html)


def test_feed_lists_live_verdicts_and_public_corrections_only(client, mixed):
    feed = client.get("/feeds/claims/").content.decode()
    assert "Visible claim published" in feed
    assert "Visible correction published" in feed
    assert "Visible correction retracted" in feed
    # A retracted verdict is not announced as a verdict.
    assert "False: Visible claim retracted" not in feed


def test_claimreview_only_on_live_claims(client, mixed):
    for slug, expected in (("claim-published", 1), ("claim-retracted", 0)):
        html = client.get(f"/claims/{slug}/").content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == expected
        for block in blocks:
            assert json.loads(block)["claimReviewed"] == "Visible claim published"


def test_related_claims_never_include_hidden_ones(client, mixed):
    html = client.get("/claims/claim-published/").content.decode()
    assert "Visible claim retracted" in html
    assert SECRET not in html


def test_searching_for_a_hidden_claims_words_finds_nothing(client, mixed):
    assert Claim.objects.filter(text__contains=SECRET).count() == 2
    html = client.get(f"/search/?q={SECRET}").content.decode()
    assert "Nothing matches" in html
    for words in ("claim draft", "claim in_review", "said draft", "denial", "Speaker"):
        assert f"{SECRET} {words}" not in html


def test_an_affiliation_known_only_from_drafts_is_not_named(client, make_claim):
    from .factories import OrganisationFactory

    claim = make_claim("published")
    speaker = claim.stances.get().statement.speaker
    speaker.affiliation = OrganisationFactory(name="Secret Task Force", slug="secret-task-force")
    speaker.save()
    draft = make_claim("draft", statements=0)
    StanceFactory(claim=draft, statement__speaker=speaker.affiliation)

    page = client.get(speaker.get_absolute_url())
    assert page.status_code == 200
    assert "Secret Task Force" not in page.content.decode()

    # Once the organisation speaks on a public claim, it is named and linked.
    StanceFactory(claim=claim, statement__speaker=speaker.affiliation)
    page = client.get(speaker.get_absolute_url())
    assert 'href="/speakers/secret-task-force/">Secret Task Force</a>' in page.content.decode()
