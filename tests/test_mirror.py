"""
A partner's mirror that replays /api/v1/changes/ ends up equal to the API's claims.

Random edits, publishes, retractions, unpublishes and deletes, through every kind of write
(model save, QuerySet.update, m2m changes, cascades, raw SQL), with the mirror syncing at
random points in between. Runs on PostgreSQL in CI (and on SQLite locally).
"""

import random

import pytest
from django.db import connection
from django.utils import timezone

from statements.changelog import TRACKED_TABLES, ClaimChange, installed_trigger_tables
from statements.models import (
    Claim,
    ClaimRedirect,
    ClaimTranslation,
    Correction,
    Rating,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)

from .factories import CorrectionFactory, SourceFactory, StanceFactory, TopicFactory

pytestmark = pytest.mark.django_db


class Mirror:
    def __init__(self, client):
        self.client, self.since, self.claims = client, "0", {}

    def sync(self, page_size: int):
        while True:
            response = self.client.get(
                "/api/v1/changes/", {"since": self.since, "page_size": page_size}
            )
            assert response.status_code == 200, response.content
            page = response.json()
            for change in page["results"]:
                if change["action"] == "upsert":
                    self.claims[change["claim_id"]] = change["claim"]
                else:
                    self.claims.pop(change["claim_id"], None)
            self.since = page["next_since"]
            if not page["has_more"]:
                return


def api_claims(client) -> dict:
    """Every claim the API lists, as its detail document."""
    documents, url = {}, "/api/v1/claims/?page_size=100"
    while url:
        page = client.get(url).json()
        for summary in page["results"]:
            documents[summary["id"]] = client.get(summary["url"]).json()
        url = page["next"]
    return documents


def pick(rng, queryset):
    rows = list(queryset.order_by("pk"))
    return rng.choice(rows) if rows else None


def publish(rng, now):
    claim = pick(rng, Claim.objects.filter(status__in=["draft", "in_review"]))
    if claim:
        claim.status, claim.published_at = Claim.Status.PUBLISHED, claim.published_at or now
        claim.save()


def retract(rng, now):
    claim = pick(rng, Claim.objects.filter(status="published"))
    if claim:
        claim.status, claim.retracted_at = Claim.Status.RETRACTED, now
        claim.retraction_notice = "Retracted."
        claim.save()


def unpublish(rng, now):
    # Back to draft through a bulk update: no save(), no signal.
    claim = pick(rng, Claim.objects.filter(status__in=["published", "retracted"]))
    if claim:
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DRAFT)


def delete(rng, now):
    claim = pick(rng, Claim.objects.all())
    if claim:
        Correction.objects.filter(verdict__claim=claim).delete()
        claim.delete()


def edit_claim(rng, now):
    claim = pick(rng, Claim.objects.all())
    if claim:
        claim.text = f"{claim.text[:400]} (edited {rng.random():.6f})"
        claim.save()


def edit_statement(rng, now):
    statement = pick(rng, Statement.objects.all())
    if statement:
        Statement.objects.filter(pk=statement.pk).update(text=f"Edited {rng.random():.6f}")


def rename_speaker(rng, now):
    speaker = pick(rng, Speaker.objects.all())
    if speaker:
        speaker.name = f"Renamed {rng.random():.6f}"
        speaker.save()


def retitle_source_by_raw_sql(rng, now):
    source = pick(rng, Source.objects.all())
    if source:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE statements_source SET title = %s WHERE id = %s",
                [f"Retitled {rng.random():.6f}", source.pk],
            )


def rerate(rng, now):
    verdict = pick(rng, Verdict.objects.all())
    if verdict:
        verdict.rating = rng.choice(list(Rating.objects.all()))
        verdict.conclusion = f"Re-rated {rng.random():.6f}"
        verdict.save()


def relabel_rating(rng, now):
    rating = rng.choice(list(Rating.objects.all()))
    rating.label = f"{rating.label.split(' #')[0]} #{rng.randrange(1000)}"
    rating.save()


