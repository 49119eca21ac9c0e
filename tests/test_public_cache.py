"""The public cache is never stale (issue 8): with the cache on, the next request after a
publish, a correction, a retraction or any edit of public data shows it, on every surface.

"Shows it" is checked twice: the cached answer equals what the site renders with an empty cache,
and it differs from what the surface said before the change (so the surface really shows it).
"""

import datetime
import json
import re
import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from pages.models import Page
from publiccache.models import Generation
from publiccache.triggers import installed_trigger_tables, watched_tables
from statements import services
from statements.models import Claim, Rating, Stance

from .conftest import admin_form_data, postgres_only
from .factories import (
    ClaimFactory,
    CorrectionFactory,
    SourceFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(db, fact_checker):
    """A published claim on a topic, asserted by a speaker, with a rated verdict, evidence and a
    correction; its verdict written by the fact-checker."""
    topic = TopicFactory(name="Kashmir", slug="kashmir")
    speaker = SpeakerFactory(name="Donald Trump", slug="donald-trump")
    claim = ClaimFactory(published=True, slug="mediation", text="Modi asked Trump to mediate")
    claim.topics.add(topic)
    verdict = VerdictFactory(claim=claim, conclusion="India denied any such request.")
    verdict.authors.add(fact_checker)
    verdict.evidence.add(SourceFactory(title="The ministry's briefing"))
    CorrectionFactory(verdict=verdict, text="We corrected the date of the briefing.")
    StanceFactory(
        claim=claim, statement=StatementFactory(speaker=speaker, text="He asked me to mediate.")
    )
    return claim


def claim_page(claim):
    return claim.get_absolute_url()


def json_ld(body: str) -> str:
    """The page's ClaimReview block (empty when the page has none)."""
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return json.dumps(json.loads(found.group(1)), sort_keys=True) if found else ""


def feed(body: str) -> str:
    """The feed, less the time an empty feed is generated at (Django stamps it with "now")."""
    if "<entry>" in body:
        return body
    return re.sub(r"<updated>[^<]*</updated>", "", body, count=1)


# name: (address of the surface for the story's claim, what of the answer the surface shows)
SURFACES = {
    "claim page": (claim_page, None),
    "home": (lambda claim: "/", None),
    "claim list": (lambda claim: "/claims/", None),
    "speaker page": (lambda claim: "/speakers/donald-trump/", None),
    "topic page": (lambda claim: "/topics/kashmir/", None),
    "site feed": (lambda claim: "/feeds/claims/", feed),
    "speaker feed": (lambda claim: "/feeds/speakers/donald-trump/", feed),
    "sitemap": (lambda claim: "/sitemap-claims.xml", None),
    "API claim detail": (lambda claim: f"/api/v1/claims/{claim.pk}/", None),
    "API claim list": (lambda claim: "/api/v1/claims/", None),
    "ClaimReview feed": (lambda claim: "/api/v1/claimreview/", None),
    "JSON-LD": (claim_page, json_ld),
}

# The sitemap lists addresses and the day each last changed: a same-day correction or retraction
# leaves it as it was (test_a_renamed_claim_moves_in_the_sitemap shows it is never stale).
SHOWS_NO_VERDICT = {"sitemap"}


def look(client, path, part=None) -> tuple[int, str]:
    response = client.get(path, secure=True)
    body = response.getvalue().decode()  # the ClaimReview feed is streamed: no .content
    return response.status_code, part(body) if part else body


def correct(claim, editor):
    """The desk changes the rating, with the correction that says why."""
    verdict = claim.verdict
    verdict.rating = Rating.objects.get(slug="true")
    verdict.conclusion = "The ministry later confirmed the request."
    services.verdict_save(
        verdict=verdict, user=editor, correction="A second source confirmed the request."
    )


def retract(claim, editor):
    services.claim_retract(claim=claim, user=editor, notice="The recording was misattributed.")


CHANGES = {"corrected": correct, "retracted": retract}


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("surface", list(SURFACES))
def test_a_change_shows_on_the_next_request(client, story, editor, surface, change):
    address, part = SURFACES[surface]
    path = address(story)
    before = look(client, path, part)
    assert look(client, path, part) == before  # now answered from the cache

    CHANGES[change](story, editor)
    after = look(client, path, part)

    if surface not in SHOWS_NO_VERDICT:
        assert after != before, f"{surface} does not show a {change} verdict at all"
    cache.clear()
    assert after == look(client, path, part), f"{surface} served a stale answer"


def test_a_renamed_claim_moves_in_the_sitemap(client, story, editor):
    assert "/claims/mediation/" in client.get("/sitemap-claims.xml").content.decode()
    story.slug = "mediation-request"
    services.claim_save(claim=story, user=editor)

    sitemap = client.get("/sitemap-claims.xml").content.decode()

    assert "/claims/mediation-request/" in sitemap
    assert "/claims/mediation/" not in sitemap


def test_the_second_answer_is_the_stored_one(client, story, django_assert_num_queries):
    client.get(claim_page(story))
    with django_assert_num_queries(1):  # the generation, nothing else
        assert client.get(claim_page(story)).status_code == 200


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_etag_from_before_the_change_gets_the_new_page(client, story, editor, change):
    first = client.get(claim_page(story))
    assert client.get(claim_page(story), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    CHANGES[change](story, editor)
    response = client.get(claim_page(story), HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    if change == "retracted":
        assert "The recording was misattributed." in response.content.decode()
    else:
        assert "A second source confirmed the request." in response.content.decode()


def test_an_if_modified_since_from_before_the_change_gets_the_new_page(client, story, editor):
    # HTTP dates count whole seconds: put the last change ten seconds back.
    Generation.objects.update(changed_at=timezone.now() - datetime.timedelta(seconds=10))
    first = client.get(claim_page(story))
    assert (
        client.get(claim_page(story), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )

    retract(story, editor)
    response = client.get(claim_page(story), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert response.status_code == 200


def test_publishing_a_claim_shows_on_every_list(client, story, claim_in_review, editor):
    lists = ["/", "/claims/", "/topics/kashmir/", "/feeds/claims/", "/sitemap-claims.xml"]
    lists += ["/api/v1/claims/", "/api/v1/claimreview/"]
    claim_in_review.topics.add(story.topics.get())
    # getvalue(): the ClaimReview feed is streamed, so it has no .content
    before = {path: client.get(path, secure=True).getvalue() for path in lists}

    services.claim_publish(claim=claim_in_review, user=editor)

    for path in lists:
        after = client.get(path, secure=True).getvalue().decode()
        assert claim_in_review.text in after or claim_in_review.slug in after, path
        assert after.encode() != before[path]


def _bump_field(obj, field, value):
    """An edit that no signal sees: straight UPDATE, as a data migration or a script would."""
    type(obj).objects.filter(pk=obj.pk).update(**{field: value})


# A public edit: (the row, the field, its new value, what the claim page then says).
EDITS = {
    "claim": lambda s: (s, "text", "Modi asked Trump to arbitrate", "to arbitrate"),
    "verdict": lambda s: (s.verdict, "conclusion", "New conclusion.", "New conclusion."),
    "statement": lambda s: (
        s.stances.get().statement,
        "text",
        "He asked me, he really did.",
        "he really did.",
    ),
    "stance": lambda s: (
        s.stances.get(),
        "stance",
        Stance.Kind.DENIES,
        "No statement on record makes this claim.",
    ),
    "speaker": lambda s: (s.stances.get().statement.speaker, "name", "D. J. Trump", "D. J. Trump"),
    "source": lambda s: (s.verdict.evidence.get(), "title", "The full briefing", "full briefing"),
    "topic": lambda s: (s.topics.get(), "name", "Jammu and Kashmir", "Jammu and Kashmir"),
    "rating": lambda s: (s.verdict.rating, "label", "Wholly false", "Wholly false"),
    "correction": lambda s: (
        s.verdict.corrections.get(),
        "text",
        "We fixed the briefing's date.",
        "We fixed the briefing&#x27;s date.",
    ),
    "verdict author": lambda s: (s.verdict.authors.get(), "first_name", "Fatima", "Fatima Checker"),
}


@pytest.mark.parametrize("model", list(EDITS))
def test_an_edit_to_anything_a_claim_shows_reaches_its_page(client, story, model):
    """Straight UPDATEs, which no signal sees, as a data migration or a script would write."""
    row, field, value, shown = EDITS[model](story)
    before = client.get(claim_page(story)).content.decode()

    type(row).objects.filter(pk=row.pk).update(**{field: value})
    after = client.get(claim_page(story)).content.decode()

    assert shown not in before
    assert shown in after


def test_evidence_added_reaches_the_claim_page(client, story):
    client.get(claim_page(story))
    story.verdict.evidence.add(SourceFactory(title="A newly found transcript"))
    assert "A newly found transcript" in client.get(claim_page(story)).content.decode()


def test_a_transparency_page_edit_reaches_it_and_every_footer(client, story):
    page = Page.objects.create(title="Our money", slug="our-money", body="Our funders.")
    client.get("/about/our-money/")
    client.get("/")

    Page.objects.filter(pk=page.pk).update(title="Who funds us", body="Readers fund us.")

    assert "Readers fund us." in client.get("/about/our-money/").content.decode()
    assert "Who funds us" in client.get("/").content.decode()


def test_reader_submissions_and_private_rows_do_not_empty_the_cache(client, story):
    from pages.models import ClaimSubmission

    client.get("/")
    number = Generation.objects.get().number
    ClaimSubmission.objects.create(claim_text="Is it true that the moon is cheese?")
    UserFactory(username="someone-new").save(update_fields=["last_login"])
    assert Generation.objects.get().number == number


def test_every_public_table_has_its_trigger(db):
    tables = set(watched_tables())
    assert {"statements_claim", "statements_evidence", "pages_page"} <= tables
    assert not {"statements_claimchange", "pages_claimsubmission"} & tables
    assert not any(table.startswith("statements_historical") for table in tables)
    assert tables | {"accounts_user"} <= installed_trigger_tables(connection)


class TestStaffPreview:
    def test_staff_are_neither_served_from_nor_stored_in_the_cache(
        self, client, story, staff_editor
    ):
        anonymous = client.get(claim_page(story))
        client.force_login(staff_editor)
        draft = ClaimFactory(slug="draft-claim", text="A draft nobody may see")
        VerdictFactory(claim=draft)

        preview = client.get(draft.get_absolute_url())
        seen_by_staff = client.get(claim_page(story))
        client.logout()

        assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
        assert "private" in seen_by_staff["Cache-Control"]
        assert "ETag" not in seen_by_staff
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(claim_page(story)).content == anonymous.content


class TestHeaders:
    def test_pages_name_what_they_show(self, client, story, settings):
        settings.CDN_S_MAXAGE, settings.CDN_STALE_WHILE_REVALIDATE = 120, 40
        speaker = story.stances.get().statement.speaker
        topic = story.topics.get()

        response = client.get(claim_page(story))

        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=120, stale-while-revalidate=40"
        )
        assert set(response["Surrogate-Key"].split()) == {
            "public",
            "claim-detail",
            f"claim-{story.pk}",
            f"speaker-{speaker.pk}",
            f"topic-{topic.pk}",
        }
        assert set(client.get("/speakers/donald-trump/")["Surrogate-Key"].split()) == {
            "public",
            "speaker-detail",
            f"speaker-{speaker.pk}",
        }
        assert set(client.get("/")["Surrogate-Key"].split()) == {"public", "home"}
        assert "feed-claims" in client.get("/feeds/claims/")["Surrogate-Key"]

    def test_the_api_too(self, api_client, story):
        response = api_client.get(f"/api/v1/claims/{story.pk}/")

        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
        )
        assert set(response["Surrogate-Key"].split()) == {"public", "api"}
        assert api_client.get("/api/v1/changes/")["Cache-Control"] == (
            "public, max-age=0, must-revalidate"
        )

    def test_a_304_from_the_api_costs_one_query(self, api_client, story, django_assert_num_queries):
        etag = api_client.get(f"/api/v1/claims/{story.pk}/")["ETag"]
        with django_assert_num_queries(1):
            response = api_client.get(f"/api/v1/claims/{story.pk}/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_other_connections_see_the_new_generation_only_with_the_data():
    """The bump is part of the writer's transaction: a reader on another connection never sees
    the new number before the data it stands for (else it would cache old data under it)."""
    from django.db import transaction

    claim = ClaimFactory(published=True, text="Before")
    number = Generation.objects.get().number
    seen = {}
    written, read = threading.Event(), threading.Event()

    def reader():
        try:
            written.wait(10)
            seen["during"] = Generation.objects.get().number, Claim.objects.get(pk=claim.pk).text
        finally:
            connections.close_all()
            read.set()

    thread = threading.Thread(target=reader)
    thread.start()
    with transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(text="After")
        written.set()
        read.wait(10)
    thread.join()

    assert seen["during"] == (number, "Before")
    assert (Generation.objects.get().number, Claim.objects.get().text) == (number + 1, "After")


class TestEveryWriterGoesThroughTheTriggers:
    """The desk's forms, a history restore and a management command move the cache too."""

    def test_a_desk_edit(self, client, story, editor, make_desk_client):
        client.get(claim_page(story))
        desk = make_desk_client(editor)
        url = reverse("admin:statements_claim_change", args=[story.pk])
        form = admin_form_data(desk.get(url))

        response = desk.post(url, {**form, "text": "Modi asked Trump to arbitrate"})

        assert response.status_code == 302
        assert "to arbitrate" in client.get(claim_page(story)).content.decode()

    def test_a_history_restore(self, client, story, editor, make_desk_client):
        old = story.history.first()
        story.text = "Modi asked Trump to arbitrate"
        story.save()
        assert "to arbitrate" in client.get(claim_page(story)).content.decode()
        desk = make_desk_client(editor)
        url = reverse("admin:statements_claim_simple_history", args=[story.pk, old.pk])

        response = desk.post(url, admin_form_data(desk.get(url)))

        assert response.status_code == 302
        page = client.get(claim_page(story)).content.decode()
        assert "to arbitrate" not in page and "Modi asked Trump to mediate" in page

    def test_a_management_command(self, client, db):
        assert "Narendra Modi" not in client.get("/").content.decode()
        call_command("loaddata", "seed_story", verbosity=0)
        assert "Narendra Modi" in client.get("/").content.decode()
