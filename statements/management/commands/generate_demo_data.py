"""
Demo and benchmark data at scale: speakers, sources, statements, claims in every editorial
state, verdicts, stances of every kind, topics, corrections, retractions, revision history and
the change log, generated rather than committed.

Shaped like a real archive rather than a uniform one: a few speakers and claims carry thousands
of statements while most carry a handful (Zipf-like weights), and words follow a natural
frequency spread, so the commonest word is in a large share of all statements and the rarest in
a few. The same --seed gives the same data.

Fast: rows are built as plain tuples and written with COPY on PostgreSQL (executemany
elsewhere). On PostgreSQL, when the role may, the change-log triggers are switched off for the
load (session_replication_role) and the log and revision history are then written in a few
set-based INSERT … SELECT statements, instead of one trigger call per row.

Every generated row is marked (slugs and URLs start with "demo-"), so `--reset` removes
exactly what an earlier run made and nothing a fact-checker wrote.
"""

import datetime
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from statements import search
from statements.bulkload import (
    TableWriter,
    created_revisions_write,
    reserve_ids,
    text_indexes_rebuilt,
)
from statements.changelog import LOG_TABLE
from statements.models import (
    Claim,
    ClaimRedirect,
    Correction,
    QuoteType,
    Rating,
    RatingScale,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)

PREFIX = "demo-"
# Real words first so that searches for them behave as they would on a newsroom's archive;
# generated words after them make a long tail, and Zipf weights make a few words common.
WORDS = [
    "kashmir", "mediation", "minister", "president", "prime", "border", "talks", "election",
    "economy", "inflation", "taxes", "budget", "health", "vaccine", "hospital", "schools",
    "teachers", "police", "crime", "migration", "visa", "trade", "tariff", "china", "india",
    "pakistan", "america", "europe", "russia", "ukraine", "climate", "emissions", "coal",
    "energy", "prices", "jobs", "unemployment", "growth", "deficit", "debt", "pension", "farmers",
    "water", "drought", "floods", "army", "peace", "treaty", "agreement", "bilateral", "request",
    "asked", "denied", "never", "always", "percent", "million", "billion", "record", "highest",
    "lowest", "doubled", "halved", "promised", "delivered", "report", "survey", "census"
]  # fmt: skip
SYLLABLES = [
    "ka", "ri", "to", "me", "na", "su", "lo", "ve", "da", "pi", "ra", "no", "shi", "te", "mu",
    "ya", "go", "be", "li", "an", "er", "on", "is"
]  # fmt: skip
FIRST = [
    "Amit", "Sara", "John", "Priya", "Omar", "Lena", "Ravi", "Mei", "Carlos", "Aisha", "Tom",
    "Nadia", "Ivan", "Grace", "Ali"
]  # fmt: skip
LAST = [
    "Sharma", "Khan", "Smith", "Garcia", "Chen", "Okafor", "Rossi", "Novak", "Haddad", "Kumar",
    "Silva", "Berg"
]  # fmt: skip
ROLES = ["Minister", "Senator", "Spokesperson", "Governor", "Mayor", "Member of Parliament"]
CONTEXTS = ["", "", "", "in a televised interview", "at a press conference", "at a rally"]
STATUSES = (
    [Claim.Status.PUBLISHED] * 16
    + [Claim.Status.RETRACTED]
    + [Claim.Status.DRAFT] * 2
    + [Claim.Status.IN_REVIEW]
)
STANCE_WEIGHTS = {Stance.Kind.ASSERTS: 5, Stance.Kind.DENIES: 4, Stance.Kind.CONTEXT: 1}
QUOTE_WEIGHTS = {QuoteType.DIRECT: 6, QuoteType.PARAPHRASE: 3, QuoteType.REPORTED: 1}
# How skewed "a few have many, most have few" is: weight of the n-th busiest is 1 / n**SKEW.
SKEW = 0.7
VOCABULARY_SIZE = 20_000
BATCH = 20_000
# The change reason on generated revisions, so --reset can find them.
GENERATED = "Generated demo data"


