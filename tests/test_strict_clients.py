"""What strict clients check: Atom under RFC 4287 (read by feedparser too), the sitemap, and
addresses that come from SITE_URL (or, for `make run`, from PORT) rather than the Host header."""

import datetime
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from django.utils import timezone

from pages.models import Page
from promises.models import Promise
from statements.models import Claim, Rating, Verdict

from .factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEEDS = ["/feeds/claims/", "/feeds/speakers/donald-trump/", "/feeds/topics/kashmir/"]


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the site's own output, in a test


def atom_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://factcheck.example.org"
    settings.SITE_NAME = "Example Fact Check"
    settings.ALLOWED_HOSTS = ["factcheck.example.org", "mirror.example.net", "testserver"]
    return settings.SITE_URL


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_are_rfc_4287_atom_that_feedparser_reads_cleanly(client, published_claim, site, path):
    response = client.get(path)

    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.author_detail == {"name": "Example Fact Check", "href": f"{site}/"}
    feed = parse(response.content)
    feed_updated = atom_time(feed.findtext(f"{ATOM}updated"))
    assert feed.findtext(f"{ATOM}id").startswith(site)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        # RFC 4287 §4.1.2: id, title and updated; author inherited from the feed.
        assert entry.findtext(f"{ATOM}id").startswith(f"{site}/claims/")
        assert entry.findtext(f"{ATOM}title")
        published = atom_time(entry.findtext(f"{ATOM}published"))
        updated = atom_time(entry.findtext(f"{ATOM}updated"))
        assert published <= updated <= feed_updated


def test_a_feed_is_the_same_whichever_host_served_it(client, published_claim, site):
    ours = client.get("/feeds/claims/", HTTP_HOST="factcheck.example.org").content
    mirror = client.get("/feeds/claims/", HTTP_HOST="mirror.example.net").content

    assert ours == mirror
    assert b"mirror.example.net" not in mirror


def test_feed_updated_is_never_before_a_published_entry(client, published_claim, site):
    """A claim published 'now' with rows last saved earlier (e.g. an import) still dates the
    feed at or after its publication."""
    later = timezone.now() + datetime.timedelta(hours=1)
    Claim.objects.filter(pk=published_claim.pk).update(published_at=later)

    feed = parse(client.get("/feeds/claims/").content)

    assert atom_time(feed.findtext(f"{ATOM}updated")) >= later


@pytest.mark.parametrize("change", ["verdict", "rating"])
def test_entry_and_feed_updated_move_when_the_verdict_changes(
    client, published_claim, site, change
):
    def claim_entry_updated():
        feed = parse(client.get("/feeds/claims/").content)
        for entry in feed.findall(f"{ATOM}entry"):
            if entry.findtext(f"{ATOM}id") == f"{site}{published_claim.get_absolute_url()}":
                return atom_time(entry.findtext(f"{ATOM}updated")), atom_time(
                    feed.findtext(f"{ATOM}updated")
                )
        raise AssertionError("claim entry missing")

    long_ago = timezone.now() - datetime.timedelta(days=400)
    Claim.objects.filter(pk=published_claim.pk).update(updated_at=long_ago, published_at=long_ago)
    Verdict.objects.filter(pk=published_claim.verdict.pk).update(updated_at=long_ago)
    Rating.objects.update(updated_at=long_ago)
    published_claim.verdict.corrections.all().delete()
    before, _ = claim_entry_updated()

    verdict = Verdict.objects.get(pk=published_claim.verdict.pk)
    if change == "verdict":
        verdict.conclusion = "India's spokesman said no such request was made."
        verdict.save()
    else:
        verdict.rating.label = "Wrong"
        verdict.rating.save()
    after, feed_after = claim_entry_updated()

    assert before == long_ago.replace(microsecond=0) or before <= long_ago
    assert after > before + datetime.timedelta(days=399)
    assert feed_after >= after


def test_sitemap_index_and_sections_come_from_site_url_not_the_host(client, published_claim, site):
    index = parse(client.get("/sitemap.xml", HTTP_HOST="mirror.example.net").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]

    assert sections and all(loc.startswith(f"{site}/sitemap-") for loc in sections)
    for section in sections:
        body = parse(client.get(section.removeprefix(site), HTTP_HOST="mirror.example.net").content)
        assert all(loc.text.startswith(f"{site}/") for loc in body.iter(f"{SITEMAP}loc"))


