"""The public site as a reader meets it: claim, speaker, topic and list pages."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from statements.models import ClaimRedirect, Rating

from .factories import (
    ClaimFactory,
    CorrectionFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's visible words, tags stripped, whitespace folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Inline elements join their text to the words around them; blocks separate it.
    html = re.sub(r"</?(mark|strong|em|code|time|span|a)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class TestClaimPage:
    def test_shows_the_claim_verdict_and_both_sides_assertion_first(self, client, published_claim):
        response = client.get(published_claim.get_absolute_url())

        assert response.status_code == 200
        page = text_of(response)
        assert "Modi asked Trump to mediate on Kashmir" in page
        assert "False" in page and "India denied any such request." in page
        html = response.content.decode()
        asserted = html.index("He asked me to mediate.")
        denied = html.index("No such request has been made.")
        assert html.index("Who said it") < asserted < html.index("Who says otherwise") < denied

    def test_rating_badge_takes_the_scale_colour_from_the_generated_stylesheet(
        self, client, published_claim
    ):
        html = client.get(published_claim.get_absolute_url()).content.decode()
        assert 'class="rating rating-false"' in html
        assert 'href="/ratings.css"' in html

        Rating.objects.filter(slug="false").update(colour="#123456")
        css = client.get("/ratings.css")
        assert css["Content-Type"].startswith("text/css")
        assert ".rating-false { background-color: #123456; }" in css.content.decode()

    def test_analysis_is_markdown_and_evidence_corrections_timeline_are_listed(
        self, client, published_claim
    ):
        response = client.get(published_claim.get_absolute_url())
        html = response.content.decode()
        assert "<strong>record</strong>" in html
        page = text_of(response)
        assert "Evidence" in page and "Simla Agreement" in page
        assert "Corrections" in page and "We corrected the date of the briefing." in page
        assert "Timeline" in page
        assert "Kashmir" in page

    def test_statement_shows_speaker_role_body_date_and_source_links(self, client, db):
        ministry = SpeakerFactory(kind="organisation", name="Ministry of External Affairs")
        statement = StatementFactory(
            speaker_role="Official Spokesperson",
            speaking_for=ministry,
            context="at the weekly briefing",
            said_on=datetime.date(2019, 7, 23),
            source__archived_url="https://web.archive.org/web/2019/x",
        )
        claim = ClaimFactory(published=True)
        VerdictFactory(claim=claim)
        StanceFactory(claim=claim, statement=statement)

        response = client.get(claim.get_absolute_url())

        page = text_of(response)
        assert "Official Spokesperson" in page and "Ministry of External Affairs" in page
        assert "July 23, 2019" in page and "at the weekly briefing" in page
        html = response.content.decode()
        assert f'href="{statement.source.url}"' in html
        assert 'href="https://web.archive.org/web/2019/x"' in html

    def test_related_claims_share_a_topic(self, client, published_claim):
        other = ClaimFactory(published=True, text="Pakistan asked for mediation too")
        VerdictFactory(claim=other)
        other.topics.add(published_claim.topics.get())
        unrelated = ClaimFactory(published=True, text="Unrelated claim about the weather")
        VerdictFactory(claim=unrelated)

        page = text_of(client.get(published_claim.get_absolute_url()))

        assert "Related fact-checks" in page
        assert "Pakistan asked for mediation too" in page
        assert "Unrelated claim about the weather" not in page

    # SQLite (the zero-setup default) allows no LIMIT inside a UNION: the view reads the same
    # two bounded candidate lists another way there, and must find the same claims.
    @pytest.mark.parametrize("compound_limits", [True, False], ids=["union", "sqlite-form"])
    def test_related_claims_share_a_speaker_and_are_the_newest_public_five(
        self, client, published_claim, monkeypatch, compound_limits
    ):
        if compound_limits and not connection.features.supports_slicing_ordering_in_compound:
            pytest.skip("this database has no LIMIT inside a UNION")
        monkeypatch.setattr(
            connection.features, "supports_slicing_ordering_in_compound", compound_limits
        )
        speaker = published_claim.stances.first().statement.speaker
        texts = []
        for n in range(7):
            other = ClaimFactory(published=True, text=f"Speaker kin claim number {n}")
            VerdictFactory(claim=other)
            StanceFactory(claim=other, statement=StatementFactory(speaker=speaker))
            texts.append(other.text)
        draft = ClaimFactory(text="A draft by the same speaker")
        StanceFactory(claim=draft, statement=StatementFactory(speaker=speaker))

        page = text_of(client.get(published_claim.get_absolute_url()))

        related = page[page.index("Related fact-checks") :]
        assert [text in related for text in texts] == [False, False] + [True] * 5
        assert "A draft by the same speaker" not in page

    def test_retracted_claim_stays_up_with_its_notice_and_without_claimreview(self, client, db):
        claim = ClaimFactory(retracted=True, retraction_notice="We could not confirm the quote.")
        VerdictFactory(claim=claim)

        response = client.get(claim.get_absolute_url())

        assert response.status_code == 200
        assert "This fact-check has been retracted" in text_of(response)
        assert "We could not confirm the quote." in text_of(response)
        assert "application/ld+json" not in response.content.decode()

    def test_published_claim_embeds_one_claimreview(self, client, published_claim):
        html = client.get(published_claim.get_absolute_url()).content.decode()
        assert html.count('<script type="application/ld+json">') == 1
        assert '"@type": "ClaimReview"' in html
        assert '"alternateName": "False"' in html

    def test_old_slug_redirects_permanently(self, client, published_claim):
        ClaimRedirect.objects.create(old_slug="old-address", claim=published_claim)

        response = client.get("/claims/old-address/")

        assert response.status_code == 301
        assert response["Location"] == published_claim.get_absolute_url()

    def test_old_slug_of_a_draft_is_not_found(self, client, make_claim):
        draft = make_claim(status="draft")
        ClaimRedirect.objects.create(old_slug="old-draft", claim=draft)
        assert client.get("/claims/old-draft/").status_code == 404

    def test_head_meta_for_sharing_and_canonical(self, client, published_claim, settings):
        html = client.get(published_claim.get_absolute_url()).content.decode()
        url = f"{settings.SITE_URL}{published_claim.get_absolute_url()}"
        assert f'<link rel="canonical" href="{url}">' in html
        assert f'<meta property="og:url" content="{url}">' in html
        assert '<meta property="og:title" content="False: Modi asked Trump' in html
        # A published claim has a large share card (tests/test_share_images.py).
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        assert '<html lang="en" dir="ltr">' in html


class TestConditionalGet:
    def test_etag_and_last_modified_answer_304(self, client, published_claim):
        first = client.get(published_claim.get_absolute_url())
        assert first.status_code == 200
        etag, last_modified = first["ETag"], first["Last-Modified"]

        again = client.get(published_claim.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
        since = client.get(published_claim.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=last_modified)
        assert since.status_code == 304

    def test_a_new_correction_changes_the_etag(self, client, published_claim):
        etag = client.get(published_claim.get_absolute_url())["ETag"]
        CorrectionFactory(
            verdict=published_claim.verdict,
            text="A second correction.",
            published_at=timezone.now(),
        )

        response = client.get(published_claim.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

        assert response.status_code == 200
        assert "A second correction." in text_of(response)


class TestDraftPreview:
    @pytest.mark.parametrize("status", ["draft", "in_review"])
    def test_anonymous_readers_get_404(self, client, make_claim, status):
        assert client.get(make_claim(status=status).get_absolute_url()).status_code == 404

    def test_staff_with_permission_see_a_banner_and_no_caching(
        self, client, make_claim, staff_editor
    ):
        draft = make_claim(status="draft", text="A draft claim")
        client.force_login(staff_editor)

        response = client.get(draft.get_absolute_url())

        assert response.status_code == 200
        assert "Draft — not published" in text_of(response)
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response
        assert "application/ld+json" not in response.content.decode()
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()

    def test_staff_without_the_permission_get_404(self, client, make_claim):
        from .factories import UserFactory

        client.force_login(UserFactory(is_staff=True))
        assert client.get(make_claim(status="draft").get_absolute_url()).status_code == 404


class TestSpeakerPages:
    def test_speaker_page_shows_statements_and_the_record_in_numbers(self, client, published_claim):
        response = client.get("/speakers/donald-trump/")

        assert response.status_code == 200
        page = text_of(response)
        assert "He asked me to mediate." in page
        assert "Rating record" in page
        html = response.content.decode()
        assert '<svg class="record-chart" role="img"' in html
        # The table gives each rating's count: one False claim, 100%.
        assert re.search(r"<th scope=\"row\">False</th><td>1</td><td>100%</td>", html)
        assert re.search(r"<th scope=\"row\">True</th><td>0</td><td>0%</td>", html)

    def test_speaker_list_names_public_speakers(self, client, published_claim):
        page = text_of(client.get("/speakers/"))
        assert "Donald Trump" in page and "Raveesh Kumar" in page


class TestListsAndTopics:
    def test_topic_page_lists_its_claims(self, client, published_claim):
        response = client.get("/topics/kashmir/")
        assert response.status_code == 200
        assert "Modi asked Trump to mediate on Kashmir" in text_of(response)

    def test_home_shows_latest_verdicts_topics_and_corrections(self, client, published_claim):
        page = text_of(client.get("/"))
        assert "Modi asked Trump to mediate on Kashmir" in page
        assert "Kashmir" in page
        assert "We corrected the date of the briefing." in page

    def test_corrections_page(self, client, published_claim):
        page = text_of(client.get("/corrections/"))
        assert "We corrected the date of the briefing." in page


def claim_with(*, rating="false", topic=None, speaker=None, published_at=None, text):
    claim = ClaimFactory(published=True, text=text)
    if published_at:
        claim.published_at = published_at
        claim.save()
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug=rating))
    if topic:
        claim.topics.add(topic)
    StanceFactory(claim=claim, statement__speaker=speaker or SpeakerFactory())
    return claim


class TestClaimListFilters:
    @pytest.fixture
    def claims(self, db):
        kashmir = TopicFactory(slug="kashmir")
        trump = SpeakerFactory(slug="donald-trump")
        old = timezone.make_aware(datetime.datetime(2019, 7, 1))
        return {
            "false-kashmir": claim_with(text="Alpha claim", topic=kashmir, speaker=trump),
            "true-old": claim_with(text="Beta claim", rating="true", published_at=old),
            "half": claim_with(text="Gamma claim", rating="half-true"),
        }

    @pytest.mark.parametrize(
        ("query", "shown"),
        [
            ("", {"Alpha claim", "Beta claim", "Gamma claim"}),
            ("?rating=true", {"Beta claim"}),
            ("?topic=kashmir", {"Alpha claim"}),
            ("?speaker=donald-trump", {"Alpha claim"}),
            ("?published_before=2019-07-02", {"Beta claim"}),
            ("?published_after=2019-07-02", {"Alpha claim", "Gamma claim"}),
        ],
    )
    def test_filters(self, client, claims, query, shown):
        page = text_of(client.get(f"/claims/{query}"))
        assert {t for t in ("Alpha claim", "Beta claim", "Gamma claim") if t in page} == shown

    def test_sort_by_rating_truest_first(self, client, claims):
        html = client.get("/claims/?sort=-rating").content.decode()
        assert html.index("Beta claim") < html.index("Gamma claim") < html.index("Alpha claim")

    def test_sort_oldest_first(self, client, claims):
        html = client.get("/claims/?sort=oldest").content.decode()
        assert html.index("Beta claim") < html.index("Alpha claim")

    def test_pages_of_twenty(self, client, db):
        for n in range(25):
            claim_with(text=f"Numbered claim {n:02d}")
        first, second = client.get("/claims/"), client.get("/claims/?page=2")
        assert text_of(first).count("Numbered claim") == 20
        assert text_of(second).count("Numbered claim") == 5
        assert 'rel="next" href="?page=2"' in first.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?rating=not-a-rating",
        "?topic=nope",
        "?speaker=%3Cscript%3E",
        "?sort=sideways",
        "?page=abc",
        "?page=999999",
        "?page=-1",
        "?page=1e9",
        "?published_after=99999-01-01",
        "?published_after=2019-13-45",
        "?published_before=0000-00-00",
        "?published_after=" + "9" * 500,
        "?published_after=2019-01-01%00",
    ],
)
def test_bad_filter_values_give_4xx_or_an_empty_list_never_500(client, published_claim, query):
    response = client.get(f"/claims/{query}")
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        assert "Modi asked Trump" not in text_of(response)
        assert "not understood" in text_of(response)


@pytest.mark.parametrize(
    "query",
    [
        "?published_after=0001-01-01&published_before=9999-12-31",
        "?unknown=1",
        "?topic[]=x",
        "?q=%00",
    ],
)
def test_extreme_but_valid_or_unknown_parameters_still_list(client, published_claim, query):
    response = client.get(f"/claims/{query}")
    assert response.status_code == 200
    assert "Modi asked Trump" in text_of(response)


@pytest.mark.parametrize("path", ["/speakers/donald-trump/", "/topics/kashmir/", "/corrections/"])
@pytest.mark.parametrize("page", ["abc", "999999", "0", "-3"])
def test_bad_page_numbers_on_other_lists_are_404(client, published_claim, path, page):
    assert client.get(f"{path}?page={page}").status_code == 404


def test_security_headers(client, published_claim):
    response = client.get(published_claim.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    "path",
    ["/", "/claims/", "/speakers/", "/topics/", "/corrections/", "/methodology/", "/about/"],
)
def test_no_inline_script_or_style_anywhere(client, published_claim, path):
    html = client.get(path).content.decode()
    assert "<style" not in html and " style=" not in html
    for script in re.findall(r"<script\b[^>]*>", html):
        assert 'type="application/ld+json"' in script


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert '<html lang="en" dir="ltr">' in html and "Server error" in html


def test_an_organisations_fact_checks_include_its_spokespeoples(client, published_claim):
    """The speaker page's "All fact-checks involving…" link, for a body spoken for."""
    from .factories import OrganisationFactory

    ministry = OrganisationFactory(name="Ministry of External Affairs", slug="mea")
    denial = published_claim.stances.get(stance="denies").statement
    denial.speaking_for = ministry
    denial.save()

    listed = text_of(client.get("/claims/", {"speaker": "mea"}))
    assert published_claim.text in listed
    assert published_claim.text not in text_of(client.get("/claims/", {"speaker": "nobody"}))