def vocabulary(seed: int) -> tuple[list[str], list[float]]:
    """The words and their Zipf weights for `seed`; bench_site asks it for the commonest word."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, no secrets  # nosec B311
    words = list(WORDS)
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 5)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    rng.shuffle(weights)  # the real words are not all common
    return words, weights


def skewed(rng: random.Random, n: int) -> list[float]:
    """Cumulative weights over n items, a few heavy and most light, in random order."""
    weights = [1 / (rank + 1) ** SKEW for rank in range(n)]
    rng.shuffle(weights)
    return list(itertools.accumulate(weights))


class Progress:
    """A one-line progress bar on stderr: done/total, rate and time left."""

    def __init__(self, total: int, label: str, stream=sys.stderr, width: int = 30):
        self.total, self.label, self.stream, self.width = max(total, 1), label, stream, width
        self.done = 0
        self.started = time.monotonic()
        self.interactive = stream.isatty()
        self.last_shown = -1.0

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        # On a terminal redraw at most 10 times a second; in a log, every 10 %.
        step = self.done * 10 // self.total
        if self.interactive and now - self.last_shown < 0.1 and self.done < self.total:
            return
        if not self.interactive and step == self.last_shown and self.done < self.total:
            return
        self.last_shown = now if self.interactive else step
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        filled = self.width * self.done // self.total
        bar = "#" * filled + "." * (self.width - filled)
        left = (self.total - self.done) / rate if rate else 0
        line = f"{self.label} [{bar}] {self.done:,}/{self.total:,} {rate:,.0f}/s, {left:.0f}s left"
        self.stream.write(("\r" + line) if self.interactive else line + "\n")
        if self.done >= self.total and self.interactive:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Generate demo or benchmark data at scale (never commit it). Rows are marked with "
        "'demo-' so --reset removes only generated data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, default=10_000)
        parser.add_argument("--statements-per-claim", type=int, default=4)
        parser.add_argument("--speakers", type=int, help="default: one per 20 statements")
        parser.add_argument("--topics", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--reset", action="store_true", help="delete earlier demo rows first")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="do nothing if the database already holds exactly this many generated statements",
        )
        parser.add_argument(
            "--figures", help="write the run's size, time and rate to this JSON file"
        )

    def handle(self, *args, **options):
        if not Rating.objects.exists():
            raise CommandError("No rating scale: run migrate first.")
        if options["reuse"] and self.generated_statements() == options["statements"]:
            self.stdout.write(f"Reusing the {options['statements']:,} generated statements.")
            return
        started = time.monotonic()
        if options["reset"]:
            self.reset()
        reset_done = time.monotonic()
        seed = options["seed"]
        self.rng = rng = random.Random(seed)  # noqa: S311 - repeatable demo data, no secrets  # nosec B311
        words, weights = vocabulary(seed)
        self.words, self.word_weights = words, list(itertools.accumulate(weights))
        self.show_progress = not options["no_progress"]

        n_statements = options["statements"]
        n_claims = max(1, n_statements // options["statements_per_claim"])
        n_speakers = options["speakers"] or max(10, n_statements // 20)
        n_sources = max(1, n_statements // 10)
        n_topics = options["topics"]
        run = f"{rng.getrandbits(32):08x}"  # keeps slugs unique across runs without --reset
        now = timezone.now()

        self.generated_ids: dict[type[models.Model], range] = {}
        with transaction.atomic():
            replicated = self.switch_off_triggers()
            topic_ids = self.topics(run, n_topics, now)
            speaker_ids = self.speakers(run, n_speakers, now)
            source_ids = self.sources(run, n_sources, now)
            claims = self.claims(run, n_claims, now)
            verdict_ids = self.verdicts(claims, now)
            self.claim_topics(claims, topic_ids)
            self.statements(n_statements, claims, speaker_ids, source_ids, now)
            self.corrections(claims, verdict_ids, now)
            self.history()
            if replicated:
                self.change_log(claims)
            self.analyze()
        search.refresh_words()  # outside the transaction: REFRESH … CONCURRENTLY needs that
        elapsed = time.monotonic() - reset_done
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {n_statements:,} statements, {n_claims:,} claims, {n_speakers:,} "
                f"speakers in {elapsed:.1f}s ({n_statements / max(elapsed, 1e-6):,.0f} "
                f"statements/s; reset took {reset_done - started:.1f}s)."
            )
        )
        if options["figures"]:
            figures = {
                "statements": n_statements,
                "seconds": elapsed,
                "rate": n_statements / max(elapsed, 1e-6),
                "load": "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg()),
                "when": f"{timezone.now():%Y-%m-%d %H:%M UTC}",
            }
            with open(options["figures"], "w") as file:
                json.dump(figures, file)

    def generated_statements(self) -> int:
        return Statement.objects.filter(speaker__slug__startswith=PREFIX).count()

    # --- helpers -----------------------------------------------------------------------------

    def progress(self, total: int, label: str) -> Progress | None:
        return Progress(total, label, stream=self.stderr._out) if self.show_progress else None

    def sentences(self, count: int, low: int, high: int) -> Iterator[str]:
        """`count` sentences of low..high words drawn with the vocabulary's weights."""
        rng, words, cum = self.rng, self.words, self.word_weights
        for start in range(0, count, BATCH):
            lengths = [rng.randint(low, high) for _ in range(min(BATCH, count - start))]
            stream = rng.choices(words, cum_weights=cum, k=sum(lengths))
            position = 0
            for length in lengths:
                text = " ".join(stream[position : position + length])
                position += length
                yield text[0].upper() + text[1:] + "."

    def switch_off_triggers(self) -> bool:
        """Skip the change-log triggers for this load if the role may; True if switched off."""
        if connection.vendor != "postgresql":
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            if not cursor.fetchone()[0]:
                return False  # the triggers log every row: slower, equally correct
            cursor.execute("SET LOCAL session_replication_role = replica")
        return True

    # --- tables ------------------------------------------------------------------------------

    def topics(self, run: str, n: int, now) -> list[int]:
        first = reserve_ids(Topic, n)
        TableWriter(Topic, ("id", "name", "slug", "created_at"), now).write(
            (first + k, f"Demo topic {run} {k}", f"{PREFIX}{run}-topic-{k}", now) for k in range(n)
        )
        return list(range(first, first + n))

    def speakers(self, run: str, n: int, now) -> list[int]:
        rng = self.rng
        first = reserve_ids(Speaker, n)
        self.generated_ids[Speaker] = range(first, first + n)
        kinds = (Speaker.Kind.PERSON,) * 9 + (Speaker.Kind.ORGANISATION,)
        writer = TableWriter(Speaker, ("id", "name", "slug", "kind", "role", "created_at"), now)
        with text_indexes_rebuilt(Speaker, rows=n):
            writer.write(
                (
                    (
                        first + k,
                        f"{rng.choice(FIRST)} {rng.choice(LAST)} {k}",
                        f"{PREFIX}{run}-speaker-{k}",
                        rng.choice(kinds),
                        rng.choice(ROLES),
                        now,
                    )
                    for k in range(n)
                ),
                self.progress(n, "speakers  "),
            )
        return list(range(first, first + n))

    def sources(self, run: str, n: int, now) -> list[int]:
        rng = self.rng
        first = reserve_ids(Source, n)
        kinds = list(Source.Kind)
        start = now - datetime.timedelta(days=2500)
        titles = self.sentences(n, 4, 9)
        TableWriter(
            Source, ("id", "url", "title", "publisher", "kind", "published_at", "created_at"), now
        ).write(
            (
                (
                    first + k,
                    f"https://{PREFIX}news.example.org/{run}/{k}",
                    next(titles),
                    "Demo News",
                    rng.choice(kinds),
                    start + datetime.timedelta(minutes=rng.randrange(3_600_000)),
                    now,
                )
                for k in range(n)
            ),
            self.progress(n, "sources   "),
        )
        return list(range(first, first + n))

    def claims(self, run: str, n: int, now) -> list[tuple[int, str, datetime.datetime | None]]:
        """Write the claims; returns (id, status, published_at) for each."""
        rng = self.rng
        first = reserve_ids(Claim, n)
        self.generated_ids[Claim] = range(first, first + n)
        out = []
        texts = self.sentences(n, 6, 14)
        # Demo claims are checked on the truth scale; given, not defaulted, so that the
        # default (a query) is not asked once per row.
        truth = RatingScale.objects.truth().pk

        def rows():
            for k in range(n):
                status = rng.choice(STATUSES)
                public = status in Claim.PUBLIC_STATUSES
                published_at = now - datetime.timedelta(minutes=rng.randrange(1, 2_600_000))
                published_at = published_at if public else None
                retracted = status == Claim.Status.RETRACTED
                out.append((first + k, status, published_at))
                created = (published_at or now) - datetime.timedelta(days=rng.randrange(1, 30))
                yield (
                    first + k,
                    next(texts)[:500],
                    f"{PREFIX}{run}-claim-{k}",
                    status,
                    published_at,
                    published_at + datetime.timedelta(days=3) if retracted else None,
                    "Demo retraction: the verdict rested on a misread table." if retracted else "",
                    created,
                    published_at or created,
                    truth,
                )

        writer = TableWriter(
            Claim,
            (
                "id",
                "text",
                "slug",
                "status",
                "published_at",
                "retracted_at",
                "retraction_notice",
                "created_at",
                "updated_at",
                "scale_id",
            ),
            now,
        )
        with text_indexes_rebuilt(Claim, rows=n):
            writer.write(rows(), self.progress(n, "claims    "))
        return out

    def verdicts(self, claims, now) -> list[int]:
        rng = self.rng
        ratings = list(
            Rating.objects.filter(scale__slug=RatingScale.TRUTH).values_list("id", flat=True)
        )
        rating_cum = skewed(rng, len(ratings))
        first = reserve_ids(Verdict, len(claims))
        self.generated_ids[Verdict] = range(first, first + len(claims))
        conclusions = self.sentences(len(claims), 8, 16)
        analyses = self.sentences(len(claims), 30, 60)
        TableWriter(
            Verdict, ("id", "claim_id", "rating_id", "conclusion", "analysis", "created_at"), now
        ).write(
            (
                (
                    first + k,
                    claim_id,
                    rng.choices(ratings, cum_weights=rating_cum)[0],
                    next(conclusions)[:300],
                    next(analyses),
                    published_at or now,
                )
                for k, (claim_id, _status, published_at) in enumerate(claims)
            ),
            self.progress(len(claims), "verdicts  "),
        )
        return list(range(first, first + len(claims)))

    def claim_topics(self, claims, topic_ids: list[int]) -> None:
        rng = self.rng
        cum = skewed(rng, len(topic_ids))
        through = Claim.topics.through
        pairs = set()
        for claim_id, _status, _published_at in claims:
            for topic_id in rng.choices(topic_ids, cum_weights=cum, k=rng.choice((1, 1, 2, 3))):
                pairs.add((claim_id, topic_id))
        first = reserve_ids(through, len(pairs))
        TableWriter(through, ("id", "claim_id", "topic_id"), None).write(
            (first + k, claim_id, topic_id) for k, (claim_id, topic_id) in enumerate(pairs)
        )

    def statements(self, n: int, claims, speaker_ids, source_ids, now) -> None:
        """The statements, and a stance of each on a claim: every claim gets at least one."""
        rng = self.rng
        first = reserve_ids(Statement, n)
        self.generated_ids[Statement] = range(first, first + n)
        first_stance = reserve_ids(Stance, n)
        claim_ids = [claim_id for claim_id, _status, _published_at in claims]
        claim_cum = skewed(rng, len(claim_ids))
        speaker_cum = skewed(rng, len(speaker_ids))
        quotes, quote_cum = list(QUOTE_WEIGHTS), list(itertools.accumulate(QUOTE_WEIGHTS.values()))
        kinds, kind_cum = list(STANCE_WEIGHTS), list(itertools.accumulate(STANCE_WEIGHTS.values()))
        start = datetime.date(2015, 1, 1)
        texts = self.sentences(n, 10, 30)
        on_claim = claim_ids + rng.choices(
            claim_ids, cum_weights=claim_cum, k=max(0, n - len(claim_ids))
        )
        by = rng.choices(speaker_ids, cum_weights=speaker_cum, k=n)
        stances = []

        def rows():
            for k in range(n):
                statement_id = first + k
                stances.append(
                    (
                        first_stance + k,
                        statement_id,
                        on_claim[k],
                        rng.choices(kinds, cum_weights=kind_cum)[0],
                    )
                )
                yield (
                    statement_id,
                    by[k],
                    rng.choice(ROLES),
                    next(texts),
                    rng.choices(quotes, cum_weights=quote_cum)[0],
                    start + datetime.timedelta(days=rng.randrange(3900)),
                    rng.choice(source_ids),
                    rng.choice(CONTEXTS),
                )

        writer = TableWriter(
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
            ),
            now,
        )
        with text_indexes_rebuilt(Statement, rows=n):
            writer.write(rows(), self.progress(n, "statements"))
        TableWriter(Stance, ("id", "statement_id", "claim_id", "stance"), now).write(
            stances, self.progress(n, "stances   ")
        )

    def corrections(self, claims, verdict_ids, now) -> None:
        rng = self.rng
        corrected = [
            (verdict_id, published_at)
            for (_claim_id, _status, published_at), verdict_id in zip(
                claims, verdict_ids, strict=True
            )
            if published_at is not None and rng.random() < 0.03
        ]
        first = reserve_ids(Correction, len(corrected))
        texts = self.sentences(len(corrected), 8, 16)
        TableWriter(Correction, ("id", "verdict_id", "published_at", "text"), now).write(
            (first + k, verdict_id, published_at + datetime.timedelta(days=2), next(texts))
            for k, (verdict_id, published_at) in enumerate(corrected)
        )

    def history(self) -> None:
        """One 'created' revision per generated row, written by the database in one statement."""
        for model, ids in self.generated_ids.items():
            created_revisions_write(model, ids, reason=GENERATED)

    def change_log(self, claims) -> None:
        """The log the triggers would have written: creation, publication, correction, in order."""
        first_claim = claims[0][0]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {LOG_TABLE} (claim_id, changed_at, was_published) "  # noqa: S608  # nosec B608
                "SELECT claim_id, changed_at, was_published FROM ("
                " SELECT id AS claim_id, created_at AS changed_at, false AS was_published"
                " FROM statements_claim WHERE id >= %s"
                " UNION ALL SELECT id, published_at, true FROM statements_claim"
                " WHERE id >= %s AND published_at IS NOT NULL"
                " UNION ALL SELECT id, retracted_at, true FROM statements_claim"
                " WHERE id >= %s AND retracted_at IS NOT NULL"
                " UNION ALL SELECT verdict.claim_id, correction.published_at, true"
                " FROM statements_correction correction JOIN statements_verdict verdict"
                " ON verdict.id = correction.verdict_id WHERE verdict.claim_id >= %s"
                ") AS changes ORDER BY changed_at, claim_id",
                [first_claim] * 4,
            )

    def analyze(self) -> None:
        """Fresh planner statistics: after a bulk load the old ones mislead every query plan."""
        if connection.vendor != "postgresql":
            return
        models_loaded = (Topic, Speaker, Source, Claim, Claim.topics.through, Verdict, Statement)
        tables = [model._meta.db_table for model in models_loaded]
        tables += [Stance._meta.db_table, Correction._meta.db_table, LOG_TABLE]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(tables))

    def reset(self):
        """Remove every row an earlier run generated (they all carry the demo- prefix)."""
        claims = Claim.objects.filter(slug__startswith=PREFIX)
        if not claims.exists() and not Speaker.objects.filter(slug__startswith=PREFIX).exists():
            return
        with transaction.atomic():
            self.switch_off_triggers()
            speakers = Speaker.objects.filter(slug__startswith=PREFIX)
            for queryset in (
                Correction.objects.filter(verdict__claim__in=claims),
                ClaimRedirect.objects.filter(claim__in=claims),
                Stance.objects.filter(claim__in=claims),
                Claim.topics.through.objects.filter(claim__in=claims),
                Verdict.objects.filter(claim__in=claims),
                claims,
                Statement.objects.filter(speaker__in=speakers),
                speakers,
                Source.objects.filter(url__startswith=f"https://{PREFIX}"),
                Topic.objects.filter(slug__startswith=PREFIX),
            ):
                # _raw_delete: one DELETE per table, no per-row signals or collection; the
                # tables are emptied in dependency order above.
                queryset._raw_delete(queryset.db)
            for model in (Claim, Verdict, Statement, Speaker):
                generated = model.history.model.objects.filter(history_change_reason=GENERATED)
                generated._raw_delete(generated.db)
