"""The reader's side (issue 11): the verdict on its scale, both sides at any length, cards that
name who made the claim, "Retracted" in place of a withdrawn rating, the home page's sections,
the wordmark and the icons. The same pages in a real browser: tests/test_browser_reader.py."""

import datetime
import re

import pytest
from django.templatetags.static import static

from statements.models import Rating
from statements.sides import FOLD_AFTER, claim_sides

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
    """The page as a reader reads it: tags out, whitespace folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return words(re.sub(r"<[^>]+>", " ", html))


def words(text: str) -> str:
    """Whitespace folded, and none left before punctuation that followed a tag."""
    return re.sub(r" ([,.:;])", r"\1", " ".join(text.split()))


def repeated_claim(*, asserting: int, denying: int, asserters: int | None = None):
    """A published claim said `asserting` times by `asserters` speakers (round robin, one day
    apart from 1 July 2019) and denied `denying` times by as many speakers."""
    claim = ClaimFactory(published=True, slug="repeated", text="The repeated claim")
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug="mostly-false"))
    asserters = asserters or asserting
    people = [SpeakerFactory(name=f"Asserter {n:02d}") for n in range(asserters)]
    start = datetime.date(2019, 7, 1)
    for n in range(asserting):
        StanceFactory(
            claim=claim,
            statement=StatementFactory(
                speaker=people[n % asserters],
                text=f"Assertion {n:02d}",
                said_on=start + datetime.timedelta(days=n),
            ),
        )
    for n in range(denying):
        StanceFactory(
            claim=claim,
            stance="denies",
            statement=StatementFactory(
                speaker=SpeakerFactory(name=f"Denier {n:02d}"),
                text=f"Denial {n:02d}",
                said_on=start + datetime.timedelta(days=n, weeks=1),
            ),
        )
    return claim


class TestTheVerdictAtAGlance:
    def test_claim_then_who_and_when_then_the_whole_scale_then_the_conclusion(
        self, client, published_claim
    ):
        text = text_of(client.get(published_claim.get_absolute_url()))
        claim = text.index(published_claim.text)
        claimed_by = text.index("Claimed by Donald Trump, July 22, 2019")
        verdict = text.index("Our verdict")
        conclusion = text.index("India denied any such request.")
        assert claim < claimed_by < verdict < conclusion

    def test_every_step_of_the_scale_is_drawn_and_only_the_verdict_is_marked(
        self, client, published_claim
    ):
        html = client.get(published_claim.get_absolute_url()).content.decode()
        steps = re.findall(r'<li class="scale-step([^"]*)"([^>]*)>(.*?)</li>', html, flags=re.S)
        labels = [re.sub(r"<[^>]+>|\(our verdict\)", "", label).strip() for *_, label in steps]
        # The steps of the claim's own rating model (truth), not every model's.
        truth = Rating.objects.filter(scale__slug="truth").order_by("ordinal")
        assert labels == list(truth.values_list("label", flat=True))
        chosen = [label for classes, attrs, label in steps if 'aria-current="true"' in attrs]
        assert len(chosen) == 1
        assert published_claim.verdict.rating.label in chosen[0]
        assert "(our verdict)" in chosen[0]  # read out, not only coloured

    def test_a_new_step_on_the_scale_appears_on_the_claim_page(self, client, published_claim):
        Rating.objects.create(
            label="Pants on fire",
            slug="pants-on-fire",
            ordinal=99,
            description="…",
            colour="#000000",
        )
        assert "Pants on fire" in text_of(client.get(published_claim.get_absolute_url()))

    @pytest.mark.parametrize("change", ["rename", "add", "remove"])
    def test_a_change_to_the_scale_changes_the_claim_pages_etag(
        self, client, published_claim, change
    ):
        etag = client.get(published_claim.get_absolute_url())["ETag"]
        if change == "rename":
            rating = Rating.objects.get(slug="half-true")
            rating.label = "Half-true"
            rating.save()
        elif change == "add":
            Rating.objects.create(
                label="Pants on fire", slug="fire", ordinal=99, description="…", colour="#000000"
            )
        else:
            Rating.objects.filter(slug="mostly-true").delete()
        response = client.get(published_claim.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response["ETag"] != etag

    def test_claimants_collapse_past_three(self, client):
        claim = repeated_claim(asserting=5, denying=0)
        text = text_of(client.get(claim.get_absolute_url()))
        assert (
            "Claimed by Asserter 00, Asserter 01, Asserter 02 and 2 others, first on July 1, 2019"
            in text
        )
        html = client.get(claim.get_absolute_url()).content.decode()
        folded = html[html.index('class="claimants-more"') : html.index("</details>")]
        assert "Asserter 03" in folded and "Asserter 04" in folded
        assert "Asserter 02" not in folded

    def test_two_claimants_read_as_a_sentence(self, client):
        claim = repeated_claim(asserting=2, denying=0)
        text = text_of(client.get(claim.get_absolute_url()))
        assert "Claimed by Asserter 00 and Asserter 01, July 1, 2019" in text


class TestRetracted:
    @pytest.fixture
    def retracted(self, db):
        claim = ClaimFactory(retracted=True, slug="withdrawn", text="The withdrawn claim")
        claim.topics.add(TopicFactory(slug="topic"))
        VerdictFactory(claim=claim, rating=Rating.objects.get(slug="half-true"))
        speaker = SpeakerFactory(name="Retracted Speaker", slug="retracted-speaker")
        StanceFactory(claim=claim, statement=StatementFactory(speaker=speaker, text="Withdrawn"))
        return claim

    @pytest.mark.parametrize(
        "path",
        [
            "/claims/",
            "/topics/topic/",
            "/search/?q=withdrawn",
            "/speakers/retracted-speaker/",
            "/claims/withdrawn/",
        ],
    )
    def test_shows_retracted_not_its_rating_wherever_it_appears(self, client, retracted, path):
        response = client.get(path)
        assert response.status_code == 200
        text = text_of(response)
        assert "The withdrawn claim" in text
        assert re.search(r"The withdrawn claim .{0,80}Retracted", text)
        assert "rating-half-true" not in response.content.decode()

    def test_its_page_shows_the_notice_in_place_of_the_verdict(self, client, retracted):
        text = text_of(client.get(retracted.get_absolute_url()))
        assert "Retracted This fact-check has been retracted" in text
        assert "We retracted this fact-check." in text
        assert "Our verdict" not in text
        html = client.get(retracted.get_absolute_url()).content.decode()
        assert '<meta name="description" content="Retracted: We retracted this' in html
        assert 'content="Retracted: The withdrawn claim"' in html  # og:title


class TestBothSides:
    def test_summary_counts_and_names_each_side_and_links_to_their_statements(self, client):
        claim = repeated_claim(asserting=12, denying=5, asserters=9)
        html = client.get(claim.get_absolute_url()).content.decode()
        summary = html[html.index('class="sides-summary"') :]
        summary = summary[: summary.index("</nav>")]
        text = words(re.sub(r"<[^>]+>", " ", summary))
        assert "Asserted by 9: Asserter 00, Asserter 01" in text
        assert "Denied by 5: Denier 00, Denier 01, Denier 02, Denier 03, Denier 04" in text
        for target in re.findall(r'href="#(statement-\d+)"', summary):
            assert f'id="{target}"' in html
        assert summary.count('href="#statement-') == 9 + 5

    def test_few_statements_are_all_shown_oldest_first(self, client):
        claim = repeated_claim(asserting=FOLD_AFTER, denying=1)
        html = client.get(claim.get_absolute_url()).content.decode()
        assert '<details class="side-more"' not in html
        said = [html.index(f"Assertion {n:02d}") for n in range(FOLD_AFTER)]
        assert said == sorted(said)

    def test_past_a_few_the_oldest_and_newest_stay_and_the_rest_fold_by_speaker(self, client):
        claim = repeated_claim(asserting=12, denying=5, asserters=9)
        html = client.get(claim.get_absolute_url()).content.decode()
        asserts = html[html.index('id="side-asserts"') : html.index('id="side-denies"')]
        shown, folded = asserts.split('<details class="side-more">')
        assert "Assertion 00" in shown and "Assertion 11" in shown
        assert "12 statements" in shown and "10 more statements, by speaker" in folded
        for n in range(1, 11):
            assert f"Assertion {n:02d}" in folded
        # Asserter 00 said it first (00) and again (09): the second folds under their name.
        group = folded[folded.index(">Asserter 00 <") :]
        assert group.index("Assertion 09") < group.index("</section>")

    def test_side_colours_are_not_rating_colours(self):
        css = (static_root() / "site.css").read_text()
        sides = re.findall(r"--side-(?:asserts|denies):\s*(#[0-9a-fA-F]{6})", css)
        ratings = {colour.lower() for colour in Rating.objects.values_list("colour", flat=True)}
        assert len(sides) == 4  # light and dark
        assert not ratings & {colour.lower() for colour in sides}

    def test_grouping_keeps_each_speakers_statements_oldest_first(self):
        claim = repeated_claim(asserting=7, denying=0, asserters=2)
        asserting, denying, claimants = claim_sides(list(claim.stances.all()))
        assert [s.statement.text for s in asserting.shown] == ["Assertion 00", "Assertion 06"]
        folded = {
            g.speaker.name: [s.statement.text for s in g.stances] for g in asserting.folded_groups
        }
        assert folded == {
            "Asserter 00": ["Assertion 02", "Assertion 04"],
            "Asserter 01": ["Assertion 01", "Assertion 03", "Assertion 05"],
        }
        assert [s.name for s in claimants.speakers] == ["Asserter 00", "Asserter 01"]
        assert denying.count == 0 and not denying.is_folded


def static_root():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "statements/static/statements"


class TestHomeAndLists:
    def test_cards_name_the_speaker_the_date_and_the_rating_on_its_scale(
        self, client, published_claim
    ):
        html = client.get("/").content.decode()
        card = html[html.index('<article class="claim-summary card">') :]
        card = card[: card.index("</article>")]
        text = words(re.sub(r"<[^>]+>", " ", card))
        assert "Claimed by Donald Trump July 22, 2019" in text
        assert published_claim.verdict.rating.label in text
        truth = Rating.objects.filter(scale__slug="truth")
        assert len(re.findall(r'class="scale-step[ "]', card)) == truth.count()
        assert 'aria-hidden="true">DT</span>' in card  # no portrait: initials

    def test_a_card_counts_the_other_speakers_who_made_the_claim(self, client):
        repeated_claim(asserting=4, denying=1, asserters=3)
        assert "Asserter 00 and 2 others" in text_of(client.get("/claims/"))

    def test_home_has_search_latest_corrections_speakers_and_topics(self, client, published_claim):
        html = client.get("/").content.decode()
        sections = ["home-search-q", "latest-title", "corrections-title", "speakers-title"]
        sections = [html.index(f'id="{section}"') for section in [*sections, "topics-title"]]
        assert sections == sorted(sections)
        text = text_of(client.get("/"))
        assert "We corrected the date of the briefing." in text
        assert "Donald Trump 1 fact-check" in text
        assert "Kashmir" in text[text.index("Most-checked speakers") :]

    def test_most_checked_speakers_are_ordered_by_public_claims(self, client):
        busy, quiet = SpeakerFactory(name="Busy Speaker"), SpeakerFactory(name="Quiet Speaker")
        for _ in range(3):
            claim = ClaimFactory(published=True)
            StanceFactory(claim=claim, statement=StatementFactory(speaker=busy))
        StanceFactory(claim=ClaimFactory(published=True), statement=StatementFactory(speaker=quiet))
        # A draft does not count, and its speaker is not public.
        StanceFactory(claim=ClaimFactory(), statement=StatementFactory(speaker=quiet))
        StanceFactory(
            claim=ClaimFactory(), statement=StatementFactory(speaker=SpeakerFactory(name="Hidden"))
        )
        text = text_of(client.get("/"))
        text = text[text.index("Most-checked speakers") :]
        assert "Busy Speaker 3 fact-checks" in text
        assert "Quiet Speaker 1 fact-check" in text
        assert text.index("Busy Speaker") < text.index("Quiet Speaker")
        assert "Hidden" not in text

    def test_most_checked_counts_only_the_latest_fact_checks(self):
        from statements.selectors import most_checked_speakers

        old, new = SpeakerFactory(name="Old Speaker"), SpeakerFactory(name="New Speaker")
        for speaker, days_ago in ((old, 30), (old, 20), (new, 1)):
            claim = ClaimFactory(published=True)
            claim.published_at -= datetime.timedelta(days=days_ago)
            claim.save()
            StanceFactory(claim=claim, statement=StatementFactory(speaker=speaker))
        everything = [(s.name, s.checked_count) for s in most_checked_speakers()]
        assert everything == [("Old Speaker", 2), ("New Speaker", 1)]
        latest = [(s.name, s.checked_count) for s in most_checked_speakers(among=2)]
        assert latest == [("New Speaker", 1), ("Old Speaker", 1)]

    def test_retracted_claims_are_not_among_the_latest(self, client, published_claim):
        ClaimFactory(retracted=True, text="A withdrawn check")
        assert "A withdrawn check" not in text_of(client.get("/"))

    def test_lists_say_how_many_in_all(self, client):
        for n in range(23):
            VerdictFactory(claim=ClaimFactory(published=True, text=f"Listed claim {n}"))
        assert "Showing 1–20 of 23" in text_of(client.get("/claims/"))
        assert "Showing 21–23 of 23" in text_of(client.get("/claims/?page=2"))

    def test_corrections_list_counts(self, client, published_claim):
        CorrectionFactory(verdict=published_claim.verdict)
        assert "Showing 1–2 of 2" in text_of(client.get("/corrections/"))


class TestIdentity:
    def test_wordmark_is_the_site_name_as_text(self, client, settings, published_claim):
        settings.SITE_NAME = "Desk & Co"
        html = client.get("/").content.decode()
        assert '<span class="wordmark-name">Desk &amp; Co</span>' in html

    @pytest.mark.parametrize(
        "name",
        [
            "favicon.svg",
            "favicon-32.png",
            "favicon.ico",
            "apple-touch-icon.png",
            "icon-192.png",
            "icon-512.png",
            "icon-maskable-512.png",
        ],
    )
    def test_icons_are_linked_or_listed_and_exist(self, client, name):
        assert (static_root() / "icons" / name).stat().st_size > 0
        home = client.get("/").content.decode()
        manifest = client.get("/site.webmanifest").content.decode()
        assert static(f"statements/icons/{name}") in home + manifest or name == "favicon.ico"

    def test_manifest_names_the_site(self, client, settings):
        settings.SITE_NAME = 'The "Desk"'
        response = client.get("/site.webmanifest")
        assert response["Content-Type"] == "application/manifest+json"
        assert response.json()["name"] == 'The "Desk"'
        assert [icon["sizes"] for icon in response.json()["icons"]][:2] == ["192x192", "512x512"]

    def test_favicon_ico_redirects_to_the_static_icon(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 301
        assert response["Location"] == static("statements/icons/favicon.ico")

    def test_one_stylesheet_with_dark_and_print(self):
        css = (static_root() / "site.css").read_text()
        assert "@media (prefers-color-scheme: dark)" in css
        assert "@media print" in css
