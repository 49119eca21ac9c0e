"""
Imports of other fact-checkers' work: rows read from an archive become draft claims.

Readers (`read_liar`, `read_claimreview`) turn a file into `ImportRow`s, each with its line or
item number; `claims_import` writes them. An import is all or nothing: if any row is bad, the
report lists every bad row with its number and nothing is written. Importing the same file
again adds nothing (`ImportedClaim` remembers what each archive record became).
"""

import csv
import datetime
import functools
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from statements.bulkload import (
    TableWriter,
    created_revisions_write,
    reserve_ids,
    text_indexes_rebuilt,
)
from statements.models import (
    Claim,
    QuoteType,
    Rating,
    Source,
    SourceKind,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)

from .models import ImportedClaim, RatingMapping, normalise_label

BATCH = 5000  # rows per round of COPYs; the progress bar moves once per round


class RowError(ValueError):
    """A row that cannot be imported; the message is shown with its line number."""


@dataclass
class ImportRow:
    number: int  # line (TSV) or item (JSON) number, for the report
    external_id: str
    claim_text: str
    rating_label: str
    speaker_name: str
    said_on: datetime.date
    speaker_role: str = ""
    speaker_wikidata_id: str = ""
    speaker_kind: str = Speaker.Kind.PERSON
    topics: list[str] = field(default_factory=list)
    context: str = ""
    conclusion: str = ""
    published_at: datetime.datetime | None = None  # the review's date, when it has one
    slug_hint: str = ""  # the last part of the review's address, if it has one
    appearances: list["Appearance"] = field(default_factory=list)


@dataclass
class Appearance:
    """Where the claim was made: one statement, with its source if the archive names one."""

    url: str = ""
    title: str = ""
    publisher: str = ""
    published_at: datetime.datetime | None = None


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        if self.errors:
            head = [f"Nothing was imported: {len(self.errors)} bad rows."]
        else:
            head = [
                f"{self.created} claims {verb} created, {self.updated} {verb} updated, "
                f"{len(self.skipped)} skipped."
            ]
        return (
            head
            + [f"line {number}: {reason}" for number, reason in self.errors]
            + [f"line {number}: skipped, {reason}" for number, reason in self.skipped]
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": self.errors,
            "dry_run": self.dry_run,
        }


def normalise_name(name: str) -> str:
    """How speaker names are compared: accents, case and spacing aside."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split()).casefold()


# --- Readers --------------------------------------------------------------------------------

LIAR_COLUMNS = 14


def read_liar(text: str, *, said_on: datetime.date) -> Iterator[ImportRow | RowError]:
    """The LIAR dataset's TSV layout (Wang 2017): id, label, statement, subjects, speaker,
    job, state, party, five count columns, context. The archive gives no dates: every
    statement is dated `said_on`, and says so in its attribution note."""
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    for number, columns in enumerate(reader, start=1):
        if not any(column.strip() for column in columns):
            continue
        if len(columns) != LIAR_COLUMNS:
            yield RowError(f"line {number}: {len(columns)} columns, expected {LIAR_COLUMNS}")
            continue
        record_id, label, statement, subjects, speaker, job, state, party = columns[:8]
        context = columns[13]
        if not record_id.strip() or not statement.strip() or not speaker.strip():
            yield RowError(f"line {number}: the id, statement and speaker are required")
            continue
        role = ", ".join(part for part in (job.strip(), party.strip(), state.strip()) if part)
        yield ImportRow(
            number=number,
            external_id=record_id.strip(),
            claim_text=statement.strip(),
            rating_label=label.strip(),
            speaker_name=speaker.replace("-", " ").strip().title(),
            speaker_role=role[:200],
            said_on=said_on,
            topics=[s.replace("-", " ").strip() for s in subjects.split(",") if s.strip()],
            context=context.strip()[:500],
        )


class _JsonLdScripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def claimreview_documents(text: str) -> list[Any]:
    """ClaimReview objects in a DataFeed, a JSON-LD file, or an HTML page's JSON-LD scripts."""
    stripped = text.lstrip()
    if stripped.startswith("<"):
        parser = _JsonLdScripts()
        parser.feed(text)
        documents = [json.loads(script) for script in parser.scripts if script.strip()]
    else:
        documents = [json.loads(text)]
    reviews: list[Any] = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kind = node.get("@type")
            if kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind):
                reviews.append(node)
            else:
                for key in ("@graph", "dataFeedElement", "item", "mainEntity"):
                    if key in node:
                        walk(node[key])

    walk(documents)
    return reviews


