"""Promises (issue 13, item 2): dated, sourced status changes on the site and in the API; the
tracker's filters; nothing unpublished is public; bounded queries. Invented people only."""

import datetime

import factory
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from promises import services
from promises.models import Promise, PromiseStatusChange

from .factories import (
    SourceFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promise

    text = factory.Sequence(lambda n: f"Build {n + 2} new schools")
    slug = factory.Sequence(lambda n: f"promise-{n}")
    statement = factory.SubFactory(StatementFactory, said_on=datetime.date(2023, 1, 15))

    class Params:
        published = factory.Trait(
            state="published", published_at=factory.LazyFunction(timezone.now)
        )


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromiseStatusChange

    promise = factory.SubFactory(PromiseFactory)
    status = "in_the_works"
    changed_on = datetime.date(2023, 6, 1)
    source = factory.SubFactory(SourceFactory)
    note = "Work began."


TIMELINE = [
    ("in_the_works", datetime.date(2023, 3, 1), "Tenders were issued for the first schools."),
    ("stalled", datetime.date(2023, 9, 1), "Funding was frozen in the budget."),
    ("compromise", datetime.date(2024, 2, 1), "Half of the schools were built."),
]


@pytest.fixture
def promise(db):
    """Nisha Rao (invented) promised schools; three dated, sourced steps since."""
    speaker = SpeakerFactory(name="Nisha Rao", slug="nisha-rao")
    # A published claim makes her speaker page public.
    from .factories import ClaimFactory, VerdictFactory

    claim = ClaimFactory(published=True)
    VerdictFactory(claim=claim)
    StanceFactory(claim=claim, statement=StatementFactory(speaker=speaker))
    promise = PromiseFactory(
        published=True,
        text="Build twenty new schools",
        slug="build-twenty-new-schools",
        statement=StatementFactory(
            speaker=speaker,
            text="We will build twenty schools.",
            said_on=datetime.date(2023, 1, 15),
        ),
    )
    promise.topics.add(TopicFactory(name="Education", slug="education"))
    for n, (status, on, note) in enumerate(TIMELINE):
        StatusChangeFactory(
            promise=promise,
            status=status,
            changed_on=on,
            note=note,
            source=SourceFactory(title=f"Report {n}", url=f"https://news.example.org/r{n}"),
        )
    return promise


def test_the_promise_page_shows_all_three_status_changes_dated_and_sourced(client, promise):
    page = client.get("/promises/build-twenty-new-schools/").content.decode()
    timeline = page.split('id="promise-timeline-title"')[1].split("</section>")[0]

    positions = []
    for n, (_status, on, note) in enumerate(TIMELINE):
        assert f'datetime="{on.isoformat()}"' in timeline
        assert note in timeline
        assert f'href="https://news.example.org/r{n}"' in timeline
        positions.append(timeline.index(note))
    assert positions == sorted(positions)  # oldest first
    assert "Status: <span" in page and "Compromise</span>" in page  # the latest step


def test_the_api_shows_all_three_status_changes(api_client, promise):
    response = api_client.get(f"/api/v1/promises/{promise.pk}/")

    assert response.status_code == 200
    document = response.json()
    assert document["status"] == "compromise"
    assert document["status_label"] == "Compromise"
    assert document["html_url"].endswith("/promises/build-twenty-new-schools/")
    assert document["statement"]["text"] == "We will build twenty schools."
    assert [
        (c["status"], c["changed_on"], c["note"], c["source"]["original_url"])
        for c in document["status_changes"]
    ] == [
        (status, on.isoformat(), note, f"https://news.example.org/r{n}")
        for n, (status, on, note) in enumerate(TIMELINE)
    ]


def test_the_speaker_page_shows_promises_by_status(client, promise):
    kept = PromiseFactory(
        published=True,
        text="Open a library",
        statement=StatementFactory(speaker=promise.statement.speaker),
    )
    StatusChangeFactory(promise=kept, status="kept")
    PromiseFactory(
        text="A draft promise", statement=StatementFactory(speaker=promise.statement.speaker)
    )

    page = client.get("/speakers/nisha-rao/").content.decode()
    section = page.split('id="promises-heading"')[1].split("</section>")[0]

    assert section.index("<h3>Compromise</h3>") < section.index("Build twenty new schools")
    assert section.index("<h3>Promise Kept</h3>") < section.index("Open a library")
    assert "A draft promise" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "compromise"}, ["Build twenty new schools"]),
        ({"status": "in_the_works"}, []),  # an earlier step is not the status
        ({"status": "not_yet_rated"}, ["Plant a million trees"]),
        ({"topic": "education"}, ["Build twenty new schools"]),
        ({"speaker": "nisha-rao"}, ["Build twenty new schools"]),
        ({"made_after": "2023-06-01"}, ["Plant a million trees"]),
        ({"made_before": "2023-06-01"}, ["Build twenty new schools"]),
    ],
)
def test_the_tracker_filters(client, api_client, promise, query, expected):
    PromiseFactory(
        published=True,
        text="Plant a million trees",
        statement=StatementFactory(said_on=datetime.date(2023, 8, 1)),
    )
    PromiseFactory(text="Unpublished promise")

    page = client.get("/promises/", query)
    api = api_client.get("/api/v1/promises/", query)

    assert page.status_code == 200
    assert [p.text for p in page.context["promises"]] == expected
    assert [p["text"] for p in api.json()["results"]] == expected


