"""Share cards: og:image drawn by the server, redrawn by the task queue when the verdict changes."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from integrations.share import share_image_name
from statements import services
from statements.models import Claim, Rating, Verdict

from .factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def hex_colour(pixel) -> str:
    return "#{:02x}{:02x}{:02x}".format(*pixel)


def test_the_claim_page_names_a_large_share_image(client, published_claim, settings):
    html = client.get(published_claim.get_absolute_url()).content.decode()

    assert '<meta name="twitter:card" content="summary_large_image">' in html
    prefix = f'<meta property="og:image" content="{settings.SITE_URL}/share/claims/'
    assert prefix + f"{published_claim.slug}.png?v=" in html


def test_the_card_shows_the_rating_in_its_colour(client, published_claim):
    image = png(client.get(f"/share/claims/{published_claim.slug}.png"))

    assert image.size == (1200, 630)
    assert hex_colour(image.getpixel((5, 5))) == published_claim.verdict.rating.colour.lower()
    assert hex_colour(image.getpixel((5, 600))) == "#ffffff"


def test_drafts_have_no_card(client):
    claim = ClaimFactory()
    VerdictFactory(claim=claim)

    assert client.get(f"/share/claims/{claim.slug}.png").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_new_verdict_is_drawn_by_the_worker_at_a_new_address(
    client, make_claim, editor, settings
):
    claim = make_claim(status="in_review")
    services.claim_publish(claim=claim, user=editor)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*",
                 verbosity=0)  # fmt: skip
    claim = Claim.objects.get(pk=claim.pk)
    first_name = share_image_name(claim)
    assert default_storage.exists(first_name), "the worker did not draw the card"
    first_page = client.get(claim.get_absolute_url()).content.decode()

    verdict = Verdict.objects.get(claim=claim)
    verdict.rating = Rating.objects.get(slug="true")
    services.verdict_save(verdict=verdict, user=editor, correction="New evidence: it is true.")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*",
                 verbosity=0)  # fmt: skip

    claim = Claim.objects.get(pk=claim.pk)
    second_name = share_image_name(claim)
    assert second_name != first_name
    assert default_storage.exists(second_name), "the worker did not redraw the card"
    with default_storage.open(second_name, "rb") as stored:
        image = Image.open(stored).convert("RGB")
        assert hex_colour(image.getpixel((5, 5))) == Rating.objects.get(slug="true").colour.lower()
    second_page = client.get(claim.get_absolute_url()).content.decode()

    def og_image(html: str) -> str:
        return html.split('property="og:image" content="')[1].split('"')[0]

    assert og_image(first_page) != og_image(second_page)
