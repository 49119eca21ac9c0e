"""The claim graph's sections and the promise tracker in a real Chromium (issue 13): repeats,
linked claims, a statement's moment, a speaker's promises, a promise's timeline. Each page at
390 px: styled by the stylesheet (no inline style: the CSP would refuse it), nothing wider
than the phone, axe-core clean, white text on every promise status at 4.5:1 or more.

Setup and skipping as tests/test_browser.py (Debian's /usr/bin/chromium, axe bundled).
Invented people and words only.
"""

import datetime

import pytest

from graph.models import ClaimRelation
from promises.models import Promise, PromiseStatusChange
from statements.models import Rating

from . import test_browser
from .factories import (
    ClaimFactory,
    SourceFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    VerdictFactory,
)
from .test_browser import ARTIFACTS, BROWSER_REQUIRED, CHROMIUM, PHONE, assert_accessible, open_page
from .test_browser_reader import SIDEWAYS

chromium = test_browser.chromium

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists() and not BROWSER_REQUIRED, reason="needs /usr/bin/chromium"
    ),
    pytest.mark.django_db(transaction=True),
]

RATED_ON = datetime.datetime(2024, 1, 10, 9, 0, tzinfo=datetime.UTC)

# The contrast of each promise status badge's own text against its own background.
STATUS_CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  return [...document.querySelectorAll(".promise-status")].map((el) => {
    const style = getComputedStyle(el);
    const a = lum(rgb(style.color)), b = lum(rgb(style.backgroundColor));
    return {text: el.textContent.trim(), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
  });
}"""


@pytest.fixture
def graph(db):
    """Meera Joshi (invented) repeats a claim rated False; it contradicts another; she made
    a promise with a status for each step of the scale across her other promises."""
    meera = SpeakerFactory(name="Meera Joshi", slug="meera-joshi")
    claim = ClaimFactory(
        published=True,
        slug="the-river-was-cleaned-in-a-year",
        text="The river was cleaned in a single year by the city's own crews",
    )
    claim.published_at = RATED_ON
    claim.save()
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug="false"))
    video = SourceFactory(url="https://video.example.org/council-meeting", kind="broadcast")
    for n, on in enumerate(
        [datetime.date(2024, 1, 2), *(datetime.date(2024, m, 3) for m in (2, 3, 4, 5, 6, 7))]
    ):
        StanceFactory(
            claim=claim,
            statement=StatementFactory(
                speaker=meera,
                said_on=on,
                text=f"We cleaned the river in one year, said at meeting number {n + 1}.",
                source=video,
                media_start=754 + n,
                media_end=790 + n,
            ),
        )
    other = ClaimFactory(
        published=True, slug="the-river-is-still-polluted", text="The river is still polluted"
    )
    VerdictFactory(claim=other, rating=Rating.objects.get(slug="true"))
    StanceFactory(claim=other)
    ClaimRelation.objects.create(claim=claim, kind="contradicts", related=other)

    for n, status in enumerate(["in_the_works", "stalled", "compromise", "kept", "broken", None]):
        promise = Promise.objects.create(
            text=f"Invented promise {n + 1}: plant a very long avenue of trees along the riverbank",
            slug=f"invented-promise-{n + 1}",
            statement=StatementFactory(speaker=meera, said_on=datetime.date(2023, 1, 15)),
            state="published",
            published_at=RATED_ON,
        )
        if status:
            PromiseStatusChange.objects.create(
                promise=promise,
                status=status,
                changed_on=datetime.date(2024, 2, 1),
                source=SourceFactory(
                    url=f"https://news.example.org/a-rather-long-report-address/{n}"
                ),
                note="What the council's own report said about it.",
            )
    return claim


PAGES = {
    "graph-claim": "/claims/the-river-was-cleaned-in-a-year/",
    "graph-speaker": "/speakers/meera-joshi/",
    "promise": "/promises/invented-promise-4/",
    "promise-list": "/promises/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_the_graph_sections_are_styled_and_fit_a_phone(live_server, graph, chromium, name):
    ARTIFACTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        page = open_page(chromium, viewport=PHONE, color_scheme=scheme)
        page.goto(live_server.url + PAGES[name])
        page.screenshot(path=str(ARTIFACTS / f"{name}-390-{scheme}.png"), full_page=True)

        assert page.evaluate(SIDEWAYS) <= 0, f"{name} scrolls sideways at 390 px"
        low = [s for s in page.evaluate(STATUS_CONTRAST) if s["ratio"] < 4.5]
        assert low == [], f"{name} ({scheme}): a promise status below 4.5:1"
        assert_accessible(page)
        assert page.csp_errors == []
        page.context.close()


def styles(page, selector: str, *properties: str) -> dict:
    return page.locator(selector).first.evaluate(
        "(el, names) => Object.fromEntries(names.map((n) => [n, getComputedStyle(el)[n]]))",
        list(properties),
    )


def test_each_section_has_its_own_look(live_server, graph, chromium):
    page = open_page(chromium, viewport=PHONE)
    page.goto(live_server.url + PAGES["graph-claim"])
    repeats = styles(page, ".repeats", "backgroundColor", "borderLeftWidth")
    relation = styles(page, ".claim-relations li", "borderLeftColor", "borderLeftWidth")
    moment = styles(page, ".statement-moment a", "borderTopStyle", "textDecorationLine")

    assert repeats == {"backgroundColor": "rgb(255, 246, 214)", "borderLeftWidth": "4px"}
    assert relation == {"borderLeftColor": "rgb(155, 28, 28)", "borderLeftWidth": "4px"}
    assert moment == {"borderTopStyle": "solid", "textDecorationLine": "none"}

    page.goto(live_server.url + PAGES["promise-list"])
    badges = page.locator(".promise-status").evaluate_all(
        "(els) => els.map((el) => [el.className, getComputedStyle(el).backgroundColor])"
    )
    assert len({colour for _class, colour in badges}) == 6, badges
