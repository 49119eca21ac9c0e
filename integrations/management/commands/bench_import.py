"""manage.py bench_import: time import_liar on a generated LIAR-layout file (invented rows)."""

import os
import random
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from integrations.models import ImportedClaim
from statements.models import Claim, Speaker, Stance, Statement, Verdict

LABELS = ["pants-fire", "false", "barely-true", "half-true", "mostly-true", "true"]
PREFIX = "bench-liar-"


class Command(BaseCommand):
    help = "Import ROWS generated LIAR rows and print statements per second; removes them after."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, rows: int, **options):
        rng = random.Random(2017)  # noqa: S311 - invented benchmark data  # nosec B311
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "liar.tsv"
            with path.open("w", encoding="utf-8") as out:
                for n in range(rows):
                    out.write(
                        "\t".join([
                            f"{PREFIX}{n}", rng.choice(LABELS),
                            f"Invented benchmark statement {n} about roads and budgets.",
                            "economy,taxes", f"{PREFIX}speaker-{n % 1000}", "Senator", "Ohio",
                            "independent", "0", "0", "0", "0", "0", "a generated debate",
                        ]) + "\n"
                    )  # fmt: skip
            started = time.perf_counter()
            call_command("import_liar", str(path), "--said-on", "2016-01-01", stdout=self.stdout)
            elapsed = time.perf_counter() - started
        self.stdout.write(
            f"import_liar: {rows} statements in {elapsed:.1f} s = {rows / elapsed:.0f} statements/s"
            f" (load average {' '.join(f'{v:.2f}' for v in os.getloadavg())})"
        )
        self._remove()

    def _remove(self):
        """Delete the benchmark's rows and their revisions, one DELETE per table.

        _raw_delete skips Django's per-row collection and signals (which took far longer
        than the import); the tables are emptied in dependency order.
        """
        imported = ImportedClaim.objects.filter(external_id__startswith=PREFIX)
        claim_ids = list(imported.values_list("claim_id", flat=True))
        statement_ids = list(
            Stance.objects.filter(claim__in=claim_ids).values_list("statement_id", flat=True)
        )
        speaker_ids = list(
            Speaker.objects.filter(slug__startswith=PREFIX).values_list("id", flat=True)
        )
        with transaction.atomic():
            for queryset in (
                imported,
                Stance.objects.filter(claim__in=claim_ids),
                Verdict.objects.filter(claim__in=claim_ids),
                Claim.topics.through.objects.filter(claim__in=claim_ids),
                Claim.objects.filter(pk__in=claim_ids),
                Statement.objects.filter(pk__in=statement_ids),
                Speaker.objects.filter(pk__in=speaker_ids),
                Claim.history.filter(id__in=claim_ids),
                Verdict.history.filter(claim_id__in=claim_ids),
                Stance.history.filter(claim_id__in=claim_ids),
                Statement.history.filter(id__in=statement_ids),
                Speaker.history.filter(id__in=speaker_ids),
            ):
                queryset._raw_delete(queryset.db)
