"""Redis unreachable (issue 10, item 3): every page, the API and reader submissions still answer,
throttles and the submission limit fall back to counting in the process, and the outage is
logged once. The tests run a redis-server of their own and stop it mid-test."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache

from pages.models import ClaimSubmission
from publiccache import backends
from statements.models import Claim

from .conftest import HttpsClient

pytestmark = pytest.mark.django_db

# Ports for the tests' own redis-server: never the shared one on 6379.
PORTS = range(6380, 6385)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"No free port for a test redis-server in {PORTS}.")


class RedisServer:
    """A throwaway redis-server on a spare port: no persistence, stopped and started at will."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=1)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path, settings, monkeypatch):
    """The site's cache on a redis-server of the test's own, as production configures it."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (apt install redis-server; CI has it)")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "publiccache.backends.FallbackRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    # Ask Redis again on every call, so the test sees it come back at once.
    monkeypatch.setattr(backends.FallbackRedisCache, "retry_seconds", 0)
    monkeypatch.setattr(backends, "_down_until", {})
    cache.clear()
    yield server
    if server.process is not None:
        server.stop()


def outage_records(caplog):
    return [r for r in caplog.records if r.name == backends.__name__]


SUBMISSION = {"claim_text": "The river is the longest in the world.", "said_by": "A minister"}


def every_page(claim) -> list[str]:
    return [
        "/",
        "/claims/",
        claim.get_absolute_url(),
        "/speakers/",
        "/speakers/donald-trump/",
        "/topics/",
        "/topics/kashmir/",
        "/corrections/",
        "/search/?q=Kashmir",
        "/feeds/claims/",
        "/feeds/speakers/donald-trump/",
        "/feeds/topics/kashmir/",
        "/sitemap.xml",
        "/sitemap-claims.xml",
        "/robots.txt",
        "/ratings.css",
        "/about/",
        "/methodology/",
        "/submit/",
        "/api/v1/claims/",
        f"/api/v1/claims/{claim.pk}/",
        f"/api/v1/claims/{claim.pk}/claimreview/",
        "/api/v1/claimreview/",
        "/api/v1/statements/",
        "/api/v1/speakers/",
        "/api/v1/topics/",
        "/api/v1/ratings/",
        "/api/v1/corrections/",
        "/api/factchecktools/v1alpha1/claims:search?query=Kashmir",
        "/healthz",
    ]


def test_everything_answers_while_redis_is_down_and_the_outage_is_logged_once(
    redis_server, published_claim, caplog, settings
):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    client = HttpsClient()
    assert client.get("/").status_code == 200
    assert redis_server.client().dbsize() > 0  # the page went to Redis

    redis_server.stop()
    caplog.set_level(logging.INFO, logger=backends.__name__)
    answers = {path: client.get(path).status_code for path in every_page(published_claim)}
    answers["/api/v1/changes/"] = client.get("/api/v1/changes/").status_code
    submitted = client.post("/submit/", SUBMISSION)

    assert answers == dict.fromkeys(answers, 200)
    assert submitted.status_code == 302
    assert ClaimSubmission.objects.filter(claim_text=SUBMISSION["claim_text"]).exists()
    [outage] = outage_records(caplog)
    assert outage.levelno == logging.ERROR
    assert f"Redis at 127.0.0.1:{redis_server.port}/0 is unreachable" in outage.getMessage()

    # Pages are still never stale: a change made during the outage shows at once.
    Claim.objects.filter(pk=published_claim.pk).update(text="Modi asked Trump to arbitrate")
    assert "to arbitrate" in client.get(published_claim.get_absolute_url()).content.decode()

    redis_server.start()
    caplog.clear()
    assert client.get("/claims/").status_code == 200
    [recovered] = outage_records(caplog)
    assert "answers again" in recovered.getMessage()
    assert redis_server.client().dbsize() > 0  # and pages go to Redis again


def test_api_throttle_counts_in_the_process_while_redis_is_down(
    redis_server, published_claim, settings
):
    settings.API_THROTTLE_ANON_RATE = "3/min"
    client = HttpsClient()
    redis_server.stop()

    # The same address each time: answers from the cache are throttled too.
    answers = [client.get("/api/v1/claims/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_submission_limit_counts_in_the_process_while_redis_is_down(redis_server, settings, db):
    settings.SUBMISSION_RATE_LIMIT = 1
    client = HttpsClient()
    redis_server.stop()

    first = client.post("/submit/", SUBMISSION)
    second = client.post("/submit/", {**SUBMISSION, "claim_text": "A second claim."})

    assert (first.status_code, second.status_code) == (302, 429)
    assert ClaimSubmission.objects.count() == 1


def test_the_fallback_is_this_process_memory_not_nothing(redis_server):
    assert cache.redis_answers()
    redis_server.stop()
    assert not cache.redis_answers()  # what a readiness check should report
    cache.set("kept", "in memory")
    assert cache.get("kept") == "in memory"
    assert cache.add("kept", "again") is False