def test_sitemap_lists_every_public_page(client, published_claim, site):
    # The transparency pages the pages app installs: /about/, /about/funding/, …
    transparency = {f"{site}{page.get_absolute_url()}" for page in Page.objects.all()}
    assert f"{site}/about/funding/" in transparency
    VerdictFactory(claim=ClaimFactory(text="A draft"))
    # Promises (invented): a published one is listed, a draft is not.
    said = published_claim.statements.first()
    Promise.objects.create(
        text="Invented: a published promise",
        slug="a-published-promise",
        statement=said,
        state="published",
        published_at=timezone.now(),
    )
    Promise.objects.create(text="Invented: a draft promise", slug="a-draft-promise", statement=said)

    index = parse(client.get("/sitemap.xml").content)
    locations = set()
    for section in index.iter(f"{SITEMAP}loc"):
        body = parse(client.get(section.text.removeprefix(site)).content)
        locations |= {loc.text for loc in body.iter(f"{SITEMAP}loc")}

    speaker_pages = {f"{site}/speakers/donald-trump/", f"{site}/speakers/raveesh-kumar/"}
    fixed = {"/", "/claims/", "/speakers/", "/topics/", "/promises/", "/corrections/"}
    fixed |= {"/methodology/", "/promises/a-published-promise/"}
    english = {
        *(f"{site}{path}" for path in fixed),
        *transparency,
        f"{site}{published_claim.get_absolute_url()}",
        f"{site}/topics/kashmir/",
        *speaker_pages,
    }
    # Each page once per language: /claims/x/, /hi/claims/x/, /ur/claims/x/ (docs/site.md).
    assert locations == {
        address.replace(site, f"{site}{prefix}", 1)
        for address in english
        for prefix in ("", "/hi", "/ur")
    }


def test_sitemap_lastmod_moves_when_the_verdict_changes(client, published_claim, site):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Claim.objects.filter(pk=published_claim.pk).update(updated_at=long_ago, published_at=long_ago)
    Verdict.objects.filter(pk=published_claim.verdict.pk).update(updated_at=long_ago)
    Rating.objects.update(updated_at=long_ago)

    def lastmods():
        index = parse(client.get("/sitemap.xml").content)
        claims_index = next(
            item.findtext(f"{SITEMAP}lastmod")
            for item in index.iter(f"{SITEMAP}sitemap")
            if item.findtext(f"{SITEMAP}loc").endswith("/sitemap-claims.xml")
        )
        section = parse(client.get("/sitemap-claims.xml").content)
        return claims_index[:10], section.findtext(f"{SITEMAP}url/{SITEMAP}lastmod")

    before = lastmods()
    verdict = Verdict.objects.get(pk=published_claim.verdict.pk)
    verdict.conclusion = "Changed after review."
    verdict.save()
    after = lastmods()

    assert before == (long_ago.date().isoformat(), long_ago.date().isoformat())
    assert after == (timezone.now().date().isoformat(), timezone.now().date().isoformat())


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"PORT": "8010"}, "http://127.0.0.1:8010"),
        ({}, "http://127.0.0.1:8000"),
        (
            {"PORT": "8010", "SITE_URL": "https://factcheck.example.org/"},
            "https://factcheck.example.org",
        ),
    ],
)
def test_a_developer_server_links_to_its_own_port(environment, expected):
    """`make run PORT=8010` exports PORT; with DEBUG on and no SITE_URL, links follow it."""
    env = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "PORT"}} | {
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )
    assert result.stdout.strip() == expected


def test_make_run_passes_port_to_the_server_and_settings():
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8010"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )
    assert "PORT=8010 bin/run-dev" in result.stdout


@pytest.mark.parametrize(
    "query",
    [
        "?published_after=2019-13-45",
        "?published_before=not-a-date",
        "?published_after=%22%3E%3Cb%3Ehello",
        "?speaker=%3Cscript%3E",
        "?sort=sideways",
    ],
)
def test_bad_filter_values_are_dropped_from_the_form_not_echoed(client, published_claim, query):
    response = client.get(f"/claims/{query}")

    html = response.content.decode()
    bad_value = query.split("=", 1)[1]
    # The one rule for a list page's bad filter value (docs/site.md): a 400 with the form.
    assert response.status_code == 400
    form = response.context["filter"].form
    assert all(not form[name].value() for name in form.errors)
    for shown in (bad_value, bad_value.replace("%22", '"').replace("%3E", ">")):
        assert f'value="{shown}"' not in html
    assert "2019-13-45" not in html and "not-a-date" not in html and "sideways" not in html
    assert "not understood" in html


def test_good_filter_values_stay_in_their_inputs(client, published_claim):
    html = client.get("/claims/?published_after=2019-07-01").content.decode()

    assert 'value="2019-07-01"' in html
