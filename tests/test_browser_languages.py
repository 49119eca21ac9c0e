"""The claim page in Hindi and Urdu, in a real Chromium (issue 13, item 7's done-when).

A reader switches language with the switcher; the page is in that language (Urdu right to
left, its English quotes left to right), passes axe-core with zero violations, and shows no
English UI string: every Latin-letter text on it is the story's own content.
"""

import re

import pytest
from django.conf import settings

from pages.models import Page
from statements.models import Claim

from . import test_browser as browser
from .test_browser import ARTIFACTS, DESKTOP, assert_accessible, open_page

# The reader's-path tests' story, browser and marks (transactional, skipped without Chromium).
story = browser.story
chromium = browser.chromium
pytestmark = browser.pytestmark

# Every text node and accessible-name attribute a reader meets, except code (the embed
# snippet), and what is hidden from everyone (decorative initials).
VISIBLE_TEXTS = """() => {
  const skip = el => el.closest('script, style, textarea, code, pre, [aria-hidden="true"]');
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!skip(node.parentElement) && node.textContent.trim()) texts.push(node.textContent);
  }
  for (const el of document.body.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
    if (skip(el)) continue;
    for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  return texts;
}"""
# Names that stay as they are in every language: the languages' own names in the switcher,
# and the feed format.
UNTRANSLATED_NAMES = {"English", "Atom"}


def story_content(claim: Claim) -> str:
    """Every string the desk wrote for this story, and the transparency pages' titles in the
    footer (shown as written until the content side translates them)."""
    verdict = claim.verdict
    values = [settings.SITE_NAME, claim.text, verdict.conclusion, verdict.analysis]
    values += Page.objects.values_list("title", flat=True)
    objects = [*claim.topics.all(), *verdict.evidence.all(), *verdict.corrections.all()]
    for stance in claim.stances.select_related("statement__speaker", "statement__source"):
        statement = stance.statement
        objects += [statement, statement.speaker, statement.source]
        if statement.speaking_for:
            objects.append(statement.speaking_for)
    for obj in objects:
        values += [
            str(getattr(obj, field.attname))
            for field in obj._meta.concrete_fields
            if field.get_internal_type() in ("CharField", "TextField", "URLField", "SlugField")
        ]
    return " ".join(" ".join(values).split())


@pytest.fixture
def content(story):
    # Read before the browser starts: Playwright's event loop forbids queries in the test.
    return story_content(story)


def english_leftovers(texts: list[str], content: str) -> list[str]:
    leftovers = []
    for text in texts:
        text = " ".join(text.split())
        if not re.search(r"[A-Za-z]", text) or text in content:
            continue
        words = set(re.findall(r"[A-Za-z][\w.@'’-]*", text))
        # A UI string around content ("… Donald Trump …"): only the content's words may be Latin.
        if not all(word.strip(".") in content or word in UNTRANSLATED_NAMES for word in words):
            leftovers.append(text)
    return leftovers


@pytest.mark.parametrize(("language", "direction"), [("hi", "ltr"), ("ur", "rtl")])
def test_the_claim_page_in_hindi_and_urdu(
    live_server, story, content, chromium, language, direction
):
    path = story.get_absolute_url()
    page = open_page(chromium, viewport=DESKTOP)
    page.goto(live_server.url + path)
    switcher = page.get_by_role("navigation", name="Language")
    switcher.get_by_role("link", name=dict(settings.LANGUAGES)[language]).click()
    page.wait_for_url(f"**/{language}{path}")

    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction)
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    # The statements are English: they keep their language and direction inside the page.
    quote = page.locator("blockquote.quote").first
    assert (quote.get_attribute("lang"), quote.get_attribute("dir")) == ("en", "ltr")
    assert quote.evaluate("el => getComputedStyle(el).direction") == "ltr"
    # Side by side on a desktop, the side read first (asserts) is on the reading side.
    asserts = page.locator(".side-asserts").bounding_box()
    denies = page.locator(".side-denies").bounding_box()
    assert asserts["y"] == denies["y"]
    assert (asserts["x"] > denies["x"]) == (direction == "rtl")

    assert english_leftovers(page.evaluate(VISIBLE_TEXTS), content) == []
    assert_accessible(page)
    assert page.csp_errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"claim-{language}.png"), full_page=True)


def test_the_check_for_english_leftovers_catches_one(live_server, story, content, chromium):
    """The English page is full of UI strings the check must see (it is not vacuous)."""
    page = open_page(chromium)
    page.goto(live_server.url + story.get_absolute_url())
    leftovers = english_leftovers(page.evaluate(VISIBLE_TEXTS), content)
    assert "Our verdict" in leftovers and "Skip to content" in leftovers
