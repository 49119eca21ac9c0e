"""The reader's side in a real Chromium (issue 11): every public page type at 390 and 1280 px,
light and dark, saved as full-page screenshots in test-artifacts/, checked by axe-core, for
sideways scrolling on phones, and for the contrast of any text drawn on a rating colour; and
a claim repeated by many speakers, whose other side is one tap away on a phone.

Setup and skipping as tests/test_browser.py (Debian's /usr/bin/chromium, axe bundled).
"""

import datetime

import pytest

from statements.models import Rating

from . import test_browser
from .factories import (
    ClaimFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    VerdictFactory,
)
from .test_browser import (
    ARTIFACTS,
    BROWSER_REQUIRED,
    CHROMIUM,
    DESKTOP,
    PHONE,
    assert_accessible,
    open_page,
)

# The same browser and seed-story claim as the reader's path in tests/test_browser.py.
chromium = test_browser.chromium
story = test_browser.story

pytestmark = [
    # As tests/test_browser.py: CI (REQUIRE_BROWSER_TESTS=1) fails there instead of skipping.
    pytest.mark.skipif(
        not CHROMIUM.exists() and not BROWSER_REQUIRED, reason="needs /usr/bin/chromium"
    ),
    pytest.mark.django_db(transaction=True),
]

SCHEMES = ["light", "dark"]

