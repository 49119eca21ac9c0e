"""Production settings and bin/start-web, the command docker-compose's `web` service runs."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "factcheck.example.org",
    "SITE_URL": "https://factcheck.example.org",
}


def production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECURE_SSL_REDIRECT", "DEBUG"}}
    return {**env, **PRODUCTION_ENV, **overrides}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set when DEBUG is off"),
        ("SITE_URL", "SITE_URL must be the site's public address"),
    ],
)
def test_production_refuses_to_start_without(variable, message):
    env = production_env()
    del env[variable]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_database(tmp_path):
    """A DATABASE_URL for an empty database of the kind this test run uses."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'web.sqlite3'}"
        return
    import psycopg2

    settings = connection.settings_dict
    name = f"factcheck_webtest_{uuid.uuid4().hex[:12]}"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = server["user"] + (f":{server['password']}" if server["password"] else "")
        yield f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.django_db
def test_the_web_start_script_serves_health_pages_and_static_files(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with throwaway_database(tmp_path) as database_url:
        env = production_env(
            DATABASE_URL=database_url,
            PORT=str(port),
            BIND="127.0.0.1",
            WEB_CONCURRENCY="1",
            PYTHON=sys.executable,
            # As docker-compose.yml does, so that its health check's Host header is allowed.
            ALLOWED_HOSTS="factcheck.example.org,127.0.0.1,localhost",
            STATIC_ROOT=str(tmp_path / "static"),
            LOAD_SEED_STORY="1",
            # No TLS proxy in front of it here; in production the redirect stays on.
            SECURE_SSL_REDIRECT="0",
        )
        log = (tmp_path / "web.log").open("w")
        process = subprocess.Popen(
            [str(ROOT / "bin" / "start-web")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            status = None
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    status, _, body = get(f"{base}/healthz")
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.5)
            output = (tmp_path / "web.log").read_text()
            assert status == 200, f"no answer from /healthz; the script said:\n{output}"
            assert b'"database": "ok"' in body

            status, headers, body = get(f"{base}/claims/modi-asked-trump-to-mediate-on-kashmir/")
            assert status == 200
            assert "script-src 'self'" in headers["Content-Security-Policy"]
            assert headers["X-Content-Type-Options"] == "nosniff"

            # The stylesheet is served by WhiteNoise under its hashed, cacheable name.
            stylesheet = body.decode().split('rel="stylesheet" href="')[1].split('"')[0]
            assert stylesheet.startswith("/static/statements/site.")
            assert stylesheet != "/static/statements/site.css"
            status, headers, _ = get(f"{base}{stylesheet}")
            assert status == 200
            assert "max-age" in headers["Cache-Control"]
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            log.close()


def test_docker_compose_runs_the_tested_start_script():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    assert web["command"] == ["bin/start-web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "healthcheck" in compose["services"]["db"]
    # Secrets come from the environment, never from the file.
    assert web["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")
    # The health check probes 127.0.0.1: that host must always be allowed.
    assert web["environment"]["ALLOWED_HOSTS"].endswith(",127.0.0.1,localhost")
    # Published on loopback only: the proxy in front is trusted for X-Forwarded-Proto.
    assert web["ports"] == ["127.0.0.1:8000:8000"]
