"""The demo/benchmark data generator and the benchmark command."""

import io

import pytest
from django.core.management import call_command

from statements.models import Claim, Speaker, Statement

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


def test_bench_prints_figures(db):
    call_command("generate_demo_data", statements=200, stdout=io.StringIO())
    out = io.StringIO()

    call_command("bench_site", repeat=1, stdout=out)

    report = out.getvalue()
    assert "200 statements" in report
    assert "claim page, conditional GET → 304" in report and "HTTP 304" in report
    assert "'kashmir'" in report