# Text on a rating colour: every element inside one (a badge, the chosen step of the scale)
# with text of its own that a reader can see, measured against the nearest opaque background.
RATING_TEXT_CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const opaque = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (rgb(c)[3] !== 0) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const coloured = [...document.querySelectorAll("[class*='rating-']")];
  const found = [];
  for (const box of coloured) {
    for (const el of [box, ...box.querySelectorAll("*")]) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const r = el.getBoundingClientRect();
      const hidden = r.width <= 1 || r.height <= 1 || getComputedStyle(el).fontSize === "0px";
      if (!own || hidden) continue;
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(opaque(el)));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      found.push({text: el.textContent.trim(), ratio: Math.round(ratio * 100) / 100});
    }
  }
  return found;
}"""

SIDEWAYS = """() => document.documentElement.scrollWidth - document.documentElement.clientWidth"""


@pytest.fixture
def repeated(story):
    """A claim asserted 12 times by 9 speakers and denied 5 times by 5, a day apart."""
    claim = ClaimFactory(
        published=True,
        slug="india-asked-for-mediation",
        text="India asked the United States to mediate on Kashmir",
    )
    claim.topics.add(TopicFactory(name="India–Pakistan relations", slug="india-pakistan"))
    VerdictFactory(
        claim=claim,
        rating=Rating.objects.get(slug="false"),
        conclusion="India's government has denied making any such request.",
    )
    start = datetime.date(2019, 7, 22)
    asserters = [SpeakerFactory(name=f"Commentator {n + 1}") for n in range(9)]
    for n in range(12):
        StanceFactory(
            claim=claim,
            statement=StatementFactory(
                speaker=asserters[n % 9],
                text=f"Modi asked for mediation on Kashmir, said for the {n + 1}th time.",
                said_on=start + datetime.timedelta(days=n),
            ),
        )
    for n in range(5):
        StanceFactory(
            claim=claim,
            stance="denies",
            statement=StatementFactory(
                speaker=SpeakerFactory(name=f"Official {n + 1}"),
                text=f"No such request was ever made (denial {n + 1}).",
                said_on=start + datetime.timedelta(days=n + 1),
            ),
        )
    return claim


@pytest.fixture
def retracted(story):
    claim = ClaimFactory(
        retracted=True, slug="a-withdrawn-check", text="Pakistan asked for mediation in 2019"
    )
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug="mostly-true"))
    StanceFactory(
        claim=claim,
        statement=StatementFactory(speaker=SpeakerFactory(name="Retracted Speaker")),
    )
    return claim


PAGE_TYPES = {
    "home": "/",
    "claim-list": "/claims/",
    "claim-list-bad-filter": "/claims/?rating=not-a-rating",
    "claim": "/claims/modi-asked-trump-to-mediate-on-kashmir/",
    "claim-many-statements": "/claims/india-asked-for-mediation/",
    "claim-retracted": "/claims/a-withdrawn-check/",
    "speaker-list": "/speakers/",
    "speaker": "/speakers/donald-trump/",
    "topic-list": "/topics/",
    "topic": "/topics/kashmir/",
    "corrections": "/corrections/",
    "search": "/search/?q=mediate",
    "search-empty": "/search/",
    "methodology": "/methodology/",
    "page": "/about/",
    "submit": "/submit/",
    "promises": "/promises/",
    "promises-bad-filter": "/promises/?status=not-a-status",
    "not-found": "/does-not-exist/",
}


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_public_page_type_at_both_widths_in_both_schemes(
    live_server, repeated, retracted, chromium, name
):
    ARTIFACTS.mkdir(exist_ok=True)
    for viewport, width in ((PHONE, "390"), (DESKTOP, "1280")):
        for scheme in SCHEMES:
            page = open_page(chromium, viewport=viewport, color_scheme=scheme)
            page.goto(live_server.url + PAGE_TYPES[name])
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-{scheme}.png"), full_page=True)
            if viewport is PHONE:
                assert page.evaluate(SIDEWAYS) <= 0, f"{name} scrolls sideways at 390 px"
            low = [t for t in page.evaluate(RATING_TEXT_CONTRAST) if t["ratio"] < 4.5]
            assert low == [], f"{name} ({width}, {scheme}): text on a rating colour below 4.5:1"
            assert_accessible(page)
            assert page.csp_errors == []
            page.context.close()


@pytest.fixture
def pale_false(story):
    Rating.objects.filter(slug="false").update(colour="#ffeb3b")


def test_the_contrast_check_sees_a_pale_rating(live_server, story, pale_false, chromium):
    """The check above can fail: a rating coloured pale yellow puts white text below 4.5:1."""
    page = open_page(chromium)
    page.goto(live_server.url + story.get_absolute_url())
    low = [t for t in page.evaluate(RATING_TEXT_CONTRAST) if t["ratio"] < 4.5]
    assert {t["text"] for t in low} >= {"False"}


def test_the_sideways_check_sees_a_page_too_wide_for_a_phone(live_server, story, chromium):
    page = open_page(chromium, viewport=PHONE)
    page.goto(live_server.url + "/")
    page.evaluate("document.querySelector('main').append(document.createElement('canvas'))")
    page.evaluate("document.querySelector('canvas').width = 800")
    assert page.evaluate(SIDEWAYS) > 0


def test_twelve_assert_five_deny_the_first_denial_is_one_tap_away_on_a_phone(
    live_server, repeated, chromium
):
    page = open_page(chromium, viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + repeated.get_absolute_url())
    summary = page.get_by_role("navigation", name="Who asserts and who denies the claim")
    assert summary.get_by_role("link", name="Asserted by 9").is_visible()
    assert summary.get_by_role("link", name="Commentator 9").is_visible()
    assert summary.get_by_role("link", name="Official 5").is_visible()
    first_denial = page.get_by_text("No such request was ever made (denial 1).")
    assert not in_view(page, first_denial)

    summary.get_by_role("link", name="Denied by 5").tap()
    page.wait_for_url("**#side-denies")
    assert in_view(page, first_denial)
    assert_accessible(page)

    # Read on down the denials: the sticky switch stays at the top, one tap back to the others.
    page.mouse.wheel(0, 600)
    switch = page.get_by_role("navigation", name="Jump to a side")
    assert switch.bounding_box()["y"] == 0
    switch.get_by_role("link", name="Asserts (12)").tap()
    page.wait_for_url("**#side-asserts")
    assert in_view(page, page.get_by_text("said for the 1th time."))


def test_a_name_in_the_summary_opens_its_folded_statement(live_server, repeated, chromium):
    page = open_page(chromium, viewport=PHONE, java_script_enabled=False)
    page.goto(live_server.url + repeated.get_absolute_url())
    folded = page.get_by_text("said for the 5th time.")
    assert not folded.is_visible()
    summary = page.get_by_role("navigation", name="Who asserts and who denies the claim")
    summary.get_by_role("link", name="Commentator 5").click()
    assert folded.is_visible()
    assert in_view(page, folded)


def test_side_by_side_on_desktop(live_server, repeated, chromium):
    page = open_page(chromium)
    page.goto(live_server.url + repeated.get_absolute_url())
    asserts, denies = page.locator("#side-asserts"), page.locator("#side-denies")
    assert asserts.bounding_box()["y"] == denies.bounding_box()["y"]
    assert asserts.bounding_box()["x"] < denies.bounding_box()["x"]
    assert not page.get_by_role("navigation", name="Jump to a side").is_visible()


def test_the_verdict_reads_without_colour(live_server, story, chromium):
    """In greyscale the chosen step still stands out: outlined, bold, pointed at."""
    page = open_page(chromium, viewport=PHONE)
    page.goto(live_server.url + story.get_absolute_url())
    page.emulate_media(forced_colors="active")
    chosen = page.locator(".verdict .scale-step[aria-current='true']")
    other = page.locator(".verdict .scale-step:not([aria-current])").first
    assert chosen.inner_text().startswith("False")
    style = "e => [getComputedStyle(e).fontWeight, getComputedStyle(e).outlineStyle]"
    assert chosen.evaluate(style) == ["700", "solid"]
    assert other.evaluate(style) != ["700", "solid"]
    page.screenshot(path=str(ARTIFACTS / "claim-390-forced-colours.png"), full_page=True)


def test_print_keeps_the_claim_and_drops_the_navigation(live_server, story, chromium):
    page = open_page(chromium)
    page.goto(live_server.url + story.get_absolute_url())
    page.emulate_media(media="print")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator(".verdict .rating").is_visible()
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.locator(".site-search").is_visible()
    page.pdf(path=str(ARTIFACTS / "claim-print.pdf"))


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"] - 40
