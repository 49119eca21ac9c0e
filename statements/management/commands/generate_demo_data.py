"""
Demo and benchmark data at scale: speakers, sources, statements, claims in every editorial
state, verdicts, stances, topics and corrections, generated rather than committed.

Every generated row is marked (slugs and URLs start with "demo-"), so `--reset` removes
exactly what an earlier run made and nothing a fact-checker wrote.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from statements.models import (
    Claim,
    ClaimRedirect,
    Correction,
    Rating,
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
STATUSES = (
    [Claim.Status.PUBLISHED] * 16
    + [Claim.Status.RETRACTED]
    + [Claim.Status.DRAFT] * 2
    + [Claim.Status.IN_REVIEW]
)
STANCES = [Stance.Kind.ASSERTS] * 5 + [Stance.Kind.DENIES] * 4 + [Stance.Kind.CONTEXT]


def vocabulary(rng: random.Random, size: int = 5000) -> tuple[list[str], list[float]]:
    words = list(WORDS)
    while len(words) < size:
        words.append("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
    weights = [1 / (rank + 1) for rank in range(len(words))]
    rng.shuffle(weights)  # the real words are not all common
    return words, weights


class Command(BaseCommand):
    help = (
        "Generate demo or benchmark data at scale (never commit it). Rows are marked with "
        "'demo-' so --reset removes only generated data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, default=10_000)
        parser.add_argument("--statements-per-claim", type=int, default=4)
        parser.add_argument("--speakers", type=int, help="default: one per 200 statements")
        parser.add_argument("--topics", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--batch-size", type=int, default=5_000)
        parser.add_argument("--reset", action="store_true", help="delete earlier demo rows first")

    def handle(self, *args, **options):
        if not Rating.objects.exists():
            raise CommandError("No rating scale: run migrate first.")
        started = time.monotonic()
        if options["reset"]:
            self.reset()
        rng = random.Random(options["seed"])  # noqa: S311 - repeatable demo data  # nosec B311
        self.batch = options["batch_size"]
        words, weights = vocabulary(rng)

        def sentence(low: int, high: int) -> str:
            text = " ".join(rng.choices(words, weights, k=rng.randint(low, high)))
            return text[0].upper() + text[1:] + "."

        n_statements = options["statements"]
        n_speakers = options["speakers"] or max(10, n_statements // 200)
        n_claims = max(1, n_statements // options["statements_per_claim"])
        run = f"{rng.getrandbits(32):08x}"  # keeps slugs unique across runs without --reset

        with transaction.atomic():
            topics = self.create(
                Topic,
                (
                    Topic(name=f"Demo topic {run} {n}", slug=f"{PREFIX}{run}-topic-{n}")
                    for n in range(options["topics"])
                ),
            )
            speakers = self.create(
                Speaker,
                (
                    Speaker(
                        name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                        slug=f"{PREFIX}{run}-speaker-{n}",
                        role=rng.choice(["Minister", "Senator", "Spokesperson", "Governor"]),
                    )
                    for n in range(n_speakers)
                ),
            )
            sources = self.create(
                Source,
                (
                    Source(
                        url=f"https://{PREFIX}news.example.org/{run}/{n}",
                        title=sentence(4, 9),
                        publisher="Demo News",
                        kind=Source.Kind.ARTICLE,
                    )
                    for n in range(max(1, n_statements // 10))
                ),
            )
            start = datetime.date(2019, 1, 1)
            statements = self.create(
                Statement,
                (
                    Statement(
                        speaker=rng.choice(speakers),
                        text=sentence(10, 30),
                        said_on=start + datetime.timedelta(days=rng.randrange(2000)),
                        source=rng.choice(sources),
                    )
                    for _ in range(n_statements)
                ),
            )
            now = timezone.now()
            claims = []
            for n in range(n_claims):
                status = rng.choice(STATUSES)
                public = status in Claim.PUBLIC_STATUSES
                published_at = now - datetime.timedelta(minutes=rng.randrange(2_600_000))
                claims.append(
                    Claim(
                        text=sentence(6, 14),
                        slug=f"{PREFIX}{run}-claim-{n}",
                        status=status,
                        published_at=published_at if public else None,
                        retracted_at=now if status == Claim.Status.RETRACTED else None,
                        retraction_notice="Demo retraction."
                        if status == Claim.Status.RETRACTED
                        else "",
                    )
                )
            claims = self.create(Claim, claims)
            ratings = list(Rating.objects.all())
            verdicts = self.create(
                Verdict,
                (
                    Verdict(claim=claim, rating=rng.choice(ratings), conclusion=sentence(8, 16))
                    for claim in claims
                ),
            )
            self.create(
                Stance,
                (
                    Stance(
                        statement=statement,
                        claim=claims[index % n_claims],
                        stance=rng.choice(STANCES),
                    )
                    for index, statement in enumerate(statements)
                ),
            )
            Claim.topics.through.objects.bulk_create(
                (Claim.topics.through(claim=claim, topic=rng.choice(topics)) for claim in claims),
                batch_size=self.batch,
            )
            self.create(
                Correction,
                (
                    Correction(verdict=verdict, text=sentence(8, 16))
                    for verdict in verdicts
                    if rng.random() < 0.02
                ),
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {n_statements} statements, {n_claims} claims, {n_speakers} "
                f"speakers in {time.monotonic() - started:.0f}s."
            )
        )

    def create(self, model, rows):
        return model.objects.bulk_create(rows, batch_size=self.batch)

    def reset(self):
        """Remove every row an earlier run generated (they all carry the demo- prefix)."""
        claims = Claim.objects.filter(slug__startswith=PREFIX)
        Correction.objects.filter(verdict__claim__in=claims).delete()
        ClaimRedirect.objects.filter(claim__in=claims).delete()
        Stance.objects.filter(claim__in=claims).delete()
        Verdict.objects.filter(claim__in=claims).delete()
        claims.delete()
        speakers = Speaker.objects.filter(slug__startswith=PREFIX)
        Statement.objects.filter(speaker__in=speakers).delete()
        speakers.delete()
        Source.objects.filter(url__startswith=f"https://{PREFIX}").delete()
        Topic.objects.filter(slug__startswith=PREFIX).delete()
