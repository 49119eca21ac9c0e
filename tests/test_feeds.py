"""Atom feeds, the sitemap and robots.txt: what machines read."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from .factories import ClaimFactory, CorrectionFactory, StanceFactory, VerdictFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the site's own output, in a test


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response.content)
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_site_feed_has_verdicts_and_corrections_newest_first(client, published_claim, settings):
    earlier = timezone.now() - datetime.timedelta(days=3)
    older = ClaimFactory(published=True, text="An older claim")
    older.published_at = earlier
    older.save()
    VerdictFactory(claim=older)

    titles = [title for title, _link in entries(client.get("/feeds/claims/"))]

    assert titles == [
        "Correction: Modi asked Trump to mediate on Kashmir",
        "False: Modi asked Trump to mediate on Kashmir",
        "False: An older claim",
    ]


def test_feed_links_are_absolute_claim_and_correction_addresses(client, published_claim, settings):
    links = [link for _title, link in entries(client.get("/feeds/claims/"))]
    correction = published_claim.verdict.corrections.get()
    assert f"{settings.SITE_URL}{correction.get_absolute_url()}" in links
    assert f"{settings.SITE_URL}{published_claim.get_absolute_url()}" in links


def test_speaker_feed_and_topic_feed(client, published_claim):
    other = ClaimFactory(published=True, text="Someone else's claim")
    VerdictFactory(claim=other)
    StanceFactory(claim=other)

    for path in ("/feeds/speakers/donald-trump/", "/feeds/topics/kashmir/"):
        titles = [title for title, _link in entries(client.get(path))]
        assert "False: Modi asked Trump to mediate on Kashmir" in titles
        assert "Correction: Modi asked Trump to mediate on Kashmir" in titles
        assert "False: Someone else's claim" not in titles


def test_pages_advertise_their_feeds(client, published_claim):
    html = client.get("/speakers/donald-trump/").content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/feeds/speakers/donald-trump/"' in html


def test_sitemap_index_and_claim_section(client, published_claim, settings):
    index = parse(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any(section.endswith("/sitemap-claims.xml") for section in sections)

    claims = parse(client.get("/sitemap-claims.xml").content)
    locations = [loc.text for loc in claims.iter(f"{SITEMAP}loc")]
    # One address per language, each with the others as alternates (tests/test_languages.py).
    path = published_claim.get_absolute_url()
    assert locations == [f"{settings.SITE_URL}{prefix}{path}" for prefix in ("", "/hi", "/ur")]
    assert claims.find(f"{SITEMAP}url/{SITEMAP}lastmod") is not None


def test_sitemap_pages_section_lists_the_fixed_pages(client, db, settings):
    pages = parse(client.get("/sitemap-pages.xml").content)
    locations = {loc.text for loc in pages.iter(f"{SITEMAP}loc")}
    assert f"{settings.SITE_URL}/methodology/" in locations
    assert f"{settings.SITE_URL}/claims/" in locations


def test_robots_txt_points_at_the_sitemap(client, db, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_site_feed_announces_a_retraction_and_keeps_its_corrections(client, db):
    claim = ClaimFactory(retracted=True, text="Retracted claim")
    CorrectionFactory(
        verdict=VerdictFactory(claim=claim),
        text="Why we retracted",
        published_at=claim.retracted_at - datetime.timedelta(hours=1),
    )
    titles = [title for title, _link in entries(client.get("/feeds/claims/"))]
    # The retraction is news of its own (issue 9); the verdict itself is no longer listed.
    assert titles == ["Retracted: Retracted claim", "Correction: Retracted claim"]


def test_an_organisations_feed_has_what_its_spokespeople_said_for_it(client, published_claim):
    from .factories import OrganisationFactory

    ministry = OrganisationFactory(name="Ministry of External Affairs", slug="mea")
    denial = published_claim.stances.get(stance="denies").statement
    denial.speaking_for = ministry
    denial.save()

    titles = [title for title, _link in entries(client.get("/feeds/speakers/mea/"))]
    assert "False: Modi asked Trump to mediate on Kashmir" in titles