def change_topics(rng, now):
    claim = pick(rng, Claim.objects.all())
    if claim:
        if claim.topics.exists() and rng.random() < 0.5:
            claim.topics.remove(claim.topics.first())
        else:
            claim.topics.add(pick(rng, Topic.objects.all()) or TopicFactory())


def rename_topic(rng, now):
    topic = pick(rng, Topic.objects.all())
    if topic:
        topic.name = f"Topic {rng.random():.6f}"
        topic.save()


def change_stances(rng, now):
    claim = pick(rng, Claim.objects.all())
    if claim is None:
        return
    stance = pick(rng, claim.stances.all())
    if stance and rng.random() < 0.4:
        stance.delete()
    elif stance and rng.random() < 0.5:
        Stance.objects.filter(pk=stance.pk).update(stance=rng.choice(["asserts", "denies"]))
    else:
        StanceFactory(claim=claim, stance=rng.choice(["asserts", "denies", "context"]))


def change_evidence(rng, now):
    verdict = pick(rng, Verdict.objects.all())
    if verdict:
        if verdict.evidence.exists() and rng.random() < 0.5:
            verdict.evidence.clear()
        else:
            verdict.evidence.add(SourceFactory())


def correct(rng, now):
    verdict = pick(rng, Verdict.objects.filter(claim__status="published"))
    if verdict:
        CorrectionFactory(verdict=verdict, text=f"Corrected {rng.random():.6f}")


def new_claim(rng, make_claim):
    make_claim(status=rng.choice(["draft", "published", "retracted"]), statements=rng.randint(1, 3))


