"""Transparency pages editors keep, and the submit-a-claim form for readers."""

import re

import pytest
from django.urls import reverse

from pages.models import ClaimSubmission, Page
from statements.models import Rating

from .conftest import login_with_second_factor
from .factories import UserFactory
from .test_site import text_of

pytestmark = pytest.mark.django_db

GOOD = {"claim_text": "The river is cleaner than ever.", "said_by": "A minister"}


@pytest.mark.parametrize("scale", ["truth", "consistency", "promise"])
def test_methodology_explains_each_rating_model_from_the_rating_table(client, scale):
    """A section per rating model, its ratings best first (unscored steps last), in their
    colours, with their meanings."""
    ratings = Rating.objects.filter(scale__slug=scale)
    ratings.filter(ordinal=2).update(description="Right in part, wrong in part.")
    html = client.get("/methodology/").content.decode()
    assert "How we choose claims" in text_of(client.get("/methodology/"))
    section = html.split(f'<section id="scale-{scale}"')[1].split("</section>")[0]
    expected = [r.slug for r in ratings.order_by("-scored", "-ordinal")]
    assert re.findall(r'class="rating rating-([a-z-]+)"', section) == expected
    assert "Right in part, wrong in part." in section
    assert f'href="/claims/?scale={scale}"' in section


def test_editors_change_the_about_page_without_a_deploy(client):
    Page.objects.filter(slug="about").update(title="About the desk", body="We are **twelve**.")
    response = client.get("/about/")
    assert "About the desk" in text_of(response)
    assert "<strong>twelve</strong>" in response.content.decode()


def test_other_pages_live_under_about_and_are_in_the_footer(client):
    response = client.get("/about/funding/")
    assert response.status_code == 200
    assert 'href="/about/funding/"' in client.get("/").content.decode()


def test_one_address_per_page(client):
    assert client.get("/about/methodology/")["Location"] == "/methodology/"
    assert client.get("/about/about/")["Location"] == "/about/"
    assert client.get("/about/nothing-here/").status_code == 404


def test_reader_submission_lands_in_the_queue(client):
    response = client.post("/submit/", {**GOOD, "email": "reader@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("pages:submit-thanks")
    submission = ClaimSubmission.objects.get()
    assert submission.claim_text == GOOD["claim_text"]
    assert submission.status == ClaimSubmission.Status.NEW


def test_form_needs_the_claim(client):
    response = client.post("/submit/", {"said_by": "Someone"})
    assert response.status_code == 200
    assert "This field is required." in text_of(response)
    assert not ClaimSubmission.objects.exists()


def test_honeypot_thanks_the_bot_and_keeps_nothing(client):
    response = client.post("/submit/", {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not ClaimSubmission.objects.exists()


def test_rate_limit_per_address(client, settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/submit/", GOOD, REMOTE_ADDR="203.0.113.9").status_code == 302
    blocked = client.post("/submit/", GOOD, REMOTE_ADDR="203.0.113.9")
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "3600"
    assert "try again later" in text_of(blocked)
    # Someone else is not held back by that address.
    assert client.post("/submit/", GOOD, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert ClaimSubmission.objects.count() == 3


def test_submit_form_is_csrf_protected(db):
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post("/submit/", GOOD).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/page/",
        "/admin/pages/page/add/",
        "/admin/pages/claimsubmission/",
    ],
)
def test_admin_smoke(client, url):
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    ClaimSubmission.objects.create(**GOOD)
    assert client.get(url).status_code == 200


def test_admin_change_pages_and_queue_actions(client):
    login_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    submission = ClaimSubmission.objects.create(**GOOD)
    page = Page.objects.get(slug="about")
    assert client.get(f"/admin/pages/page/{page.pk}/change/").status_code == 200
    assert client.get(f"/admin/pages/claimsubmission/{submission.pk}/change/").status_code == 200
    client.post(f"/admin/pages/claimsubmission/{submission.pk}/triage/accept/")
    submission.refresh_from_db()
    assert submission.status == ClaimSubmission.Status.ACCEPTED
    assert submission.claim is not None
