"""import_liar and import_claimreview: idempotent, all or nothing, dry runs, reports, and a
ClaimReview round trip through our own DataFeed."""

import json
import random

import pytest
from django.core.management import CommandError, call_command

from integrations.models import ImportedClaim, RatingMapping
from statements.models import (
    Claim,
    ClaimRedirect,
    Correction,
    Evidence,
    Rating,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)

from .conftest import postgres_only
from .factories import SpeakerFactory

pytestmark = pytest.mark.django_db

LIAR_LABELS = ["pants-fire", "false", "barely-true", "half-true", "mostly-true", "true"]


def liar_line(number: int, rng: random.Random, **overrides) -> str:
    """One row in the LIAR layout, invented for tests (the generator of this file)."""
    columns = {
        "id": f"{number}.json",
        "label": rng.choice(LIAR_LABELS),
        "statement": f"Invented statement number {number} about budgets and roads.",
        "subjects": rng.choice(["economy,taxes", "health-care", "transportation,economy"]),
        "speaker": f"speaker-{number % 700}",
        "job": "State Senator",
        "state": "Ohio",
        "party": rng.choice(["democrat", "republican"]),
        "counts": "0\t1\t0\t2\t0",
        "context": "a radio interview",
    }
    columns.update(overrides)
    return "\t".join(columns.values())


def write_liar(tmp_path, rows: int, **bad_line) -> str:
    rng = random.Random(12)  # noqa: S311 - test data
    lines = [liar_line(number, rng) for number in range(1, rows + 1)]
    for number, text in bad_line.items():
        lines[int(number.removeprefix("line")) - 1] = text
    path = tmp_path / "liar.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(command: str, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_import_liar_twice_leaves_exactly_one_copy_of_ten_thousand_rows(tmp_path):
    path = write_liar(tmp_path, 10_000)

    first = run("import_liar", path, "--said-on", "2016-01-01")
    counts = (Claim.objects.count(), Statement.objects.count(), Verdict.objects.count())
    second = run("import_liar", path, "--said-on", "2016-01-01")

    assert "10000 claims were created, 0 were updated, 0 skipped." in first
    assert "0 claims were created, 0 were updated, 10000 skipped." in second
    assert counts == (10_000, 10_000, 10_000)
    assert (Claim.objects.count(), Statement.objects.count(), Verdict.objects.count()) == counts
    assert Speaker.objects.count() == 700
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.DRAFT}
    assert Claim.history.count() == 10_000


def test_an_imported_liar_row_reads_as_the_archive_says(tmp_path):
    rng = random.Random(1)  # noqa: S311
    path = tmp_path / "one.tsv"
    path.write_text(liar_line(7, rng, label="pants-fire", speaker="jane-doe") + "\n")

    run("import_liar", str(path), "--said-on", "2015-06-01")

    claim = Claim.objects.get()
    statement = claim.statements.get()
    assert claim.text == "Invented statement number 7 about budgets and roads."
    assert claim.verdict.rating.slug == "false"  # "pants fire" through the shipped mapping
    assert (statement.speaker.name, statement.said_on.isoformat()) == ("Jane Doe", "2015-06-01")
    assert "gives no date" in statement.attribution_note
    assert statement.context == "a radio interview"
    assert ImportedClaim.objects.get().external_id == "7.json"


def test_a_malformed_row_is_reported_by_line_and_nothing_is_imported(tmp_path):
    path = write_liar(tmp_path, 300, line57="57.json\ttrue\tonly three columns")

    with pytest.raises(CommandError, match="1 bad rows; nothing was imported"):
        run("import_liar", path, "--said-on", "2016-01-01")

    assert Claim.objects.count() == 0
    assert Speaker.objects.count() == 0


def test_the_report_names_each_bad_line(tmp_path, capsys):
    rng = random.Random(3)  # noqa: S311
    path = write_liar(
        tmp_path, 20, line4=liar_line(4, rng, label="sort-of"), line9="9.json\tbroken"
    )
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_liar", path, "--said-on", "2016-01-01", stdout=out)

    report = out.getvalue()
    assert "line 4: rating 'sort-of' is not on our scale" in report
    assert "line 9: 2 columns, expected 14" in report


