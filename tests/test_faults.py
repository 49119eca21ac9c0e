"""Faults survived, for real: the production start command against a PostgreSQL cluster of the
test's own, stopped and started while the site is serving (issue 10).

The cluster is created on a spare port and dropped afterwards; the machine's main cluster is
never touched. Needs Debian's postgresql-common (pg_createcluster), as CI has.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .test_deploy import ROOT, free_port, production_env

CLUSTER = os.environ.get("FAULT_TEST_PG_CLUSTER", "fc_harden_1")
PORT = int(os.environ.get("FAULT_TEST_PG_PORT", "5440"))
VERSION = os.environ.get("FAULT_TEST_PG_VERSION", "15")

pytestmark = pytest.mark.skipif(
    shutil.which("pg_createcluster") is None and not os.environ.get("CI"),
    reason="needs Debian's pg_createcluster to run a PostgreSQL cluster of its own",
)


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def pg_ready() -> bool:
    result = subprocess.run(
        ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(PORT)], check=False, timeout=30
    )
    return result.returncode == 0


def wait_until(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture(scope="module")
def own_postgres():
    """A PostgreSQL cluster of the test's own, with an empty `factcheck` database."""
    subprocess.run(["pg_dropcluster", "--stop", VERSION, CLUSTER], check=False, capture_output=True)
    run("pg_createcluster", VERSION, CLUSTER, "-p", str(PORT), "--", "--auth=trust")
    try:
        run("pg_ctlcluster", VERSION, CLUSTER, "start")
        assert wait_until(pg_ready)
        run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(PORT),
            "-U",
            "postgres",
            "-c",
            "CREATE DATABASE factcheck",
        )
        yield f"postgres://postgres@127.0.0.1:{PORT}/factcheck"
    finally:
        subprocess.run(
            ["pg_dropcluster", "--stop", VERSION, CLUSTER], check=False, capture_output=True
        )


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def web(own_postgres, tmp_path_factory):
    """bin/start-web serving from the test's own cluster; yields (base URL, log path)."""
    port = free_port()
    tmp_path = tmp_path_factory.mktemp("web")
    env = production_env(
        DATABASE_URL=own_postgres,
        PORT=str(port),
        BIND="127.0.0.1",
        WEB_CONCURRENCY="2",
        PYTHON=sys.executable,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        LOAD_SEED_STORY="1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_OUTAGE_RETRY_AFTER="17",
    )
    env.pop("REDIS_URL", None)
    log_path = tmp_path / "web.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(ROOT / "bin" / "start-web")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:

            def healthy():
                try:
                    return get(f"{base}/healthz")[0] == 200
                except (urllib.error.URLError, ConnectionError):
                    return process.poll() is not None

            assert wait_until(healthy, 180), log_path.read_text()
            assert process.poll() is None, log_path.read_text()
            yield base, log_path
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


CLAIM_PAGE = "/claims/modi-asked-trump-to-mediate-on-kashmir/"
PAGES = ["/", CLAIM_PAGE, "/claims/", "/speakers/", "/search/?q=kashmir", "/submit/"]
API = ["/api/v1/claims/", "/api/v1/speakers/", "/api/v1/claims/1/"]


def test_a_database_outage_is_a_503_with_retry_after_and_recovers_by_itself(web):
    base, log_path = web
    assert get(f"{base}{CLAIM_PAGE}")[0] == 200
    assert get(f"{base}/api/v1/claims/")[0] == 200

    run("pg_ctlcluster", VERSION, CLUSTER, "stop", "-m", "fast")
    try:
        answers = []
        for _ in range(3):
            for path in PAGES + API:
                answers.append((path, *get(f"{base}{path}")))
        assert {status for _, status, _, _ in answers} == {503}
        for path, _, headers, body in answers:
            assert headers["Retry-After"] == "17"
            if path.startswith("/api/"):
                assert json.loads(body)["code"] == "service_unavailable"
            else:
                assert headers["Content-Type"].startswith("text/html")
                assert b"Briefly unavailable" in body

        status, _, body = get(f"{base}/healthz")
        assert status == 503
        status, _, body = get(f"{base}/readyz")
        assert status == 503
        assert (
            json.loads(body)["checks"]
            == {
                "database": "unavailable",
                "cache": "ok",
                "task_queue": "unavailable",
            }
            or json.loads(body)["checks"]["database"] == "unavailable"
        )
    finally:
        run("pg_ctlcluster", VERSION, CLUSTER, "start")
    assert wait_until(pg_ready)

    # The same web processes, with their old connections gone: they reconnect by themselves.
    assert wait_until(lambda: get(f"{base}{CLAIM_PAGE}")[0] == 200, 30)
    statuses = [get(f"{base}{path}")[0] for path in PAGES + API]
    assert statuses == [200] * len(statuses)
    assert get(f"{base}/readyz")[0] == 200

    log = log_path.read_text()
    assert "Database unavailable, answering 503" in log
    assert "Internal Server Error" not in log
    assert '" 500 ' not in log


def test_the_access_log_names_the_real_client_and_no_key(web):
    base, log_path = web
    status, _, _ = get(
        f"{base}/api/v1/claims/?page_size=2&key=AIza-SECRET-KEY",
        **{"X-Forwarded-For": "203.0.113.99", "X-API-Key": "AIza-OTHER-SECRET"},
    )
    assert status in (200, 401)
    time.sleep(0.5)
    log = log_path.read_text()
    line = next(line for line in log.splitlines() if "/api/v1/claims/?page_size=2" in line)
    assert "key=[redacted]" in line
    assert "AIza-SECRET-KEY" not in log
    assert "AIza-OTHER-SECRET" not in log
    assert line.startswith("127.0.0.1 ")
    assert "203.0.113.99" not in line
