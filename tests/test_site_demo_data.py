"""The demo/benchmark data generator and the benchmark command."""

import io

import pytest
from django.core.management import call_command

from statements.models import Claim, Speaker, Statement

from .conftest import postgres_only

pytestmark = pytest.mark.django_db


def test_generates_every_editorial_state_and_reset_leaves_real_work_alone(make_claim):
    real = make_claim(status="published")

    call_command("generate_demo_data", statements=400, stdout=io.StringIO())

    assert Statement.objects.count() == 400 + 1
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == {"draft", "in_review", "published", "retracted"}
    assert Claim.objects.public().count() > Claim.objects.count() // 2

    call_command("generate_demo_data", statements=100, reset=True, stdout=io.StringIO())
    assert Statement.objects.count() == 100 + 1
    assert Claim.objects.filter(pk=real.pk).exists()
    assert Speaker.objects.filter(slug__startswith="demo-").count() == 10


@postgres_only()  # make bench measures PostgreSQL (docs/scaling.md)
def test_bench_writes_every_in_process_section(db, tmp_path):
    """A smoke test of the report's shape; figures stay out of the suite (make bench-smoke
    runs the whole thing, server and wrk included)."""
    call_command("generate_demo_data", statements=200, no_progress=True, stdout=io.StringIO())
    output = tmp_path / "RESULTS.md"

    call_command("bench_site", repeat=1, output=str(output), no_http=True, stdout=io.StringIO())

    report = output.read_text()
    assert "| 200 | 50 |" in report  # statements, claims
    assert "| 304 |" in report  # the conditional GET of the claim page
    assert "/search/?q=" in report and "/api/v1/changes/?since=0" in report
    assert "raw SQL + JSON" in report
    assert "## Query plans (EXPLAIN ANALYZE)" in report or "sqlite" in report