def test_a_rating_mapping_made_in_the_desk_lets_the_label_through(tmp_path):
    rng = random.Random(3)  # noqa: S311
    path = tmp_path / "one.tsv"
    path.write_text(liar_line(1, rng, label="sort-of") + "\n")
    mapping = RatingMapping(label="Sort Of", rating=Rating.objects.get(slug="half-true"))
    mapping.full_clean()
    mapping.save()

    run("import_liar", str(path), "--said-on", "2016-01-01")

    assert Claim.objects.get().verdict.rating.slug == "half-true"


def test_dry_run_reports_and_writes_nothing(tmp_path):
    path = write_liar(tmp_path, 50)

    output = run("import_liar", path, "--said-on", "2016-01-01", "--dry-run")

    assert "50 claims would be created" in output
    assert Claim.objects.count() == 0 and ImportedClaim.objects.count() == 0


def test_speakers_are_reused_by_normalised_name_and_wikidata_id(tmp_path):
    existing = SpeakerFactory(name="José Martí", slug="jose-marti")
    by_wikidata = SpeakerFactory(name="D. Trump", slug="d-trump", wikidata_id="Q22686")
    reviews = [
        claimreview("https://a.example/1/", "One", {"@type": "Person", "name": "jose  MARTI"}),
        claimreview(
            "https://a.example/2/",
            "Two",
            {
                "@type": "Person",
                "name": "Donald Trump",
                "sameAs": "https://www.wikidata.org/wiki/Q22686",
            },
        ),
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"@type": "DataFeed", "dataFeedElement": reviews}))

    run("import_claimreview", str(path))

    speakers = {c.text: c.statements.get().speaker for c in Claim.objects.all()}
    assert speakers == {"One": existing, "Two": by_wikidata}


def claimreview(url: str, text: str, author: dict, label: str = "False") -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": text,
        "datePublished": "2020-01-02",
        "author": {"@type": "Organization", "name": "Another Fact-checker"},
        "itemReviewed": {"@type": "Claim", "author": author, "datePublished": "2019-12-30"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": label},
    }


def test_claimreview_from_saved_html_pages(tmp_path):
    review = claimreview(
        "https://checker.example/2019/07/trump-says-modi-asked/",
        "Modi asked Trump to mediate",
        {"@type": "Person", "name": "Donald Trump"},
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>x</title>"
        f'<script type="application/ld+json">{json.dumps(review)}</script></head>'
        "<body>…</body></html>"
    )

    run("import_claimreview", str(page))
    again = run("import_claimreview", str(page))

    claim = Claim.objects.get()
    assert claim.slug == "trump-says-modi-asked"
    assert claim.status == Claim.Status.DRAFT
    assert claim.verdict.rating.slug == "false"
    assert "1 skipped" in again


def test_claimreview_round_trip_through_our_datafeed(tmp_path, seed_story, settings):
    settings.SITE_URL = "https://factcheck.example.org"
    exported = tmp_path / "feed.json"
    call_command("export_claims", "--format", "claimreview", "-o", str(exported), "--no-progress")
    before = json.loads(exported.read_text())
    assert len(before["dataFeedElement"]) == 2

    # An empty database, but for the rating scale the migrations install.
    Correction.objects.all().delete()
    Evidence.objects.all().delete()
    Stance.objects.all().delete()
    Verdict.objects.all().delete()
    ClaimRedirect.objects.all().delete()
    Claim.objects.all().delete()
    Statement.objects.all().delete()
    Source.objects.all().delete()
    Speaker.objects.all().delete()
    Topic.objects.all().delete()

    run("import_claimreview", str(exported), "--publish")
    again = tmp_path / "again.json"
    call_command("export_claims", "--format", "claimreview", "-o", str(again), "--no-progress")
    after = json.loads(again.read_text())

    def reviews(feed):
        return sorted((item["item"][0] for item in feed["dataFeedElement"]), key=lambda r: r["url"])

    assert reviews(after) == reviews(before)


