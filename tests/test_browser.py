"""A reader's path through the site in a real Chromium: home → claim → speaker → search.

axe-core (bundled in the axe-playwright-python package, never fetched from a CDN) checks each
page type; screenshots of the claim page at phone and desktop widths go to test-artifacts/.
Debian's chromium is driven through Playwright's `executable_path`, because Playwright
cannot download its own browser here; without /usr/bin/chromium these tests skip.
"""

import datetime
import json
import os
from pathlib import Path

import pytest

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

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install -e .[dev])"
)
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")

# CI installs Chromium and sets REQUIRE_BROWSER_TESTS, so there a missing browser fails the run
# (in test_chromium_is_there_when_required) instead of skipping these tests unseen.
BROWSER_REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists() and not BROWSER_REQUIRED,
        reason="browser tests need Debian's chromium at /usr/bin/chromium "
        "(apt-get install chromium); CI installs it",
    ),
    # Transactional, so the live server thread sees the data (conftest's _migrated_rows puts
    # back the rows that migrations install: the rating scale, the transparency pages).
    pytest.mark.django_db(transaction=True),
]


def test_chromium_is_there_when_required():
    assert CHROMIUM.exists(), "REQUIRE_BROWSER_TESTS is set but /usr/bin/chromium is missing"


@pytest.fixture
def story():
    """The seed story's shape: Trump asserts, India's spokesman denies, with a verdict."""
    kashmir = TopicFactory(name="Kashmir", slug="kashmir")
    ministry = SpeakerFactory(
        kind="organisation", name="Ministry of External Affairs (India)", slug="mea", role=""
    )
    trump = SpeakerFactory(
        name="Donald Trump", slug="donald-trump", role="President of the United States"
    )
    kumar = SpeakerFactory(name="Raveesh Kumar", slug="raveesh-kumar", role="Spokesperson")
    claim = ClaimFactory(
        published=True,
        slug="modi-asked-trump-to-mediate-on-kashmir",
        text="Narendra Modi asked Donald Trump to mediate on Kashmir",
    )
    claim.topics.add(kashmir)
    verdict = VerdictFactory(
        claim=claim,
        conclusion="India's foreign ministry said no such request was made.",
        analysis="The **Simla Agreement** commits both countries to settle differences "
        "bilaterally.\n\n- India has long refused mediation.\n- Pakistan welcomed the offer.",
    )
    verdict.evidence.add(SourceFactory(title="Simla Agreement, 1972", publisher="MEA"))
    StanceFactory(
        claim=claim,
        statement=StatementFactory(
            speaker=trump,
            speaker_role="President of the United States",
            text="I was with Prime Minister Modi two weeks ago, and we talked about this "
            "subject. And he actually said, 'Would you like to be a mediator or arbitrator?'",
            context="at the White House with Imran Khan",
            said_on=datetime.date(2019, 7, 22),
            source__archived_url="https://web.archive.org/web/2019/example",
        ),
    )
    StanceFactory(
        claim=claim,
        stance="denies",
        statement=StatementFactory(
            speaker=kumar,
            speaker_role="Official Spokesperson",
            speaking_for=ministry,
            text="We have seen @POTUS's remarks to the press that he is ready to mediate, if "
            "requested by India & Pakistan, on Kashmir issue. No such request has been made "
            "by PM @narendramodi to the US President.",
            quote_type="direct",
            said_on=datetime.date(2019, 7, 22),
        ),
    )
    CorrectionFactory(verdict=verdict, text="We corrected the time of the spokesman's tweet.")
    return claim


@pytest.fixture
def chromium():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, viewport=DESKTOP, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    return page


def assert_accessible(page):
    results = axe_api.Axe().run(page)
    violations = results.response["violations"]
    assert violations == [], json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations], indent=1
    )


def test_reader_path_home_claim_speaker_search(live_server, story, chromium):
    page = open_page(chromium)

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)

    page.get_by_role("link", name=story.text).first.click()
    page.wait_for_url(f"**{story.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == story.text
    assert page.locator(".verdict .rating").inner_text().endswith("False")
    assert_accessible(page)

    page.get_by_role("link", name="Donald Trump").first.click()
    page.wait_for_url("**/speakers/donald-trump/")
    assert page.get_by_role("img", name="Rating record of Donald Trump").is_visible()
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "speaker-desktop.png"), full_page=True)

    page.get_by_role("searchbox", name="Search").fill("mediate")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=mediate")
    assert page.locator("mark").first.inner_text().lower().startswith("mediat")
    assert_accessible(page)

    assert page.csp_errors == []


