"""The site in English, Hindi and Urdu (docs/site.md "Languages").

English pages keep the addresses of the public contract; /hi/… and /ur/… serve the same pages
in Hindi and Urdu (right to left). The committed catalogues translate every msgid, and every
string the templates and the Python code mark for translation is in them.
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from promises.models import Promise
from statements.models import Claim, Rating, Speaker, Topic

from .factories import ClaimFactory, StanceFactory, VerdictFactory
from .test_site_queries import BUDGETS, GENERATION, build

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["hi", "ur"]
# What `make messages` skips (and the catalogues themselves); dot-directories (.venv, .git)
# are skipped by makemessages too.
NOT_EXTRACTED = [".*", "node_modules", "staticfiles", "bench", "tests", "build", "locale"]
NOT_EXTRACTED += ["media", "test-artifacts", "__pycache__", "*.pyc", "*.sqlite3", "*.mo", "*.po"]
# The same placeholders, so a translation neither loses a name nor asks for one the code does
# not pass (a KeyError, i.e. a 500, at render time).
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdrf]|%[sd]")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def msgids(po: polib.POFile) -> set[tuple[str, str, str]]:
    return {(entry.msgctxt or "", entry.msgid, entry.msgid_plural) for entry in po}


# --- The catalogues -------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_msgid_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 500, "the catalogue is nearly empty: run `make messages`"
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for entry in catalogue(language):
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, translated in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
                wrong.append((source, translated))
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_is_compiled_from_the_po(language):
    """A .po edited without `make messages` (or msgfmt) would leave readers the old words."""
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def pairs(entries):
        return {
            (entry.msgctxt or "", entry.msgid): (
                tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
                if entry.msgid_plural
                else entry.msgstr
            )
            for entry in entries
            if entry.msgid
        }

    assert pairs(mo) == pairs(po.translated_entries())


def test_the_catalogues_hold_every_string_the_code_marks(settings, tmp_path, monkeypatch):
    """makemessages, as `make messages` runs it, over a copy of the code (without locale/, so
    it writes nowhere near the committed catalogues): the msgids it finds in templates and
    Python are exactly the committed ones (none missing, none stale)."""
    source = tmp_path / "source"
    shutil.copytree(settings.BASE_DIR, source, ignore=shutil.ignore_patterns(*NOT_EXTRACTED))
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["hi"], no_obsolete=True, verbosity=0)
    extracted = msgids(polib.pofile(str(source / "locale" / "hi" / "LC_MESSAGES" / "django.po")))
    for language in TRANSLATED:
        committed = msgids(catalogue(language))
        assert sorted(extracted - committed) == [], f"not in {language}: run `make messages`"
        assert sorted(committed - extracted) == [], f"stale in {language}: run `make messages`"


# --- Addresses ------------------------------------------------------------------------------


def test_english_addresses_stay_as_the_public_contract_names_them(published_claim):
    assert reverse("statements:home") == "/"
    assert published_claim.get_absolute_url() == f"/claims/{published_claim.slug}/"
    with translation.override("hi"):
        assert published_claim.get_absolute_url() == f"/hi/claims/{published_claim.slug}/"
    with translation.override("ur"):
        assert reverse("statements:claim-list") == "/ur/claims/"


@pytest.mark.parametrize(
    ("prefix", "language", "direction"),
    [("", "en", "ltr"), ("/hi", "hi", "ltr"), ("/ur", "ur", "rtl")],
)
def test_each_language_serves_the_claim_page_in_it(
    client, published_claim, prefix, language, direction
):
    response = client.get(f"{prefix}{published_claim.get_absolute_url()}")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert f'<html lang="{language}" dir="{direction}">' in html
    with translation.override(language):
        heading = translation.gettext("Our verdict")
    assert f'<h2 id="verdict-title" class="verdict-title">{heading}</h2>' in html


@pytest.mark.parametrize(
    "path",
    ["/hi/api/v1/claims/", "/ur/api/schema/", "/hi/admin/", "/ur/healthz", "/hi/readyz"],
)
def test_the_api_the_desk_and_health_checks_are_not_prefixed(client, db, path):
    assert client.get(path).status_code == 404


def test_english_is_not_picked_from_the_browser_on_unprefixed_pages(client, published_claim):
    """/claims/x/ is the English page for everyone: a Hindi browser is offered the switcher,
    not redirected, so shared links and caches hold one page per address."""
    response = client.get(published_claim.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ur,hi;q=0.8")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("language", TRANSLATED)
def test_an_unpublished_claim_is_not_public_in_any_language(client, make_claim, language):
    draft = make_claim(status="draft")
    assert client.get(f"/{language}/claims/{draft.slug}/").status_code == 404
    listing = client.get(f"/{language}/claims/").content.decode()
    assert draft.text not in listing


def test_the_feeds_exist_per_language_and_english_keeps_its_address(client, published_claim):
    english = client.get("/feeds/claims/")
    hindi = client.get("/hi/feeds/claims/")
    assert (english.status_code, hindi.status_code) == (200, 200)
    with translation.override("hi"):
        title = translation.gettext("Latest fact-checks and corrections")
    assert f"<title>{title}</title>" in hindi.content.decode()
    assert f"/hi/claims/{published_claim.slug}/" in hindi.content.decode()
    assert f"/claims/{published_claim.slug}/" in english.content.decode()
    assert "/hi/" not in english.content.decode()


# --- Switcher and alternates ----------------------------------------------------------------


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates, self.switcher, self._in_switcher = {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag == "nav" and "language-switcher" in attrs.get("class", ""):
            self._in_switcher = True
        if tag == "a" and self._in_switcher:
            self.switcher.append(attrs)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def public_pages(claim):
    speaker = Speaker.objects.public().first()
    topic = Topic.objects.public().first()
    promise = Promise.objects.public().first()
    paths = [
        "/",
        "/claims/",
        claim.get_absolute_url(),
        "/speakers/",
        speaker.get_absolute_url(),
        "/topics/",
        topic.get_absolute_url(),
        "/corrections/",
        "/search/?q=Kashmir",
        "/methodology/",
        "/submit/",
        "/promises/",
    ]
    if promise is not None:
        paths.append(promise.get_absolute_url())
    return paths


@pytest.mark.parametrize("prefix", ["", "/hi", "/ur"])
def test_every_public_page_links_its_other_languages(client, published_claim, settings, prefix):
    for english_path in public_pages(published_claim):
        path, _, query = english_path.partition("?")
        response = client.get(f"{prefix}{path}", QUERY_STRING=query)
        assert response.status_code == 200, english_path
        links = LinkCollector()
        links.feed(response.content.decode())
        assert links.alternates == {
            "en": f"{settings.SITE_URL}{path}",
            "x-default": f"{settings.SITE_URL}{path}",
            "hi": f"{settings.SITE_URL}/hi{path}",
            "ur": f"{settings.SITE_URL}/ur{path}",
        }, english_path
        assert [
            (a["href"], a["lang"], a["hreflang"], a["dir"], "aria-current" in a)
            for a in links.switcher
        ] == [
            (path, "en", "en", "ltr", prefix == ""),
            (f"/hi{path}", "hi", "hi", "ltr", prefix == "/hi"),
            (f"/ur{path}", "ur", "ur", "rtl", prefix == "/ur"),
        ], english_path


def test_the_sitemap_lists_every_language_with_its_alternates(client, published_claim, settings):
    draft = ClaimFactory(slug="a-draft-claim")
    VerdictFactory(claim=draft)
    StanceFactory(claim=draft)
    xml = client.get("/sitemap-claims.xml").content.decode()
    base = f"{settings.SITE_URL}/claims/{published_claim.slug}/"
    for language, address in [
        ("en", base),
        ("hi", f"{settings.SITE_URL}/hi/claims/{published_claim.slug}/"),
        ("ur", f"{settings.SITE_URL}/ur/claims/{published_claim.slug}/"),
        ("x-default", base),
    ]:
        assert f'<xhtml:link rel="alternate" hreflang="{language}" href="{address}"/>' in xml
    assert xml.count("<loc>") == 3
    assert "a-draft-claim" not in xml
    # Crawlers find it from the unprefixed robots.txt.
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_sitemap_pages_split_the_languages_without_losing_or_repeating_one(
    client, make_claim, monkeypatch, settings, django_assert_num_queries
):
    """Pages hold `limit` addresses; each page costs a count and one slice of the claims."""
    from statements.sitemaps import ClaimSitemap

    monkeypatch.setattr(ClaimSitemap, "limit", 4)
    claims = [make_claim() for _ in range(3)]
    index = client.get("/sitemap.xml").content.decode()
    assert f"{settings.SITE_URL}/sitemap-claims.xml?p=3</loc>" in index
    assert "sitemap-claims.xml?p=4" not in index
    listed = []
    for page in (1, 2, 3):
        with django_assert_num_queries(GENERATION + 2):
            xml = client.get(f"/sitemap-claims.xml?p={page}").content.decode()
        listed += re.findall(r"<loc>(.*?)</loc>", xml)
    assert sorted(listed) == sorted(
        f"{settings.SITE_URL}{prefix}/claims/{claim.slug}/"
        for claim in claims
        for prefix in ("", "/hi", "/ur")
    )


# --- What readers see -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "label", "month"),
    [("hi", "अधिकतर सही", "जुलाई"), ("ur", "زیادہ تر درست", "جولائی")],
)
def test_rating_labels_and_dates_read_in_the_page_language(
    client, seed_story, language, label, month
):
    claim = Claim.objects.published().get(verdict__rating__slug="mostly-true")
    html = client.get(f"/{language}{claim.get_absolute_url()}").content.decode()
    assert f'<span class="rating rating-mostly-true">{label}</span>' in html
    assert re.search(rf'<time datetime="2019-07-\d\d">\d+ {month} 2019</time>', html)
    assert not re.search(r"<time[^>]*>[^<]*July", html)
    # The methodology page names the whole shipped scale in the page's language.
    methodology = client.get(f"/{language}/methodology/").content.decode()
    with translation.override(language):
        for rating in Rating.objects.all():
            assert f">{rating.translated_label}</span>" in methodology
            assert rating.translated_label != rating.label


def test_a_label_the_desk_wrote_is_shown_as_written(client, published_claim):
    rating = published_claim.verdict.rating
    rating.label = "Pinocchio"
    rating.save()
    html = client.get(f"/hi{published_claim.get_absolute_url()}").content.decode()
    assert ">Pinocchio</span>" in html


def test_the_public_cache_keeps_one_copy_per_language(client, published_claim):
    path = published_claim.get_absolute_url()
    english = client.get(path).content.decode()
    urdu = client.get(f"/ur{path}").content.decode()
    urdu_again = client.get(f"/ur{path}").content.decode()
    english_again = client.get(path).content.decode()
    assert '<html lang="ur" dir="rtl">' in urdu and urdu_again == urdu
    assert '<html lang="en" dir="ltr">' in english and english_again == english


# --- Query counts do not depend on the language ---------------------------------------------

HTML_PAGES = [
    path for path in BUDGETS if not path.endswith((".xml", ".css")) and "/feeds/" not in path
]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("path", HTML_PAGES)
def test_a_page_costs_the_same_queries_in_every_language(
    client, db, django_assert_num_queries, path, language
):
    build(statements=2, claims=3)
    with django_assert_num_queries(GENERATION + BUDGETS[path]):
        response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
