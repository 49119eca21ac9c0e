"""
Times /search/ and the claim page against whatever the database holds (`make bench` fills it
with generate_demo_data first) and prints the figures. A measurement, not a test: it never
fails on a slow machine, it reports.
"""

import statistics
import time
import warnings

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings

from statements import search
from statements.models import Claim, Speaker, Statement

# A spread of searches: common, middling and rare words, a phrase, two words, and a miss.
QUERIES = [
    "minister",
    "kashmir",
    "mediation",
    "kashmir mediation",
    '"prime minister"',
    "drought -floods",
    "zzzznotaword",
]


def timed(action, repeat: int) -> tuple[float, float]:
    """Median and worst wall time of `action`, in milliseconds, after one warm-up run."""
    action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


class Command(BaseCommand):
    help = "Measure search and the claim page at the database's current size; print figures."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, repeat: int, **options):
        # make bench collects static files first; run by hand, whitenoise may not find them.
        warnings.filterwarnings("ignore", "No directory at")
        self.repeat = repeat
        out = self.stdout.write
        out(
            f"Database: {connection.vendor}; {Statement.objects.count():,} statements, "
            f"{Claim.objects.count():,} claims ({Claim.objects.public().count():,} public), "
            f"{Speaker.objects.count():,} speakers."
        )
        out(f"Each figure: median and worst of {repeat} runs, after one warm-up, in ms.\n")
        self.bench_search()
        self.bench_pages()

    def bench_search(self):
        out = self.stdout.write
        out("search.run() — claims, statements and speakers, top 20 of each")
        for query in QUERIES:

            def run(query=query):
                results = search.run(
                    query,
                    claims=Claim.objects.public().select_related("verdict__rating"),
                    statements=Statement.objects.public().select_related("speaker", "source"),
                    speakers=Speaker.objects.public(),
                )
                return len(results.claims) + len(results.statements) + len(results.speakers)

            median, worst = timed(run, self.repeat)
            out(f"  {query!r:24} {median:8.1f} {worst:8.1f}   ({run()} results shown)")
        if connection.vendor == "postgresql":
            plan = search._postgres_matches(Statement.objects.all(), "text", "kashmir").explain()
            uses = "statement_text_search" in plan
            out(f"  statement match uses the GIN index statement_text_search: {uses}")
        out("")

    @override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, DEBUG=False)
    def bench_pages(self):
        out = self.stdout.write
        client = Client()
        biggest = (
            Claim.objects.public()
            .annotate(n=Count("stances"))
            .order_by("-n", "pk")
            .values_list("slug", "n")
            .first()
        )
        speaker = (
            Speaker.objects.public()
            .annotate(n=Count("statements"))
            .order_by("-n", "pk")
            .values_list("slug", "n")
            .first()
        )
        if biggest is None:
            out("No public claims: nothing to time.")
            return
        claim_path = f"/claims/{biggest[0]}/"
        public = Claim.objects.public().order_by("pk")
        typical = public.values_list("slug", flat=True)[public.count() // 2]
        etag = client.get(claim_path)["ETag"]
        pages = [
            (f"claim page ({biggest[1]} statements)", claim_path, {}),
            ("claim page, conditional GET → 304", claim_path, {"HTTP_IF_NONE_MATCH": etag}),
            ("claim page (a claim from the middle)", f"/claims/{typical}/", {}),
            (f"speaker page ({speaker[1]:,} statements)", f"/speakers/{speaker[0]}/", {}),
            ("claim list, page 1", "/claims/", {}),
            ("claim list, rating + topic filter", "/claims/?rating=false&sort=oldest", {}),
            ("search page 'kashmir mediation'", "/search/?q=kashmir+mediation", {}),
            ("home", "/", {}),
        ]
        out("Pages through the Django test client (no network, no template cache warm-up)")
        for label, path, headers in pages:
            status = client.get(path, **headers).status_code
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(path, **headers)
            median, worst = timed(lambda p=path, h=headers: client.get(p, **h), self.repeat)
            out(f"  {label:40} {median:8.1f} {worst:8.1f}   HTTP {status}, {len(queries)} queries")