# Every other public page type, at both widths and in both colour schemes:
# tests/test_browser_reader.py.


def test_claim_page_stacks_on_phones_and_sits_side_by_side_on_desktop(live_server, story, chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    url = live_server.url + story.get_absolute_url()

    phone = open_page(chromium, viewport=PHONE, device_scale_factor=2, is_mobile=True)
    phone.goto(url)
    asserts, denies = phone.locator(".side-asserts"), phone.locator(".side-denies")
    assert asserts.bounding_box()["y"] < denies.bounding_box()["y"]
    # Nothing sticks out past the screen's right edge (no sideways scrolling).
    wide = phone.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert wide == []
    assert_accessible(phone)
    phone.screenshot(path=str(ARTIFACTS / "claim-phone.png"), full_page=True)

    desktop = open_page(chromium)
    desktop.goto(url)
    asserts, denies = desktop.locator(".side-asserts"), desktop.locator(".side-denies")
    assert asserts.bounding_box()["y"] == denies.bounding_box()["y"]
    assert asserts.bounding_box()["x"] < denies.bounding_box()["x"]
    desktop.screenshot(path=str(ARTIFACTS / "claim-desktop.png"), full_page=True)

    assert (ARTIFACTS / "claim-phone.png").stat().st_size > 0
    assert (ARTIFACTS / "claim-desktop.png").stat().st_size > 0


def test_the_site_works_without_javascript(live_server, story, chromium):
    page = open_page(chromium, java_script_enabled=False)
    page.goto(live_server.url + "/claims/")
    page.get_by_label("Rating", exact=True).select_option("false")
    page.get_by_role("button", name="Show fact-checks").click()
    page.wait_for_url("**/claims/?*rating=false*")
    assert page.get_by_role("link", name=story.text).is_visible()

    page.get_by_role("searchbox", name="Search").fill("Kashmir")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=Kashmir")
    assert page.get_by_role("link", name=story.text).first.is_visible()


@pytest.fixture
def editor_on_a_scale_page(make_desk_client, editor):
    """An editor's desk cookies and the consistency scale's page, made before Chromium starts
    (Playwright's event loop forbids database calls in the test's own thread)."""
    from django.urls import reverse

    from statements.models import RatingScale

    desk = make_desk_client(editor)
    scale = RatingScale.objects.consistency()
    cookies = {name: morsel.value for name, morsel in desk.cookies.items()}
    return cookies, reverse("admin:statements_ratingscale_change", args=[scale.pk])


def in_a_thread(function):
    """Run a database read outside Playwright's event loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def test_a_scale_reorders_with_its_up_and_down_buttons_and_one_save(
    editor_on_a_scale_page, live_server, chromium
):
    """rating_order.js (issue 9 item 7): ↓ moves a row and renumbers the scale; one save."""
    from django.db import connection

    from statements.models import RatingScale

    cookies, path = editor_on_a_scale_page
    host = live_server.url.split("//")[1].split(":")[0]
    page = open_page(chromium)
    page.context.add_cookies(
        # The desk's cookies are Secure (__Host-): Chromium keeps them for localhost over HTTP.
        [
            {"name": name, "value": value, "domain": host, "path": "/", "secure": True}
            for name, value in cookies.items()
        ]
    )
    page.goto(live_server.url + path)
    page.get_by_role("button", name="Move Full Flop down").click()
    rows = page.locator(".desk-scale-ratings tr.form-row:not(.empty-form)")
    values = "rows => rows.map(r => [r.querySelector('[name$=-label]').value, "
    values += "r.querySelector('[name$=-ordinal]').value])"
    assert rows.evaluate_all(values) == [["Half Flip", "1"], ["Full Flop", "2"], ["No Flip", "3"]]
    page.locator("input[name='_save']").click()
    page.wait_for_url("**/ratingscale/")
    assert page.csp_errors == []

    def order():
        try:
            scale = RatingScale.objects.consistency()
            return list(scale.ratings.order_by("ordinal").values_list("slug", flat=True))
        finally:
            connection.close()

    assert in_a_thread(order) == ["half-flip", "full-flop", "no-flip"]