def _date(value: Any, what: str) -> datetime.date:
    if not isinstance(value, str) or not value:
        raise RowError(f"{what} is missing")
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise RowError(f"{what} {value!r} is not a date") from None


def _moment(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def _name(entity: Any) -> str:
    if isinstance(entity, dict):
        return str(entity.get("name") or "").strip()
    return str(entity or "").strip()


def read_claimreview(text: str) -> Iterator[ImportRow | RowError]:
    """ClaimReview (schema.org) from a DataFeed JSON file, a JSON-LD file or saved HTML pages."""
    try:
        reviews = claimreview_documents(text)
    except json.JSONDecodeError as error:
        yield RowError(f"line {error.lineno}: not JSON ({error.msg})")
        return
    for number, review in enumerate(reviews, start=1):
        try:
            yield _claimreview_row(number, review)
        except RowError as error:
            yield RowError(f"item {number}: {error}")


def _appearance(node: Any) -> Appearance:
    if not isinstance(node, dict):
        return Appearance(url=str(node or "")[:500])
    return Appearance(
        url=str(node.get("url") or "")[:500],
        title=str(node.get("headline") or node.get("name") or "")[:500],
        publisher=_name(node.get("author"))[:200],
        published_at=_moment(node.get("datePublished")),
    )


def _claimreview_row(number: int, review: dict[str, Any]) -> ImportRow:
    url = str(review.get("url") or "").strip()
    claim_text = str(review.get("claimReviewed") or "").strip()
    if not url or not claim_text:
        raise RowError("url and claimReviewed are required")
    rating = review.get("reviewRating") or {}
    label = str(rating.get("alternateName") or rating.get("name") or "").strip()
    if not label:
        raise RowError("reviewRating.alternateName is missing")
    item = review.get("itemReviewed") or {}
    author = item.get("author") or {}
    appearances = item.get("appearance") or []
    if not isinstance(appearances, list):
        appearances = [appearances]
    if not appearances and item.get("firstAppearance"):
        appearances = [item["firstAppearance"]]
    said = item.get("datePublished") or (
        appearances[0].get("datePublished")
        if appearances and isinstance(appearances[0], dict)
        else None
    )
    wikidata = ""
    same_as = author.get("sameAs") if isinstance(author, dict) else None
    for link in same_as if isinstance(same_as, list) else [same_as]:
        match = re.search(r"wikidata\.org/wiki/(Q[1-9]\d*)", str(link or ""))
        if match:
            wikidata = match.group(1)
    speaker = _name(author)
    if not speaker:
        raise RowError("itemReviewed.author.name is missing")
    return ImportRow(
        number=number,
        external_id=url,
        claim_text=claim_text[:500],
        rating_label=label,
        speaker_name=speaker[:200],
        speaker_role=str(author.get("jobTitle") or "")[:200] if isinstance(author, dict) else "",
        speaker_wikidata_id=wikidata,
        speaker_kind=(
            Speaker.Kind.ORGANISATION
            if isinstance(author, dict) and author.get("@type") == "Organization"
            else Speaker.Kind.PERSON
        ),
        said_on=_date(said, "itemReviewed.datePublished"),
        conclusion=str(review.get("description") or "")[:300],
        published_at=_moment(review.get("datePublished")),
        slug_hint=urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1],
        appearances=[_appearance(node) for node in appearances],
    )


# --- Writing --------------------------------------------------------------------------------


