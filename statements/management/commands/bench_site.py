"""
`make bench`: measure every public face against floors on the database's current data, and
write bench/RESULTS.md. A measurement, not a test: it never fails on a slow machine, it reports.

Two kinds of figure, each beside its floor from the same run:
- over HTTP, with wrk against the production start command (bin/start-web: gunicorn gthread,
  DEBUG off): the claim page uncached, "cached" (a second run of the same address: it gains
  once a server-side cache exists) and conditional (304), against the same bytes served as a
  static file by the same process; and the claim page under `wrk -c64` for a long run;
- in process, through the Django test client (no network): the API list of 100 and a claim
  document against raw SQL + json.dumps of the same rows; search; /changes/; the speaker and
  topic pages; each with its query count. The DataFeed is timed over HTTP (first byte, total,
  the worker's peak memory).

The machine is shared: `uptime` is recorded beside each wrk figure; prefer the ratios.
"""

import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess  # nosec B404
import sys
import time
import urllib.request
import warnings
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from statements import search
from statements.changelog import ClaimChange
from statements.models import Claim, Speaker, Statement, Topic

from .generate_demo_data import PREFIX, vocabulary

ROOT = Path(settings.BASE_DIR)
FLOOR_FILE = "bench-floor.html"  # the claim page's bytes, served by whitenoise as a static file
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# wrk asks for the page with a new query string each time, so the public cache (whose key is
# the full address) never holds it: the cost of a cache miss, over HTTP.
UNCACHED_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?uncached=" .. counter .. "-" .. math.random(1e9))
end
"""


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(action, repeat: int) -> dict:
    """p50, p95 and worst wall time of `action` in ms, after one warm-up run."""
    action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "max": max(samples),
    }


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class Command(BaseCommand):
    help = "Measure the site against floors at the database's current size; write RESULTS.md."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
        parser.add_argument("--repeat", type=int, default=20, help="in-process samples")
        parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
        parser.add_argument("--long-seconds", type=int, default=60, help="the wrk -c64 run")
        parser.add_argument("--port", type=int, default=8150)
        parser.add_argument(
            "--no-http", action="store_true", help="in-process figures only (no server, no wrk)"
        )
        parser.add_argument("--seed", type=int, default=2019, help="generate_demo_data's seed")
        parser.add_argument(
            "--generation", default="", help="JSON file with generate_demo_data's figures"
        )

    def handle(self, *args, **options):
        warnings.filterwarnings("ignore", "No directory at")
        self.options = options
        self.repeat = options["repeat"]
        self.lines: list[str] = []
        self.client = Client()
        # What the "against the targets" table is filled from, as the run measures it.
        self.figures: dict = {}
        with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, DEBUG=False):
            self.run()
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("\n".join(self.lines) + "\n")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))

    # --- output ------------------------------------------------------------------------------

    def out(self, line: str = "") -> None:
        self.lines.append(line)
        self.stdout.write(line)

    def table(self, head: list[str], rows: list[list]) -> None:
        self.out("| " + " | ".join(head) + " |")
        self.out("|" + "---|" * len(head))
        for row in rows:
            self.out("| " + " | ".join(str(cell) for cell in row) + " |")
        self.out()

    # --- the run -----------------------------------------------------------------------------

    def run(self):
        commit = subprocess.run(  # nosec B603 B607
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        self.out("# Benchmark results")
        self.out()
        version = connection.pg_version if connection.vendor == "postgresql" else ""
        self.out(
            f"Written by `make bench` on {timezone.now():%Y-%m-%d %H:%M UTC}; commit "
            f"`{commit}`; {platform.platform()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, database {connection.vendor} {version}."
        )
        self.out(f"Machine at the start: {load()} (shared with other work: prefer the ratios).")
        self.out()
        self.dataset()
        self.generation()
        self.pick_subjects()
        self.in_process()
        if not self.options["no_http"]:
            self.over_http()
        self.explains()
        self.against_targets()

    def dataset(self):
        self.out("## Dataset")
        self.out()
        self.table(
            ["statements", "claims", "public claims", "speakers", "topics", "change-log rows"],
            [
                [
                    f"{Statement.objects.count():,}",
                    f"{Claim.objects.count():,}",
                    f"{Claim.objects.public().count():,}",
                    f"{Speaker.objects.count():,}",
                    f"{Topic.objects.count():,}",
                    f"{ClaimChange.objects.count():,}",
                ]
            ],
        )

    def generation(self):
        path = self.options["generation"]
        self.out("## Generator (`generate_demo_data`, COPY on PostgreSQL)")
        self.out()
        if path and Path(path).exists():
            figures = json.loads(Path(path).read_text())
            self.figures["generator"] = figures
            self.table(
                ["statements", "seconds", "statements/s (target ≥ 5,000)", "machine", "when"],
                [
                    [
                        f"{figures['statements']:,}",
                        f"{figures['seconds']:.1f}",
                        f"{figures['rate']:,.0f}",
                        figures.get("load", ""),
                        figures.get("when", ""),
                    ]
                ],
            )
        else:
            self.out("Not timed in this run (the dataset was reused).")
            self.out()

    def pick_subjects(self):
        public = Claim.objects.public()
        biggest = (
            public.annotate(n=Count("stances"))
            .order_by("-n", "pk")
            .values_list("slug", "n", "pk")
            .first()
        )
        # Published, not retracted: the API serves it too (its detail is the claim document).
        published = Claim.objects.published()
        middle = published.order_by("pk").values_list("slug", "pk")[published.count() // 2]
        self.claim_slug, self.claim_pk = middle
        self.biggest = biggest
        self.speaker = (
            Speaker.objects.filter(slug__startswith=PREFIX)
            .annotate(n=Count("statements"))
            .order_by("-n", "pk")
            .values_list("slug", "n")
            .first()
        ) or Speaker.objects.annotate(n=Count("statements")).order_by("-n").values_list(
            "slug", "n"
        ).first()
        self.topic = (
            Topic.objects.annotate(n=Count("claims"))
            .order_by("-n", "pk")
            .values_list("slug", "n")
            .first()
        )
        words, weights = vocabulary(self.options["seed"])
        ranked = sorted(zip(weights, words, strict=True))
        self.commonest, self.rarest = ranked[-1][1], ranked[0][1]

    # --- in process --------------------------------------------------------------------------

    def measure(self, path: str, repeat: int | None = None, **headers) -> list:
        response = self.client.get(path, **headers)
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        # Counted by a wrapper: the test client's request_started signal resets the query log.
        with connection.execute_wrapper(count):
            self._get(path, headers)
        figures = timed(lambda: self._get(path, headers), repeat or self.repeat)
        return [
            f"`{path}`" if len(path) < 70 else f"`{path[:67]}…`",
            response.status_code,
            len(queries),
            f"{figures['p50']:.1f}",
            f"{figures['p95']:.1f}",
        ]

    def _cached_in_process(self):
        self.out("### In process, through the public cache")
        self.out()
        claim_path = f"/claims/{self.claim_slug}/"
        etag = self.client.get(claim_path)["ETag"]
        rows = [
            self.measure(claim_path),
            self.measure(claim_path, HTTP_IF_NONE_MATCH=etag),
            self.measure("/api/v1/claims/?page_size=100"),
        ]
        self.table(["page", "status", "queries", "p50", "p95"], rows)

    def _get(self, path, headers):
        response = self.client.get(path, **headers)
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    def in_process(self):
        # The public cache would answer every repeat after the first: these figures are the
        # work behind a cache miss, so the cache is switched off for them.
        with override_settings(CACHES=NO_CACHE):
            self._in_process()
        self._cached_in_process()

    def _in_process(self):
        self.out("## In process, uncached (Django test client, no network, no cache)")
        self.out()
        self.out(
            f"Each: one warm-up, then {self.repeat} runs (the biggest claim: 3); times in ms. "
            f"{load()}."
        )
        self.out()
        claim_path = f"/claims/{self.claim_slug}/"
        etag = self.client.get(claim_path)["ETag"]
        changes_head = ClaimChange.objects.order_by("-id").values_list("id", flat=True).first()
        deep = max(0, (changes_head or 0) - 200)
        rows = [
            self.measure(claim_path),
            self.measure(claim_path, HTTP_IF_NONE_MATCH=etag),
            # Seconds each (thousands of statements on one page): a few runs say enough.
            self.measure(f"/claims/{self.biggest[0]}/", repeat=min(self.repeat, 3)),
            self.measure("/"),
            self.measure("/claims/"),
            self.measure("/claims/?sort=oldest&page=50"),
            self.measure(f"/speakers/{self.speaker[0]}/"),
            self.measure(f"/topics/{self.topic[0]}/"),
            self.measure("/corrections/"),
            self.measure(f"/search/?q={self.commonest}"),
            self.measure(f"/search/?q={self.rarest}"),
            self.measure("/search/?q=%22prime+minister%22"),
            self.measure("/api/v1/changes/?since=0"),
            self.measure(f"/api/v1/changes/?since={deep}"),
        ]
        self.table(["page", "status", "queries", "p50", "p95"], rows)
        self.figures["claim page"] = rows[0]
        self.figures["search"] = [rows[9], rows[10], rows[11]]
        self.figures["changes"] = [rows[12], rows[13]]
        self.out(
            f"Claim page: a claim from the middle of the archive; the biggest claim has "
            f"{self.biggest[1]:,} statements. Speaker page: the busiest speaker "
            f"({self.speaker[1]:,} statements); topic page: the largest topic ({self.topic[1]:,} "
            f"claims). Search: the commonest generated word `{self.commonest}`, the rarest "
            f"`{self.rarest}`, and a phrase. `/changes/`: the first page and one 200 rows from "
            "the head of the log."
        )
        self.out()
        self.api_against_floor()

    def api_against_floor(self):
        """API list of 100 and one claim document, against raw SQL + json.dumps of the rows."""
        self.out("### API against raw SQL + JSON of the same rows")
        self.out()
        list_path = "/api/v1/claims/?page_size=100"
        detail_path = f"/api/v1/claims/{self.claim_pk}/"
        api_list = timed(lambda: self.client.get(list_path).content, self.repeat)
        api_detail = timed(lambda: self.client.get(detail_path).content, self.repeat)
        ids = [row["id"] for row in self.client.get(list_path).json()["results"]]

        def raw_list():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT c.id, c.slug, c.text, c.status, c.published_at, c.updated_at, "
                    "r.label, r.slug, v.conclusion, "
                    "(SELECT array_agg(t.topic_id) FROM statements_claim_topics t "
                    " WHERE t.claim_id = c.id) "
                    "FROM statements_claim c JOIN statements_verdict v ON v.claim_id = c.id "
                    "LEFT JOIN statements_rating r ON r.id = v.rating_id "
                    "WHERE c.status = 'published' ORDER BY c.published_at DESC, c.id DESC "
                    "LIMIT 100"
                )
                columns = [column[0] for column in cursor.description]
                rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            return json.dumps(rows, default=str)

        def raw_detail():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT c.id, c.slug, c.text, v.conclusion, v.analysis, r.label, "
                    "s.stance, st.text, st.said_on, sp.name, src.url "
                    "FROM statements_claim c JOIN statements_verdict v ON v.claim_id = c.id "
                    "LEFT JOIN statements_rating r ON r.id = v.rating_id "
                    "JOIN statements_stance s ON s.claim_id = c.id "
                    "JOIN statements_statement st ON st.id = s.statement_id "
                    "JOIN statements_speaker sp ON sp.id = st.speaker_id "
                    "LEFT JOIN statements_source src ON src.id = st.source_id WHERE c.id = %s",
                    [self.claim_pk],
                )
                return json.dumps(cursor.fetchall(), default=str)

        floor_list = timed(raw_list, self.repeat)
        floor_detail = timed(raw_detail, self.repeat)
        self.figures["api"] = [
            ("list", api_list["p50"], floor_list["p50"]),
            ("document", api_detail["p50"], floor_detail["p50"]),
        ]
        self.table(
            ["response", "API p50 ms", "raw SQL + JSON p50 ms", "ratio (target ≤ 2×)"],
            [
                [
                    f"claims list of {len(ids)}",
                    f"{api_list['p50']:.1f}",
                    f"{floor_list['p50']:.1f}",
                    f"{api_list['p50'] / max(floor_list['p50'], 0.01):.1f}×",
                ],
                [
                    "one claim document",
                    f"{api_detail['p50']:.1f}",
                    f"{floor_detail['p50']:.1f}",
                    f"{api_detail['p50'] / max(floor_detail['p50'], 0.01):.1f}×",
                ],
            ],
        )

    # --- over HTTP ---------------------------------------------------------------------------

    def over_http(self):
        wrk = shutil.which("wrk")
        self.out("## Over HTTP (bin/start-web: gunicorn gthread, production settings)")
        self.out()
        if wrk is None:
            self.out("wrk is not installed (apt-get install wrk): HTTP figures skipped.")
            self.out()
            return
        claim_path = f"/claims/{self.claim_slug}/"
        page = self.client.get(claim_path)
        static_root = Path(settings.STATIC_ROOT)
        static_root.mkdir(parents=True, exist_ok=True)
        (static_root / FLOOR_FILE).write_bytes(page.content)
        with self.server() as (base, master):
            seconds = self.options["seconds"]
            etag = urllib.request.urlopen(base + claim_path).headers["ETag"]  # noqa: S310  # nosec B310
            script = Path(settings.STATIC_ROOT) / "bench-uncached.lua"
            script.write_text(UNCACHED_SCRIPT)
            uncached = ["-s", str(script)]
            runs = [
                ("static file, same bytes (floor)", f"/static/{FLOOR_FILE}", [], 16, seconds),
                ("claim page, uncached (new query string each time)", claim_path, uncached, 16,
                 seconds),
                ("claim page, cached (public cache)", claim_path, [], 16, seconds),
                ("claim page, conditional GET → 304", claim_path,
                 ["-H", f"If-None-Match: {etag}"], 16, seconds),
                ("API list of 100, cached", "/api/v1/claims/?page_size=100", [], 16, seconds),
            ]  # fmt: skip
            rows, floor = [], None
            for label, path, extra, connections, duration in runs:
                figures = self.wrk(wrk, base + path, extra, connections, duration)
                floor = floor or figures["rps"]
                self.figures.setdefault("http", {})[label] = (figures, floor)
                rows.append(
                    [
                        label,
                        f"{figures['rps']:,.0f}",
                        f"{100 * figures['rps'] / max(floor, 0.01):.1f} %",
                        figures["p50"],
                        figures["p99"],
                        figures["errors"],
                        figures["load"],
                    ]
                )
            self.table(
                ["wrk -t2 -c16", "req/s", "of static", "p50", "p99", "errors", "machine"], rows
            )
            self.feed(base, master)
            long = self.options["long_seconds"]
            figures = self.wrk(wrk, base + claim_path, [], 64, long, timeout=10)
            self.figures["c64"] = figures
            self.out(f"### Claim page under `wrk -c64` for {long} s")
            self.out()
            self.table(
                ["req/s", "p50", "p99", "errors (connect/read/write/timeout/non-2xx)", "machine"],
                [
                    [
                        f"{figures['rps']:,.0f}",
                        figures["p50"],
                        figures["p99"],
                        figures["errors"],
                        figures["load"],
                    ]
                ],
            )
            workers = children(master)
            self.out(
                "Worker RSS after the runs: "
                + ", ".join(f"{rss_kb(pid) / 1024:.0f} MB" for pid in workers)
                + "; peak: "
                + ", ".join(f"{rss_kb(pid, 'VmHWM') / 1024:.0f} MB" for pid in workers)
                + "."
            )
            self.out()

    def wrk(self, wrk: str, url: str, extra, connections: int, seconds: int, timeout=5):
        command = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s"]
        command += ["--latency", *extra]
        result = subprocess.run(  # noqa: S603 - our own arguments  # nosec B603
            [*command, url], capture_output=True, text=True, check=False
        )
        text = result.stdout
        rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
        p50 = re.search(r"50%\s+(\S+)", text)
        p99 = re.search(r"99%\s+(\S+)", text)
        socket = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
        )
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        errors = "/".join(socket.groups()) if socket else "0/0/0/0"
        errors += f"/{non2xx.group(1) if non2xx else 0}"
        return {
            "rps": float(rps.group(1)) if rps else 0.0,
            "p50": p50.group(1) if p50 else "?",
            "p99": p99.group(1) if p99 else "?",
            "errors": errors,
            "load": load().replace("load average ", ""),
        }

    def feed(self, base: str, master: int):
        """The DataFeed's first byte, total time and size, and the workers' memory."""
        before = {pid: rss_kb(pid) for pid in children(master)}
        started = time.perf_counter()
        size = 0
        with urllib.request.urlopen(base + "/api/v1/claimreview/", timeout=600) as response:  # noqa: S310  # nosec B310
            first = response.read(1)
            first_byte = time.perf_counter() - started
            size = len(first)
            while chunk := response.read(1 << 16):
                size += len(chunk)
        total = time.perf_counter() - started
        after = {pid: rss_kb(pid, "VmHWM") for pid in children(master)}
        grew = max((after.get(pid, 0) - before.get(pid, 0) for pid in before), default=0)
        self.figures["feed"] = {"first_byte": first_byte, "total": total, "grew_mb": grew / 1024}
        self.out("### DataFeed `/api/v1/claimreview/` (streamed)")
        self.out()
        self.table(
            ["first byte", "total", "size", "worker RSS before", "peak after", "growth"],
            [
                [
                    f"{first_byte * 1000:.0f} ms",
                    f"{total:.1f} s",
                    f"{size / 1e6:.1f} MB",
                    ", ".join(f"{kb / 1024:.0f} MB" for kb in before.values()),
                    ", ".join(f"{kb / 1024:.0f} MB" for kb in after.values()),
                    f"{grew / 1024:.0f} MB",
                ]
            ],
        )

    @contextmanager
    def server(self):
        port = self.options["port"]
        env = {
            **os.environ,
            "PORT": str(port),
            "BIND": "127.0.0.1",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "PYTHON": sys.executable,
            # No throttling of the load generator's single address.
            "API_THROTTLE_ANON_RATE": "100000000/second",
        }
        log = open(ROOT / "bench" / "server.log", "w")  # noqa: SIM115
        process = subprocess.Popen(  # noqa: S603  # nosec B603
            [str(ROOT / "bin" / "start-web")],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        # bin/start-web migrates before it serves; the first migrate after generating a million
        # statements records their history baselines (about a minute), so wait up to ten.
        deadline = time.monotonic() + 600
        try:
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310  # nosec B310
                    break
                except OSError:
                    if process.poll() is not None:
                        raise RuntimeError("bin/start-web exited; see bench/server.log") from None
                    if time.monotonic() > deadline:
                        message = "bin/start-web did not answer /healthz in 10 minutes"
                        raise RuntimeError(message) from None
                    time.sleep(0.5)
            yield base, process.pid
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still streaming: do not wait for it
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()

    # --- plans -------------------------------------------------------------------------------

    def explains(self):
        if connection.vendor != "postgresql":
            return
        self.out("## Query plans (EXPLAIN ANALYZE)")
        self.out()
        speaker = Speaker.objects.get(slug=self.speaker[0])
        public, published = Claim.objects.public(), Claim.objects.published()
        statements = Statement.objects.public().said_by(speaker)
        plans = [
            ("home page: latest published claims", published[:12]),
            ("claim list, newest first", public[:20]),
            ("claim list, oldest first", public.order_by("published_at", "id")[:20]),
            ("API claims, newest first", published.order_by("-published_at", "-id")[:100]),
            ("speaker page", statements.order_by("-said_on", "-id")[:30]),
        ]
        for label, queryset in plans:
            plan = queryset.explain(analyze=True)
            self._plan(label, plan)
        commonest = search.estimated_matches(self.commonest)
        self.out(
            f"Search: PostgreSQL estimates `{self.commonest}` matches "
            + ", ".join(
                f"{rows:,} {model._meta.verbose_name_plural}" for model, rows in commonest.items()
            )
            + f" (common past {search.COMMON_MATCHES:,}: only the newest "
            f"{search.COMMON_CANDIDATES} matches are ranked)."
        )
        self.out()
        statements = Statement.objects.public()
        for word in (self.commonest, self.rarest):
            common = search.estimated_matches(word)[Statement] > search.COMMON_MATCHES
            matches = search._postgres_matches(statements, "text", word)
            if common:
                newest = matches.order_by("-pk").values("pk")[: search.COMMON_CANDIDATES]
                queryset = (
                    statements.filter(pk__in=newest)
                    .annotate(
                        rank=search.SearchRank(search.StoredDocument(), search._search_query(word))
                    )
                    .order_by("-rank", "-pk")
                )
            elif search._ranks_in_index():
                queryset = matches.annotate(distance=search.DistanceFromQuery(word)).order_by(
                    "distance"
                )
            else:
                continue
            kind = "common: newest matches ranked" if common else "ranked by the index"
            self._plan(
                f"search statements for `{word}` ({kind})", queryset[:21].explain(analyze=True)
            )

    def _plan(self, label, plan):
        self.out(f"### {label}")
        self.out()
        self.out("```")
        self.out(plan)
        self.out("```")
        self.out()

    # --- the targets ---------------------------------------------------------------------------

    def against_targets(self):
        """The issue's targets, each filled from this run's own figures: met or not."""
        f = self.figures
        rows = []

        def row(target, measured, met):
            verdict = "n/a (not measured)" if met is None else ("met" if met else "not met")
            rows.append([target, measured, verdict])

        generator = f.get("generator")
        row(
            "generator ≥ 5,000 statements/s",
            f"{generator['rate']:,.0f}/s ({generator.get('load', '')})" if generator else "reused",
            generator["rate"] >= 5000 if generator else None,
        )
        http = f.get("http", {})
        static = next(iter(http.values()), ({}, None))[1] if http else None
        for label, target in (
            ("claim page, cached (public cache)", "cached claim page ≥ 50 % of static"),
            ("claim page, conditional GET → 304", "304 ≥ 50 % of static"),
        ):
            if label in http and static:
                share = http[label][0]["rps"] / max(static, 0.01)
                row(
                    target,
                    f"{100 * share:.1f} % ({http[label][0]['rps']:,.0f} req/s)",
                    share >= 0.5,
                )
            else:
                row(target, "no HTTP run", None)
        claim = f.get("claim page")
        if claim:
            row(
                "uncached claim page p95 ≤ 40 ms, ≤ 8 queries (plus the generation row)",
                f"p95 {claim[4]} ms, {claim[2]} queries (1 of them the generation)",
                float(claim[4]) <= 40 and claim[2] - 1 <= 8,
            )
        for name, api, floor in f.get("api", []):
            ratio = api / max(floor, 0.01)
            row(
                f"API {name} ≤ 2× raw SQL + JSON",
                f"{ratio:.1f}× ({api:.1f} / {floor:.1f} ms)",
                ratio <= 2,
            )
        changes = f.get("changes", [])
        if changes:
            worst = max(float(r[4]) for r in changes)
            row(
                "`/changes/` ≤ 50 ms at any depth",
                f"p95 first {changes[0][4]} ms, deep {changes[1][4]} ms",
                worst <= 50,
            )
        found = f.get("search", [])
        if found:
            worst = max(float(r[4]) for r in found)
            row(
                "search p95 ≤ 50 ms for any single word",
                "; ".join(f"{r[0]} p95 {r[4]} ms" for r in found),
                worst <= 50,
            )
        feed = f.get("feed")
        if feed:
            row(
                "DataFeed first byte ≤ 1 s, memory flat",
                f"first byte {feed['first_byte'] * 1000:.0f} ms, total {feed['total']:.1f} s, "
                f"worker peak +{feed['grew_mb']:.0f} MB",
                feed["first_byte"] <= 1 and feed["grew_mb"] < 64,
            )
        else:
            row("DataFeed first byte ≤ 1 s, memory flat", "no HTTP run", None)
        c64 = f.get("c64")
        row(
            "`wrk -c64` 60 s: zero errors and timeouts",
            f"{c64['rps']:,.0f} req/s, errors {c64['errors']}" if c64 else "no HTTP run",
            set(c64["errors"].split("/")) == {"0"} if c64 else None,
        )
        self.out("## Against the issue's targets (this run's figures)")
        self.out()
        self.out(f"{load()} at the end. Times in process are p95 of {self.repeat} runs.")
        self.out()
        self.table(["target", "measured", "met?"], rows)