@pytest.mark.django_db(transaction=True)
def test_an_editor_uploads_an_archive_in_the_desk_and_the_worker_imports_it(
    make_desk_client, editor, fact_checker, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from integrations.models import ImportJob

    settings.MEDIA_ROOT = tmp_path / "media"
    rng = random.Random(5)  # noqa: S311
    content = "".join(liar_line(n, rng) + "\n" for n in range(1, 31)).encode()

    def upload(user):
        return make_desk_client(user).post(
            "/admin/integrations/importjob/add/",
            {
                "file": SimpleUploadedFile("archive.tsv", content),
                "format": "liar",
                "said_on": "2016-01-01",
            },
        )

    refused = upload(fact_checker)
    accepted = upload(editor)
    queued_claims = Claim.objects.count()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*",
                 verbosity=0)  # fmt: skip

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert queued_claims == 0, "the import ran inside the request"
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert job.report["summary"][0] == "30 claims were created, 0 were updated, 0 skipped."
    assert Claim.objects.filter(status=Claim.Status.DRAFT).count() == 30
    page = make_desk_client(editor).get(f"/admin/integrations/importjob/{job.pk}/change/")
    assert "30 claims were created" in page.content.decode()


def test_an_import_logs_its_claims_and_moves_the_public_cache_like_any_write(tmp_path):
    """COPY fires the database triggers as INSERT does: the change log behind /changes/
    gets every imported claim and the public cache's generation moves; each new row of
    every model gets its 'created' revision with the import's reason."""
    from publiccache.models import Generation
    from statements.changelog import ClaimChange

    path = write_liar(tmp_path, 40)
    generation = Generation.objects.values_list("number", flat=True).first() or 0

    run("import_liar", path, "--said-on", "2016-01-01")

    claims = set(Claim.objects.values_list("pk", flat=True))
    # (A rating row written while the test database was set up is logged with no claim.)
    logged = ClaimChange.objects.exclude(claim_id=None)
    assert set(logged.values_list("claim_id", flat=True)) == claims
    assert not logged.filter(was_published=True).exists()
    assert Generation.objects.get().number > generation
    for model in (Speaker, Statement, Claim, Stance, Verdict):
        revisions = model.history.filter(history_change_reason="Imported from a LIAR archive")
        assert set(revisions.values_list("id", flat=True)) == set(
            model.objects.values_list("pk", flat=True)
        ), model.__name__
        assert set(revisions.values_list("history_type", flat=True)) == {"+"}


@postgres_only()  # the full-text indexes it sets aside are PostgreSQL's
def test_a_large_import_rebuilds_the_search_indexes_it_set_aside(tmp_path, monkeypatch, client):
    """Past the threshold the full-text indexes are dropped for the load and built again:
    they are all there afterwards, and a published imported claim is found by search."""
    from django.db import connection

    from statements import bulkload

    monkeypatch.setattr(bulkload, "DEFER_TEXT_INDEXES_FROM", 20)

    def text_indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
                "('statements_claim', 'statements_statement') AND (indexdef LIKE '%%USING gin%%' "
                "OR indexdef LIKE '%%USING rum%%')"
            )
            return sorted(cursor.fetchall())

    before = text_indexes()
    rng = random.Random(8)  # noqa: S311
    lines = [liar_line(n, rng) for n in range(1, 31)]
    lines.append(liar_line(31, rng, statement="Invented zebra crossings doubled in Ohio."))
    path = tmp_path / "liar.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    run("import_liar", str(path), "--said-on", "2016-01-01", "--publish")

    assert before and text_indexes() == before
    page = client.get("/search/", {"q": "zebra crossings"})
    assert "Invented zebra crossings doubled in Ohio." in page.content.decode()


@pytest.mark.parametrize(
    ("label", "scale"),
    [("False", "truth"), ("Full Flop", "consistency"), ("Promise Kept", "promise")],
)
def test_an_imported_claim_is_checked_on_the_rating_model_of_its_rating(tmp_path, label, scale):
    review = claimreview(
        "https://checker.example/2019/07/a-check/",
        "Someone changed their mind",
        {"@type": "Person", "name": "Someone"},
        label=label,
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>x</title>"
        f'<script type="application/ld+json">{json.dumps(review)}</script></head>'
        "<body>…</body></html>"
    )
    run("import_claimreview", str(page))
    claim = Claim.objects.get()
    assert (claim.scale.slug, claim.verdict.rating.label) == (scale, label)
