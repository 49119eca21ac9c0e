"""Every text a fact-checker types is shown to readers as text, never run as markup."""

import json
import re

import pytest

from pages.models import Page
from statements.models import Rating

from .factories import (
    ClaimFactory,
    CorrectionFactory,
    SourceFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

ATTACK = "<script>alert(1)</script> </script><img src=x onerror=alert(2)> \"'&"
SHORT = "</script><script>alert(1)</script>"


@pytest.fixture
def hostile(db):
    """A claim where every free-text field holds the attack, published and retracted."""
    # The label's 50 characters hold the shorter form of the attack.
    Rating.objects.filter(slug="false").update(label=f"F {SHORT}", description=ATTACK)
    topic = TopicFactory(name=f"Topic {ATTACK}", slug="hostile-topic", description=ATTACK)
    organisation = SpeakerFactory(kind="organisation", name=f"Body {ATTACK}", slug="body")
    speaker = SpeakerFactory(
        name=f"Speaker {ATTACK}",
        slug="hostile-speaker",
        role=ATTACK,
        bio=ATTACK,
        portrait_credit=ATTACK,
    )
    source = SourceFactory(title=f"Source {ATTACK}", publisher=ATTACK)
    statement = StatementFactory(
        speaker=speaker,
        speaking_for=organisation,
        speaker_role=ATTACK,
        text=f"Said {ATTACK}",
        context=ATTACK,
        attribution_note=ATTACK,
        translation=ATTACK,
        source=source,
    )
    claims = []
    for traits in ({"published": True}, {"retracted": True, "retraction_notice": ATTACK}):
        claim = ClaimFactory(**traits, text=f"Claim {ATTACK}")
        claim.topics.add(topic)
        verdict = VerdictFactory(claim=claim, conclusion=ATTACK, analysis=f"Analysis {ATTACK}")
        verdict.evidence.add(source)
        StanceFactory(claim=claim, statement=statement)
        CorrectionFactory(verdict=verdict, text=ATTACK)
        claims.append(claim)
    Page.objects.filter(slug="about").update(title=ATTACK, summary=ATTACK, body=ATTACK)
    return claims


def pages(claims):
    return [
        "/",
        "/claims/",
        claims[0].get_absolute_url(),
        claims[1].get_absolute_url(),
        "/speakers/",
        "/speakers/hostile-speaker/",
        "/speakers/body/",
        "/topics/",
        "/topics/hostile-topic/",
        "/corrections/",
        "/search/?q=said",
        "/search/?q=speaker",
        "/search/?q=claim",
        "/search/?q=" + ATTACK,
        "/methodology/",
        "/about/",
    ]


def assert_no_markup_injected(html: str):
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    # The only </script> on the page closes the JSON-LD block, if there is one.
    assert html.count("</script>") == html.count('<script type="application/ld+json">')


def test_every_page_escapes_every_field(client, hostile):
    for path in pages(hostile):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert_no_markup_injected(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


def test_json_ld_keeps_the_text_intact_and_inside_its_script(client, hostile):
    html = client.get(hostile[0].get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0] and ">" not in blocks[0]
    review = json.loads(blocks[0])
    assert review["claimReviewed"] == f"Claim {ATTACK}"
    assert review["itemReviewed"]["author"]["name"] == f"Speaker {ATTACK}"
    assert review["reviewRating"]["alternateName"] == f"F {SHORT}"


def test_feeds_escape_every_field(client, hostile):
    for path in (
        "/feeds/claims/",
        "/feeds/speakers/hostile-speaker/",
        "/feeds/topics/hostile-topic/",
    ):
        xml = client.get(path).content.decode()
        assert "<script>" not in xml and "<img" not in xml
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def test_markdown_analysis_drops_raw_html_and_dangerous_links(client, db):
    claim = ClaimFactory(published=True)
    VerdictFactory(
        claim=claim,
        analysis="[click](javascript:alert(1)) <iframe src=x></iframe> **bold**",
    )
    html = client.get(claim.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in html
    assert "<iframe" not in html
    assert "<strong>bold</strong>" in html