class RatingLookup:
    """Foreign labels to our ratings: the desk's mappings first, then our own labels and slugs."""

    def __init__(self):
        self.by_label = {normalise_label(r.label): r.pk for r in Rating.objects.all()}
        self.by_label |= {normalise_label(r.slug): r.pk for r in Rating.objects.all()}
        self.by_label |= {m.label: m.rating_id for m in RatingMapping.objects.all()}

    def __call__(self, label: str) -> int:
        try:
            return self.by_label[normalise_label(label)]
        except KeyError:
            raise RowError(
                f"rating {label!r} is not on our scale; map it in the desk "
                "(Integrations → Rating mappings)"
            ) from None


def _unique_slug(base: str, taken: set[str], max_length: int) -> str:
    base = (slugify(base) or "item")[: max_length - 9].strip("-")
    slug, counter = base, 1
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    taken.add(slug)
    return slug


class _Known:
    """What the database already holds, read once per import rather than once per row."""

    def __init__(self, rows: list[ImportRow]):
        self.speakers_by_wikidata: dict[str, Speaker] = {}
        self.speakers_by_name: dict[str, Speaker] = {}
        for speaker in Speaker.objects.only("pk", "name", "wikidata_id", "slug"):
            if speaker.wikidata_id:
                self.speakers_by_wikidata[speaker.wikidata_id] = speaker
            self.speakers_by_name.setdefault(normalise_name(speaker.name), speaker)
        self.speaker_slugs = {s.slug for s in self.speakers_by_name.values()}
        self.speaker_slugs |= set(Speaker.objects.values_list("slug", flat=True))
        wanted = {_claim_slug_base(row) for row in rows}
        self.claim_slugs = set(Claim.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        self.topics: dict[str, Topic] = {}
        for topic in Topic.objects.all():
            self.topics[_topic_slug(topic.name)] = topic
            self.topics.setdefault(topic.slug, topic)


@functools.lru_cache(maxsize=4096)
def _topic_slug(name: str) -> str:
    """A topic's slug from its name; cached, as an archive names the same few topics often."""
    return slugify(name)[:100]


def _claim_slug_base(row: ImportRow) -> str:
    """The review's own address ending (politifact.com/…/trump-says-modi-asked/), else the text."""
    return (slugify(row.slug_hint) or slugify(row.claim_text) or "claim")[:190].strip("-")


def claims_import(
    *,
    rows: Iterable[ImportRow | RowError],
    origin: str,
    reason: str,
    publish: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import rows as claims (drafts unless `publish`), all or nothing; see the module doc."""
    report = ImportReport(dry_run=dry_run)
    rating_of = RatingLookup()
    good: list[tuple[ImportRow, int]] = []
    for row in rows:
        if isinstance(row, RowError):
            number, _, message = str(row).partition(": ")
            report.errors.append((_row_number(number), message))
            continue
        try:
            good.append((row, rating_of(row.rating_label)))
        except RowError as error:
            report.errors.append((row.number, str(error)))
    if report.errors:
        return report

    seen: dict[str, int] = {}
    fresh: list[tuple[ImportRow, int]] = []
    known_ids = set(
        ImportedClaim.objects.filter(origin=origin).values_list("external_id", flat=True)
    )
    for row, rating in good:
        if row.external_id in seen:
            report.skipped.append((row.number, f"repeats line {seen[row.external_id]}"))
        elif row.external_id in known_ids:
            report.skipped.append((row.number, "imported before"))
        else:
            fresh.append((row, rating))
        seen.setdefault(row.external_id, row.number)
    report.created = len(fresh)
    if dry_run or not fresh:
        return report
    statements = sum(max(1, len(row.appearances)) for row, _ in fresh)
    with (
        transaction.atomic(),
        text_indexes_rebuilt(Claim, rows=len(fresh)),
        text_indexes_rebuilt(Statement, rows=statements),
    ):
        known = _Known([row for row, _ in fresh])
        for start in range(0, len(fresh), BATCH):
            _write(
                fresh[start : start + BATCH], known, origin=origin, reason=reason, publish=publish
            )
            if progress:
                progress(min(start + BATCH, len(fresh)))
    return report


def _row_number(text: str) -> int:
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else 0


def _speakers_for(rows: list[ImportRow], known: _Known, reason: str, now) -> dict[int, int]:
    """Each row's speaker id: reused by Wikidata id or normalised name, else created."""
    new: list[Speaker] = []
    chosen: dict[int, Speaker] = {}
    for row in rows:
        name = normalise_name(row.speaker_name)
        speaker = (
            known.speakers_by_wikidata.get(row.speaker_wikidata_id)
            if row.speaker_wikidata_id
            else None
        ) or known.speakers_by_name.get(name)
        if speaker is None:
            speaker = Speaker(
                name=row.speaker_name,
                slug=_unique_slug(row.speaker_name, known.speaker_slugs, 200),
                kind=row.speaker_kind,
                wikidata_id=row.speaker_wikidata_id,
            )
            new.append(speaker)
            known.speakers_by_name[name] = speaker
            if row.speaker_wikidata_id:
                known.speakers_by_wikidata[row.speaker_wikidata_id] = speaker
        chosen[row.number] = speaker
    if new:
        ids = _reserved(Speaker, len(new))
        for pk, speaker in zip(ids, new, strict=True):
            speaker.pk = pk
        TableWriter(Speaker, ("id", "name", "slug", "kind", "wikidata_id"), now).write(
            (s.pk, s.name, s.slug, s.kind, s.wikidata_id) for s in new
        )
        created_revisions_write(Speaker, ids, reason=reason)
    return {number: speaker.pk for number, speaker in chosen.items()}


def _topics_for(rows: list[ImportRow], known: _Known, now) -> None:
    missing: dict[str, Topic] = {}
    for row in rows:
        for name in row.topics:
            slug = _topic_slug(name)
            if slug and slug not in known.topics and slug not in missing:
                missing[slug] = Topic(name=name[:100], slug=slug)
    if not missing:
        return
    for pk, topic in zip(_reserved(Topic, len(missing)), missing.values(), strict=True):
        topic.pk = pk
    TableWriter(Topic, ("id", "name", "slug"), now).write(
        (topic.pk, topic.name, topic.slug) for topic in missing.values()
    )
    known.topics |= missing


def _reserved(model, count: int) -> range:
    first = reserve_ids(model, count)
    return range(first, first + count)


def _write(
    rows: list[tuple[ImportRow, int]], known: _Known, *, origin: str, reason: str, publish: bool
) -> None:
    """Write one batch with COPY (statements.bulkload), each table in one go.

    Primary keys are reserved first, so rows point at each other without reading anything
    back. The tables are written in the order the ORM would write them, so the change-log
    triggers log the same rows; revisions are copied from the new rows by the database.
    """
    now = timezone.now()
    plain_rows = [row for row, _ in rows]
    speakers = _speakers_for(plain_rows, known, reason, now)
    _topics_for(plain_rows, known, now)

    note = (
        "Imported from a LIAR-layout archive, which gives no date: the date was set at import."
        if origin == "liar"
        else ""
    )
    sources: list[tuple] = []
    statements: list[list] = []  # each row's values, with its source's index, if any
    owners: list[int] = []  # the index in `rows` of each statement
    for index, row in enumerate(plain_rows):
        for appearance in row.appearances or [Appearance()]:
            source = None
            if appearance.url or appearance.title:
                source = len(sources)
                sources.append(
                    (
                        appearance.url,
                        appearance.title or appearance.url,
                        appearance.publisher,
                        SourceKind.ARTICLE,
                        appearance.published_at,
                    )
                )
            statements.append(
                [
                    speakers[row.number],
                    row.speaker_role,
                    row.claim_text,
                    QuoteType.PARAPHRASE,
                    row.said_on,
                    source,
                    row.context,
                    note,
                ]
            )
            owners.append(index)
    if sources:
        source_ids = _reserved(Source, len(sources))
        TableWriter(Source, ("id", "url", "title", "publisher", "kind", "published_at"), now).write(
            (pk, *values) for pk, values in zip(source_ids, sources, strict=True)
        )
        created_revisions_write(Source, source_ids, reason=reason)
        for values in statements:
            if values[5] is not None:
                values[5] = source_ids[values[5]]
    statement_ids = _reserved(Statement, len(statements))
    TableWriter(
        Statement,
        (
            "id",
            "speaker_id",
            "speaker_role",
            "text",
            "quote_type",
            "said_on",
            "source_id",
            "context",
            "attribution_note",
        ),
        now,
    ).write((pk, *values) for pk, values in zip(statement_ids, statements, strict=True))
    created_revisions_write(Statement, statement_ids, reason=reason)

    status = Claim.Status.PUBLISHED if publish else Claim.Status.DRAFT
    # A claim is checked on the rating model of the rating it was imported with (a
    # Flip-O-Meter label mapped to Full Flop makes a consistency check).
    scale_of = dict(Rating.objects.values_list("pk", "scale_id"))
    claim_ids = _reserved(Claim, len(plain_rows))
    TableWriter(Claim, ("id", "text", "slug", "status", "published_at", "scale_id"), now).write(
        (
            pk,
            row.claim_text[:500],
            _unique_slug(_claim_slug_base(row), known.claim_slugs, 200),
            status,
            (row.published_at or now) if publish else None,
            scale_of[rating],
        )
        for pk, (row, rating) in zip(claim_ids, rows, strict=True)
    )
    created_revisions_write(Claim, claim_ids, reason=reason)
    stance_ids = _reserved(Stance, len(statements))
    TableWriter(Stance, ("id", "statement_id", "claim_id", "stance"), now).write(
        (pk, statement, claim_ids[owner], Stance.Kind.ASSERTS)
        for pk, statement, owner in zip(stance_ids, statement_ids, owners, strict=True)
    )
    created_revisions_write(Stance, stance_ids, reason=reason)
    verdict_ids = _reserved(Verdict, len(rows))
    TableWriter(Verdict, ("id", "claim_id", "rating_id", "conclusion"), now).write(
        (pk, claim, rating, row.conclusion)
        for pk, claim, (row, rating) in zip(verdict_ids, claim_ids, rows, strict=True)
    )
    created_revisions_write(Verdict, verdict_ids, reason=reason)
    links = sorted(
        {
            (claim, known.topics[_topic_slug(name)].pk)
            for row, claim in zip(plain_rows, claim_ids, strict=True)
            for name in row.topics
            if _topic_slug(name) in known.topics
        }
    )
    through = Claim.topics.through
    link_ids = _reserved(through, len(links))
    TableWriter(through, ("id", "claim_id", "topic_id"), now).write(
        (pk, claim, topic) for pk, (claim, topic) in zip(link_ids, links, strict=True)
    )
    imported = _reserved(ImportedClaim, len(plain_rows))
    TableWriter(ImportedClaim, ("id", "origin", "external_id", "claim_id"), now).write(
        (pk, origin, row.external_id, claim)
        for pk, row, claim in zip(imported, plain_rows, claim_ids, strict=True)
    )


# --- Uploads in the desk --------------------------------------------------------------------


def import_job_create(*, job, user) -> None:
    """Save an uploaded file's import and queue it; the worker runs it after the commit."""
    from .tasks import import_job_run_task

    job.created_by = user
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: import_job_run_task.enqueue(job_id=job.pk))


def import_job_run(*, job_id: int) -> None:
    """Run an uploaded import and keep its report on the job."""
    from .models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    try:
        with job.file.open("rb") as upload:
            text = upload.read().decode("utf-8")
        if job.format == "liar":
            rows = list(read_liar(text, said_on=job.said_on))
            origin, reason = "liar", "Imported from a LIAR archive (desk upload)"
        else:
            rows = list(read_claimreview(text))
            origin, reason = "claimreview", "Imported from ClaimReview (desk upload)"
        report = claims_import(rows=rows, origin=origin, reason=reason, dry_run=job.dry_run)
    except (OSError, UnicodeDecodeError) as error:
        job.status, job.report = ImportJob.Status.FAILED, {"errors": [[0, str(error)]]}
    else:
        job.status = ImportJob.Status.DONE if report.ok else ImportJob.Status.REFUSED
        job.report = {**report.as_dict(), "summary": report.lines()}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "finished_at"])