@pytest.mark.parametrize("query", [{"status": "fulfilled"}, {"made_after": "2023-13-45"}])
def test_a_bad_filter_is_a_400_naming_it(client, api_client, promise, query):
    page = client.get("/promises/", query)
    api = api_client.get("/api/v1/promises/", query)

    assert page.status_code == 400
    assert page.context["promises"] == [] or not list(page.context["promises"])
    assert api.status_code == 400
    assert list(api.json()) == list(query) or next(iter(query)) in str(api.json())


def test_an_unpublished_promise_is_nowhere(client, api_client):
    draft = PromiseFactory(text="A secret plan", slug="a-secret-plan")
    StatusChangeFactory(promise=draft)

    assert client.get("/promises/a-secret-plan/").status_code == 404
    assert "A secret plan" not in client.get("/promises/").content.decode()
    assert api_client.get(f"/api/v1/promises/{draft.pk}/").status_code == 404
    assert api_client.get("/api/v1/promises/").json()["results"] == []


# --- The desk's rules -----------------------------------------------------------------------


def step(promise, user, **kwargs):
    fields = {
        "status": "kept",
        "changed_on": datetime.date(2024, 6, 1),
        "source": SourceFactory(),
        "note": "All twenty opened.",
    } | kwargs
    return services.promise_status_change_add(promise=promise, user=user, **fields)


def test_only_an_editor_changes_a_published_promise_status(promise, fact_checker, editor):
    with pytest.raises(PermissionDenied):
        step(promise, fact_checker)
    assert promise.status_changes.count() == 3

    change = step(promise, editor)

    assert promise.status_changes.count() == 4
    assert change.history.get().history_user == editor
    assert Promise.objects.with_status().get(pk=promise.pk).current_status == "kept"


def test_a_fact_checker_drafts_a_timeline_and_an_editor_publishes(fact_checker, editor):
    draft = services.promise_save(
        promise=Promise(
            text="Clean the river", slug="clean-the-river", statement=StatementFactory()
        ),
        user=fact_checker,
    )
    step(draft, fact_checker, status="in_the_works", changed_on=datetime.date(2023, 1, 1))

    with pytest.raises(PermissionDenied):
        services.promise_publish(promise=draft, user=fact_checker)
    assert not Promise.objects.public().exists()

    services.promise_publish(promise=draft, user=editor)
    assert Promise.objects.public().get() == draft


def test_a_status_cannot_change_before_the_promise_was_made(promise, editor):
    with pytest.raises(ValidationError, match="before the promise was made"):
        step(promise, editor, changed_on=datetime.date(2022, 1, 1))
    assert promise.status_changes.count() == 3


def test_a_promise_without_a_source_is_not_published(editor):
    draft = PromiseFactory(statement=StatementFactory(source=None))
    with pytest.raises(ValidationError):
        services.promise_publish(promise=draft, user=editor)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_desk_records_a_status_change_through_the_inline(make_desk_client, editor, promise):
    source = SourceFactory()
    response = make_desk_client(editor).post(
        f"/admin/promises/promise/{promise.pk}/change/",
        {
            "text": promise.text,
            "slug": promise.slug,
            "statement": promise.statement.pk,
            "topics": [t.pk for t in promise.topics.all()],
            "status_changes-TOTAL_FORMS": 4,
            "status_changes-INITIAL_FORMS": 3,
            **{f"status_changes-{n}-id": c.pk for n, c in enumerate(promise.status_changes.all())},
            **{f"status_changes-{n}-promise": promise.pk for n in range(4)},
            "status_changes-3-status": "kept",
            "status_changes-3-changed_on": "2024-06-01",
            "status_changes-3-source": source.pk,
            "status_changes-3-note": "All twenty opened.",
        },
    )

    assert response.status_code == 302
    assert promise.status_changes.last().source == source


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 25])
def test_tracker_queries_do_not_grow_with_the_page(
    client, api_client, django_assert_num_queries, promise, count
):
    for _ in range(count):
        p = PromiseFactory(published=True)
        p.topics.add(TopicFactory())
        StatusChangeFactory.create_batch(2, promise=p)

    # footer pages, count, page, topics; the filter form's topics and speakers
    with django_assert_num_queries(6):
        assert client.get("/promises/").status_code == 200
    # page, topics, status changes with their sources, Last-Modified
    with django_assert_num_queries(4):
        assert api_client.get("/api/v1/promises/", {"page_size": 100}).status_code == 200


