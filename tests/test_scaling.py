"""
Running on several machines: reads from a replica, and a slow query answered with a 503.

The replica is a second database alias on the test database (tests/conftest.py), as
DATABASE_REPLICA_URL makes in production; the tests commit for real (transaction=True), so
what the primary's connection writes is visible through the replica's connection.
"""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from factcheck.routers import ReplicaRouter

from .conftest import postgres_only

ROUTED = ["factcheck.routers.ReplicaRouter"]


def queries_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_anonymous_pages_read_from_the_replica_and_see_the_primarys_writes(
    client, make_claim, settings
):
    settings.DATABASE_ROUTERS = ROUTED
    claim = make_claim()  # written through the primary

    with queries_on("default") as primary, queries_on("replica") as replica:
        page = client.get(claim.get_absolute_url())
        listing = client.get("/api/v1/claims/")

    assert page.status_code == 200
    assert claim.text in page.content.decode()
    assert [c["id"] for c in listing.json()["results"]] == [claim.pk]
    assert len(replica.captured_queries) > 0
    assert primary.captured_queries == []


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_signed_in_reader_or_a_form_post_reads_from_the_primary(client, make_claim, settings):
    settings.DATABASE_ROUTERS = ROUTED
    claim = make_claim()
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone-signed-in"

    with queries_on("default") as primary, queries_on("replica") as replica:
        client.get(claim.get_absolute_url())
        client.post("/submit/", {})

    assert replica.captured_queries == []
    assert len(primary.captured_queries) > 0


def test_only_the_primary_is_migrated_and_written():
    router = ReplicaRouter()

    assert router.allow_migrate("default", "statements") is True
    assert router.allow_migrate("replica", "statements") is False
    assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"  # outside a request: management commands


def settings_in_subprocess(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'DATABASES': settings.DATABASES, "
        "'ROUTERS': settings.DATABASE_ROUTERS}, default=str))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_the_replica_and_the_statement_timeout_come_from_the_environment():
    configured = settings_in_subprocess(
        DATABASE_URL="postgres://app@primary.internal:5432/factcheck",
        DATABASE_REPLICA_URL="postgres://app@replica.internal:5432/factcheck",
        DATABASE_STATEMENT_TIMEOUT_MS="5000",
    )
    default, replica = configured["DATABASES"]["default"], configured["DATABASES"]["replica"]

    assert (default["HOST"], replica["HOST"]) == ("primary.internal", "replica.internal")
    assert default["OPTIONS"]["options"] == replica["OPTIONS"]["options"]
    assert default["OPTIONS"]["options"] == "-c jit=off -c statement_timeout=5000"
    assert configured["ROUTERS"] == ROUTED


def test_without_a_replica_url_there_is_one_database():
    env = {"DATABASE_URL": "postgres://app@primary.internal:5432/factcheck"}
    configured = settings_in_subprocess(DATABASE_REPLICA_URL="", **env)

    assert list(configured["DATABASES"]) == ["default"]
    assert configured["ROUTERS"] == []


@postgres_only()
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/", "text/html"), ("/api/v1/claims/", "application/json")],
)
def test_a_query_cancelled_by_the_statement_timeout_is_a_503_not_a_500(
    client, make_claim, monkeypatch, path, content_type
):
    """PostgreSQL cancels the page's first slow query; the reader is told to retry."""
    make_claim()
    from statements.models import Claim

    slow = Claim.objects.extra(where=["pg_sleep(0.2) IS NOT NULL"])
    monkeypatch.setattr(Claim.objects, "published", lambda: slow.filter(status="published"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")

    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith(content_type)
