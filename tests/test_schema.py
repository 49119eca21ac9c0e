"""
schemathesis against our own /api/schema/, over every operation: no server error, and every
response (status, content type, headers, body) as the schema documents it.

Bounded for CI: a fixed number of derandomised examples per operation.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(seed_story, make_claim, settings):
    """/api/schema/, loaded through a fresh WSGI handler over seeded data."""
    # Not under test here: the host name, HTTPS redirects and the rate limit.
    overrides = {
        "ALLOWED_HOSTS": ["*"],
        "SECURE_SSL_REDIRECT": False,
        "API_THROTTLE_ANON_RATE": "100000/min",
        "API_CHANGES_SETTLE_SECONDS": 0,
    }
    for name, value in overrides.items():
        setattr(settings, name, value)
    make_claim(statements=2)
    make_claim(status="retracted")
    # As Django's test client does: keep the test's connection (and transaction) open
    # between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        # A fresh handler, so its middleware reads the settings above.
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_answers_as_documented(api_schema):
    # Driven from a plain test (schemathesis' lazy pytest loader does not run on pytest 9).
    operations, cases = 0, []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        # Valid input, then input that breaks the schema (which must be a documented 4xx).
        strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
            GenerationMode.NEGATIVE
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            cases.append(case)
            case.call_and_validate(checks=CHECKS)

        answers_as_documented()

    assert operations == 20
    print(f"schemathesis: {len(cases)} cases over {operations} operations")


def test_the_schema_documents_every_endpoint(api_client):
    paths = set(api_client.get("/api/schema/", {"format": "json"}).json()["paths"])

    assert paths == {
        "/api/factchecktools/v1alpha1/claims:search",
        "/api/v1/changes/",
        "/api/v1/claimreview/",
        *(
            f"/api/v1/{name}/{suffix}"
            for name in (
                "claims",
                "statements",
                "speakers",
                "sources",
                "topics",
                "ratings",
                "promises",
            )
            for suffix in ("", "{id}/")
        ),
        "/api/v1/corrections/",
        "/api/v1/corrections/{id}/",
        "/api/v1/claims/{id}/claimreview/",
    }