EDITS = [
    publish,
    retract,
    unpublish,
    delete,
    edit_claim,
    edit_statement,
    rename_speaker,
    retitle_source_by_raw_sql,
    rerate,
    relabel_rating,
    change_topics,
    rename_topic,
    change_stances,
    change_evidence,
    correct,
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replaying_changes_gives_exactly_the_api_claims(api_client, make_claim, settings, seed):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    settings.API_THROTTLE_ANON_RATE = "100000/min"
    rng = random.Random(seed)  # noqa: S311 (a reproducible test run, not a secret)
    mirror = Mirror(api_client)
    for _ in range(6):
        new_claim(rng, make_claim)

    for step in range(150):
        if rng.random() < 0.15:
            new_claim(rng, make_claim)
        else:
            rng.choice(EDITS)(rng, timezone.now())
        if rng.random() < 0.2:
            mirror.sync(page_size=rng.choice([1, 3, 100]))
        if step % 50 == 49:
            mirror.sync(page_size=5)
            assert mirror.claims == api_claims(api_client)

    mirror.sync(page_size=4)
    assert mirror.claims == api_claims(api_client)
    assert mirror.claims, "the run should end with some published claims"


def test_a_fresh_mirror_gets_the_current_claims_and_no_draft(api_client, seed_story, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    mirror = Mirror(api_client)

    mirror.sync(page_size=1)

    assert mirror.claims == api_claims(api_client)
    assert set(mirror.claims) == set(Claim.objects.published().values_list("pk", flat=True))


def test_tombstones_say_why_a_claim_left(api_client, make_claim, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    retracted, unpublished, deleted = (make_claim() for _ in range(3))
    never_published = make_claim(status="draft")
    since = api_client.get("/api/v1/changes/").json()["next_since"]

    retracted.status, retracted.retracted_at = Claim.Status.RETRACTED, timezone.now()
    retracted.retraction_notice = "We got it wrong."
    retracted.save()
    Claim.objects.filter(pk=unpublished.pk).update(status=Claim.Status.DRAFT)
    deleted_id = deleted.pk
    deleted.delete()
    never_published.delete()
    page = api_client.get("/api/v1/changes/", {"since": since}).json()

    assert [(c["claim_id"], c["action"], c["reason"], c["claim"]) for c in page["results"]] == [
        (retracted.pk, "delete", "retracted", None),
        (unpublished.pk, "delete", "unpublished", None),
        (deleted_id, "delete", "deleted", None),
    ]


def test_fresh_changes_wait_for_the_settle_window(api_client, make_claim, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 3600
    make_claim()

    page = api_client.get("/api/v1/changes/").json()

    assert (page["results"], page["next_since"], page["has_more"]) == ([], "0", False)


def test_a_cursor_ahead_of_the_log_tells_the_mirror_to_resynchronise(
    api_client, make_claim, settings
):
    """After a restore from backup the log is shorter than a mirror's cursor: 410, not []."""
    settings.API_CHANGES_SETTLE_SECONDS = 0
    make_claim()
    mirror = Mirror(api_client)
    mirror.sync(page_size=100)
    with connection.cursor() as cursor:  # the restored backup predates the mirror's last sync
        cursor.execute("DELETE FROM statements_claimchange WHERE id = %s", [int(mirror.since)])

    response = api_client.get("/api/v1/changes/", {"since": mirror.since})

    assert response.status_code == 410
    assert response.json()["code"] == "resync_required"
    assert "since=0" in response.json()["detail"]
    assert api_client.get("/api/v1/changes/", {"since": 0}).status_code == 200


def test_a_cursor_at_the_newest_change_is_not_ahead(api_client, make_claim, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 3600  # the newest change has not settled yet
    make_claim()
    newest = _newest_change()

    response = api_client.get("/api/v1/changes/", {"since": newest})

    assert response.status_code == 200
    assert (response.json()["results"], response.json()["next_since"]) == ([], str(newest))


def _newest_change() -> int:
    return ClaimChange.objects.latest("id").pk


@pytest.mark.parametrize("superseded", [0, 300])
def test_a_changes_page_does_not_grow_with_the_log(
    api_client, make_claim, settings, django_assert_num_queries, superseded
):
    """Older changes of the same claims are skipped through the index, in a fixed query count."""
    settings.API_CHANGES_SETTLE_SECONDS = 0
    claims = [make_claim() for _ in range(3)]
    for n in range(superseded):
        Claim.objects.filter(pk=claims[n % 3].pk).update(text=f"Edited {n}")

    # bounds, the page of the log, live claims + 4 prefetches (stances, topics, evidence,
    # corrections) + the graph's 2 (relations from and to each claim) + their translations,
    # Last-Modified (no tombstones).
    with django_assert_num_queries(11):
        page = api_client.get("/api/v1/changes/", {"since": 0, "page_size": 2}).json()

    latest = {
        claim.pk: str(ClaimChange.objects.filter(claim_id=claim.pk).latest("id").pk)
        for claim in claims
    }
    expected = sorted(latest.items(), key=lambda item: int(item[1]))[:2]
    assert [(c["claim_id"], c["cursor"]) for c in page["results"]] == expected
    assert page["has_more"] is True


def test_every_table_a_claim_shows_carries_the_change_trigger():
    """A model that a claim document reaches must be in TRACKED_TABLES, with its trigger."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    # Never shown by the API: old slugs, and the desk's revision history.
    untracked_by_design = {ClaimRedirect._meta.db_table} | {
        model._meta.db_table
        for model in apps.get_app_config("statements").get_models(include_auto_created=True)
        if issubclass(model, HistoricalChanges)
        or model._meta.db_table.startswith("statements_historical")
    }
    shown = {
        model._meta.db_table
        for model in (
            Claim,
            Stance,
            Statement,
            Speaker,
            Source,
            Topic,
            Rating,
            Verdict,
            Correction,
            ClaimTranslation,
        )
    } | {Claim.topics.through._meta.db_table, Verdict.evidence.through._meta.db_table}

    statements_tables = {
        model._meta.db_table
        for model in apps.get_app_config("statements").get_models(include_auto_created=True)
    }
    statements_tables -= {"statements_claimchange"} | untracked_by_design
    statements_tables -= {Verdict.authors.through._meta.db_table}  # authors are not shown
    statements_tables -= {"statements_claimnote"}  # the desk's notes are never public
    # A claim document names its rating, not the rating model: a model's name or question is on
    # the methodology page, and its steps' bounds move only with a rating (tracked).
    statements_tables -= {"statements_ratingscale"}
    assert statements_tables == shown == set(TRACKED_TABLES)
    assert installed_trigger_tables(connection) == set(TRACKED_TABLES)
