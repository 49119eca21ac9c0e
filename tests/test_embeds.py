"""Embeds and oEmbed: the only page other sites may frame, and how they find its snippet."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone

from statements.models import Claim

from .factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def embed_path(claim) -> str:
    return f"/embed/claims/{claim.slug}/"


def test_the_embed_card_shows_claim_speaker_rating_and_link(client, published_claim, settings):
    response = client.get(embed_path(published_claim))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Modi asked Trump to mediate on Kashmir" in html
    assert "Claimed by Donald Trump" in html
    assert 'class="rating rating-false"' in html
    assert f'href="{settings.SITE_URL}{published_claim.get_absolute_url()}"' in html
    assert "<script" not in html


def test_only_the_embed_may_be_framed(client, published_claim):
    embed = client.get(embed_path(published_claim))
    page = client.get(published_claim.get_absolute_url())

    assert "X-Frame-Options" not in embed.headers
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_a_retracted_claim_embeds_with_its_notice_and_no_verdict(client, published_claim):
    Claim.objects.filter(pk=published_claim.pk).update(
        status=Claim.Status.RETRACTED,
        retracted_at=timezone.now(),
        retraction_notice="The video was doctored.",
    )

    html = client.get(embed_path(published_claim)).content.decode()

    assert "Retracted" in html and "The video was doctored." in html
    assert 'class="rating' not in html


@pytest.mark.parametrize("trait", [{}, {"in_review": True}])
def test_unpublished_claims_have_no_embed_or_oembed(client, settings, trait):
    claim = ClaimFactory(**trait)
    VerdictFactory(claim=claim)
    page = f"{settings.SITE_URL}{claim.get_absolute_url()}"

    assert client.get(embed_path(claim)).status_code == 404
    assert client.get("/oembed", {"url": page}).status_code == 404


def test_oembed_describes_the_card(client, published_claim, settings):
    page = f"{settings.SITE_URL}{published_claim.get_absolute_url()}"

    response = client.get("/oembed", {"url": page, "maxwidth": "400"})

    assert response.status_code == 200
    assert response.json() == {
        "version": "1.0",
        "type": "rich",
        "provider_name": settings.SITE_NAME,
        "provider_url": f"{settings.SITE_URL}/",
        "title": "Modi asked Trump to mediate on Kashmir",
        "width": 400,
        "height": 280,
        "html": (
            f'<iframe src="{settings.SITE_URL}{embed_path(published_claim)}" width="400" '
            'height="280" title="Fact-check: Modi asked Trump to mediate on Kashmir" '
            'loading="lazy"></iframe>'
        ),
        "cache_age": settings.PUBLIC_PAGE_MAX_AGE,
    }


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"url": "https://elsewhere.example/claims/x/"}, 404),
        ({"url": "{site}/speakers/donald-trump/"}, 404),
        ({"url": "{site}/claims/no-such-claim/"}, 404),
        ({"url": "{site}{claim}", "format": "xml"}, 501),
        ({"url": "{site}{claim}", "maxwidth": "wide"}, 400),
        ({"url": "{site}{claim}", "maxwidth": "20"}, 400),
    ],
)
def test_bad_oembed_requests_are_json_4xx(client, published_claim, settings, params, status):
    params = {
        key: value.format(site=settings.SITE_URL, claim=published_claim.get_absolute_url())
        for key, value in params.items()
    }

    response = client.get("/oembed", params)

    assert response.status_code == status
    assert response.json()["error"]


def test_the_claim_page_has_the_embed_box_and_oembed_discovery(client, published_claim, settings):
    html = client.get(published_claim.get_absolute_url()).content.decode()

    assert 'type="application/json+oembed"' in html
    assert "Embed this fact-check" in html
    assert f"&lt;iframe src=&quot;{settings.SITE_URL}{embed_path(published_claim)}" in html


def test_the_embed_costs_a_fixed_number_of_queries(
    client, published_claim, django_assert_num_queries
):
    # The claim with verdict and rating; the first asserting statement with its speaker.
    with django_assert_num_queries(2):
        client.get(embed_path(published_claim))


# --- In a real browser, framed by a page from another origin --------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
@pytest.mark.django_db(transaction=True)
def test_the_embed_renders_in_a_frame_of_another_origin_and_other_pages_refuse(live_server):
    from playwright.sync_api import sync_playwright

    from .test_browser import CHROMIUM_ARGS

    claim = ClaimFactory(published=True, text="A claim to embed")
    VerdictFactory(claim=claim)
    host_page = (
        "<!doctype html><html lang=en><title>A newsroom</title>"
        f'<iframe id="embed" src="{live_server.url}{embed_path(claim)}"></iframe>'
        f'<iframe id="page" src="{live_server.url}{claim.get_absolute_url()}"></iframe>'
    ).encode()

    class Newsroom(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(host_page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 8621), Newsroom)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.goto("http://127.0.0.1:8621/")
            page.wait_for_load_state("load")
            embed = page.query_selector("#embed").content_frame()
            refused = page.query_selector("#page").content_frame()
            assert embed.locator("h1").inner_text() == "A claim to embed"
            # Chromium replaces a frame the page refused with its own error page.
            assert refused.url.startswith("chrome-error://")
            assert "A claim to embed" not in refused.content()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