@pytest.mark.parametrize("steps", [1, 12])
def test_promise_page_queries_do_not_grow_with_its_timeline(
    client, api_client, django_assert_num_queries, steps
):
    promise = PromiseFactory(published=True, slug="the-promise")
    promise.topics.add(TopicFactory())
    StatusChangeFactory.create_batch(steps, promise=promise)

    # footer pages, promise, topics, timeline, the statement's public claims
    with django_assert_num_queries(4):
        assert client.get("/promises/the-promise/").status_code == 200
    with django_assert_num_queries(4):
        assert api_client.get(f"/api/v1/promises/{promise.pk}/").status_code == 200


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(response):
    import xml.etree.ElementTree as ET

    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - the site's own output, in a test


def test_the_promise_feed_has_each_published_promise_with_its_status(client, promise, settings):
    PromiseFactory(text="A draft promise nobody may see yet")
    older = PromiseFactory(published=True, text="Plant a million trees")
    StatusChangeFactory(promise=older, status="kept", changed_on=datetime.date(2024, 5, 1))

    feed = xml(client.get("/feeds/promises/"))
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}

    assert set(entries) == {
        "Compromise: Build twenty new schools",
        "Promise Kept: Plant a million trees",
    }
    schools = entries["Compromise: Build twenty new schools"]
    assert (
        schools.findtext(f"{ATOM}id") == f"{settings.SITE_URL}/promises/build-twenty-new-schools/"
    )
    assert "Half of the schools were built." in schools.findtext(f"{ATOM}summary")
    for entry in entries.values():
        assert entry.findtext(f"{ATOM}updated") >= entry.findtext(f"{ATOM}published")
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == settings.SITE_NAME


def test_a_new_status_change_moves_its_promise_to_the_top_of_the_feed(client, promise, editor):
    other = PromiseFactory(published=True, text="Plant a million trees")
    feed = xml(client.get("/feeds/promises/"))
    first = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    before = {
        e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated") for e in feed.iter(f"{ATOM}entry")
    }

    services.promise_status_change_add(
        promise=promise,
        status="kept",
        changed_on=datetime.date(2024, 9, 1),
        source=SourceFactory(),
        note="All twenty schools opened.",
        user=editor,
    )

    after = xml(client.get("/feeds/promises/"))
    titles = [e.findtext(f"{ATOM}title") for e in after.iter(f"{ATOM}entry")]
    assert first[0] == f"Not Yet Rated: {other.text}"
    assert titles[0] == "Promise Kept: Build twenty new schools"
    updated = after.find(f"{ATOM}entry").findtext(f"{ATOM}updated")
    assert updated > before["Compromise: Build twenty new schools"]


def test_the_tracker_advertises_its_feed_and_the_header_links_to_it(client, promise):
    page = client.get("/claims/").content.decode()
    tracker = client.get("/promises/").content.decode()

    assert '<a href="/promises/">' in page
    assert 'type="application/atom+xml"' in tracker and 'href="/feeds/promises/"' in tracker


def test_published_promises_and_the_tracker_are_in_the_sitemap(client, promise, settings):
    PromiseFactory(slug="a-draft-promise")

    index = [loc.text for loc in xml(client.get("/sitemap.xml")).iter(f"{SITEMAP}loc")]
    section = xml(client.get("/sitemap-promises.xml"))
    listed = [loc.text for loc in section.iter(f"{SITEMAP}loc")]
    pages = [loc.text for loc in xml(client.get("/sitemap-pages.xml")).iter(f"{SITEMAP}loc")]

    assert f"{settings.SITE_URL}/sitemap-promises.xml" in index
    # Once per language (docs/site.md, "Languages"); the draft in none.
    assert listed == [
        f"{settings.SITE_URL}{prefix}/promises/build-twenty-new-schools/"
        for prefix in ("", "/hi", "/ur")
    ]
    assert f"{settings.SITE_URL}/promises/" in pages
    lastmod = section.find(f"{SITEMAP}url").findtext(f"{SITEMAP}lastmod")
    latest = max([promise.updated_at, *(c.updated_at for c in promise.status_changes.all())])
    assert lastmod == timezone.localdate(latest).isoformat()


@pytest.mark.parametrize("count", [2, 25])
def test_promise_feed_queries_do_not_grow_with_the_feed(client, django_assert_num_queries, count):
    for _ in range(count):
        StatusChangeFactory.create_batch(2, promise=PromiseFactory(published=True))

    # the promises with their status and speaker; their timelines' latest steps
    with django_assert_num_queries(2):
        assert client.get("/feeds/promises/").status_code == 200
