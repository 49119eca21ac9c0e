"""
schemathesis against our own /api/schema/, over every operation, with every check it has:
no server error; every response (status, content type, headers, body) as the schema documents
it; input the schema allows is accepted and input it forbids is refused; unsupported methods,
missing required parameters and auth are answered as documented.

Bounded for CI: a fixed number of derandomised examples per operation and generation mode.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks
from schemathesis.core.failures import FailureGroup

from statements.models import ClaimChange

# Per operation and per mode (valid input, then input that breaks the schema).
EXAMPLES = 50
load_all_checks()
CHECKS = REGISTERED_CHECKS.get_all()


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
    counts, failures = {}, []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            cases = []
            strategy = operation.as_strategy(mode)
            if mode == GenerationMode.POSITIVE:
                strategy = (
                    strategy.map(without_opaque_tokens)
                    .map(since_within_the_log)
                    .filter(names_a_search)
                )
            try:
                failures += run_examples(strategy, cases)
            except Unsatisfiable:
                # Nothing in this operation's schema can be broken (no parameter to spoil).
                assert mode == GenerationMode.NEGATIVE
            counts[operation.label, mode.value] = len(cases)
        if not list(operation.iter_parameters()):
            # (Without parameters there is one request to make, and it was made.)
            counts[operation.label, "positive"] = max(counts[operation.label, "positive"], EXAMPLES)

    print(f"schemathesis: {sum(counts.values())} cases: {counts}")
    assert len({label for label, _ in counts}) == 20  # 18, and the promises list and detail
    # Every kind of failure of every operation (one example each), not only the first found.
    distinct = {}
    for failure in failures:
        distinct.setdefault(failure.rsplit(": ", 1)[0], []).append(failure)
    print("\n".join(f for examples in distinct.values() for f in examples[:4]))
    distinct = {kind: examples[0] for kind, examples in distinct.items()}
    assert sorted(distinct.values()) == []
    positive = {label: n for (label, mode), n in counts.items() if mode == "positive"}
    assert all(n >= EXAMPLES for n in positive.values()), positive


# Cursors and page tokens are opaque: only a value the API issued in a `next` link is valid,
# which no generator can invent. Valid input leaves them out; input that breaks the schema
# may still send them, and tests/test_api_http.py checks that a forged one is a 400.
OPAQUE_TOKENS = ("cursor", "pageToken")


def without_opaque_tokens(case):
    for name in OPAQUE_TOKENS:
        (case.query or {}).pop(name, None)
    return case


def since_within_the_log(case):
    """`since` is a position in our change log (0, or a cursor the API issued): one ahead of
    the log is the documented 410 resync_required (tests/test_mirror.py), which a generator
    cannot know to avoid. Valid input asks from a position the log holds."""
    since = str((case.query or {}).get("since", ""))
    if case.operation.path.endswith("/changes/") and since.isdigit():
        newest = ClaimChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        case.query["since"] = min(int(since), newest)
    return case


def names_a_search(case) -> bool:
    """Fact Check Tools search needs `query` or `reviewPublisherSiteFilter` (as Google's does);
    OpenAPI cannot say "one of these two", so valid input is drawn with one of them."""
    if not case.operation.path.endswith("claims:search"):
        return True
    query = case.query or {}
    return bool(
        str(query.get("query", "")).strip() or str(query.get("reviewPublisherSiteFilter", ""))
    )


def run_examples(strategy, cases) -> list[str]:
    failures = []

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
        try:
            case.call_and_validate(checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                title = getattr(failure, "title", type(failure).__name__)
                failures.append(f"{case.operation.label}: {title}: {case.as_curl_command()}")

    answers_as_documented()
    return failures


def test_the_schema_documents_every_endpoint(api_client, db):
    # (The database: the schema lists the rating models' and ratings' slugs for their filters.)
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
