"""Headers, input bounds, secrets kept out of logs and the readiness check (issue 10)."""

import datetime
import logging
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone

from factcheck.redaction import RedactingExceptionReporter, redact
from pages.models import ClaimSubmission
from statements.models import Source, Statement

from .conftest import HttpsClient
from .factories import SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


# --- Headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/claims/",
        "/api/v1/claims/",
        "/api/nowhere/",
        "/no-such-page/",
        "/admin/login/",
        "/healthz",
        "/readyz",
        "/feeds/claims/",
        "/sitemap.xml",
    ],
)
def test_every_response_carries_permissions_and_resource_policies(client, path):
    response = HttpsClient().get(path)

    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_cookies_use_the_host_prefix_over_https(fact_checker):
    client = HttpsClient()
    page = client.get("/admin/login/")
    assert "__Host-csrftoken" in page.cookies
    response = client.post(
        "/admin/login/",
        {"username": "fact-checker", "password": "a-long-test-password"},
    )
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/corrections/x/",
        "/api/v1/sources/x/",
        "/api/v1/sources/1.5/",
        "/api/v1/sources/%00/",
        "/api/v1/corrections/99999999999999999999999/",
        "/api/v1/claims/1/claimreview/x/",
        "/api/v1/nowhere/",
        "/api/v2/claims/",
    ],
)
def test_every_api_error_is_json(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_an_api_server_error_is_json():
    client = HttpsClient(raise_request_exception=False)
    with mock.patch(
        "statements.api.views.RatingViewSet.get_queryset", side_effect=RuntimeError("boom")
    ):
        response = client.get("/api/v1/ratings/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Server error; it has been reported.",
        "code": "server_error",
    }


# --- Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said_on", "message"),
    [
        (datetime.date(3000, 1, 1), "is in the future"),
        (datetime.date(1, 1, 1), "from 1 January 1800 on"),
        (datetime.date(1799, 12, 31), "from 1 January 1800 on"),
        (timezone.localdate() + datetime.timedelta(days=3), "is in the future"),
    ],
)
def test_a_statement_cannot_be_said_before_1800_or_in_the_future(said_on, message):
    statement = StatementFactory.build(said_on=said_on, speaker=None, source=None)
    with pytest.raises(ValidationError) as error:
        statement.clean_fields(exclude=["speaker", "speaking_for", "source"])
    assert message in str(error.value.message_dict["said_on"])


@pytest.mark.parametrize("said_on", [datetime.date(1800, 1, 1), timezone.localdate()])
def test_the_range_includes_its_ends(said_on):
    statement = StatementFactory(said_on=said_on)
    statement.full_clean()


def test_the_database_refuses_a_statement_before_1800():
    from django.db import IntegrityError, transaction

    statement = StatementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(said_on=datetime.date(1, 1, 1))


def test_a_source_cannot_be_published_in_the_future():
    source = SourceFactory.build(published_at=timezone.now() + datetime.timedelta(days=400))
    with pytest.raises(ValidationError) as error:
        source.clean_fields()
    assert "is in the future" in str(error.value.message_dict["published_at"])
    assert Source.objects.count() == 0


def test_the_desk_form_says_why_a_date_is_refused(make_desk_client, editor, published_claim):
    from .conftest import admin_form_data

    statement = published_claim.stances.first().statement
    desk = make_desk_client(editor)
    url = f"/admin/statements/statement/{statement.pk}/change/"
    data = admin_form_data(desk.get(url))
    data["said_on"] = "3000-01-01"

    response = desk.post(url, data)

    assert response.status_code == 200
    assert "3000-01-01 is in the future" in response.content.decode()
    statement.refresh_from_db()
    assert statement.said_on == datetime.date(2019, 7, 22)


# --- Reader submissions ----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["claim_text", "where_seen", "said_by"])
def test_an_overlong_submission_is_refused_without_echoing_it(client, field):
    text = "The river is clean. " * 49_999 + "Really, it is"  # a megabyte
    data = {"claim_text": "A claim", field: text}

    response = client.post("/submit/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"you sent {len(text)}" in page
    assert len(page) < 20_000
    assert not ClaimSubmission.objects.exists()


# --- Secrets in logs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("GET /api/factchecktools/v1alpha1/claims:search?query=x&key=AIza-SECRET", "AIza-SECRET"),
        ("GET /api/v1/claims/?KEY=AIza-SECRET&page_size=2", "AIza-SECRET"),
        ("GET /api/v1/claims/?api_key=AIza-SECRET", "AIza-SECRET"),
        ("Cookie: __Host-sessionid=s3ss10n; __Host-csrftoken=csrf", "s3ss10n"),
        ("sessionid=s3ss10n", "s3ss10n"),
        ("X-API-Key: AIza-SECRET", "AIza-SECRET"),
        ("GET /admin/account/reset/MQ/cn8xyz-0123abcd/ HTTP/1.1", "cn8xyz-0123abcd"),
        ("POST /admin/login/ password=hunter2hunter2", "hunter2hunter2"),
    ],
)
def test_secrets_are_redacted(line, secret):
    redacted = redact(line)
    assert secret not in redacted
    assert "[redacted]" in redacted


def test_the_app_logs_carry_no_api_key(api_client, caplog):
    caplog.set_level(logging.INFO)
    response = api_client.get("/api/v1/claims/", {"page_size": "0", "key": "AIza-SECRET"})
    assert response.status_code == 400
    handler = logging.getLogger().handlers[0]
    lines = [handler.format(record) for record in caplog.records]
    assert lines
    assert not any("AIza-SECRET" in line for line in lines)


def test_error_reports_carry_no_secret():
    request = RequestFactory().get(
        "/api/v1/claims/?key=AIza-SECRET",
        HTTP_X_API_KEY="AIza-OTHER",
        HTTP_COOKIE="__Host-sessionid=s3ss10n",
    )
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        report = RedactingExceptionReporter(request, type(error), error, None).get_traceback_text()
    for secret in ("AIza-SECRET", "AIza-OTHER", "s3ss10n"):
        assert secret not in report


def test_the_gunicorn_access_log_is_redacted_and_names_the_client(monkeypatch):
    from gunicorn.config import Config

    from factcheck.gunicorn import AccessLogger

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    logger = AccessLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/api/factchecktools/v1alpha1/claims:search?query=x&key=AIza-SECRET",
        "PATH_INFO": "/api/factchecktools/v1alpha1/claims:search",
        "QUERY_STRING": "query=x&key=AIza-SECRET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.2",
        "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.7",
    }
    response = mock.Mock(status="200 OK", sent=10, headers=[])
    request = mock.Mock(headers=[("X-API-KEY", "AIza-SECRET"), ("COOKIE", "sessionid=abc")])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(seconds=1))

    line = logger.cfg.access_log_format % atoms
    assert "AIza-SECRET" not in line
    assert "key=[redacted]" in line
    assert atoms["h"] == "203.0.113.7"
    assert atoms["{x-api-key}i"] == "[redacted]"


# --- Readiness -------------------------------------------------------------------------------


def test_readyz_reports_each_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "task_queue": "ok"},
    }


def test_readyz_names_the_dependency_that_failed(client):
    with mock.patch("django.core.cache.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "unavailable",
        "task_queue": "ok",
    }


def test_readyz_reports_the_database_apart(client):
    with mock.patch(
        "factcheck.readiness.connection.cursor", side_effect=OperationalError("refused")
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"
    assert response.json()["checks"]["cache"] == "ok"


# --- Error reporting -------------------------------------------------------------------------


def test_a_server_error_is_emailed_to_admins_without_secrets(settings, mailoutbox):
    settings.ADMINS = [("Desk admins", "admins@example.org")]
    client = HttpsClient(raise_request_exception=False)
    with mock.patch(
        "statements.api.views.RatingViewSet.get_queryset", side_effect=RuntimeError("boom")
    ):
        response = client.get(
            "/api/v1/ratings/?token=AIza-SECRET", HTTP_COOKIE="csrftoken=AIza-OTHER"
        )

    assert response.status_code == 500, response.content
    [report] = mailoutbox
    assert report.to == ["admins@example.org"]
    assert "RuntimeError" in report.body
    assert "AIza-SECRET" not in report.body + report.subject
    assert "AIza-OTHER" not in report.body


def test_sentry_is_set_up_only_when_a_dsn_is_given():
    from .test_deploy import manage, production_env

    probe = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    with_dsn = manage(
        "shell", "-c", probe, env=production_env(SENTRY_DSN="https://key@sentry.example.org/1")
    )
    without = manage("shell", "-c", probe, env=production_env(SENTRY_DSN=""))

    assert with_dsn.stdout.strip().endswith("True"), with_dsn.stderr
    assert without.stdout.strip().endswith("False"), without.stderr


def test_sentry_events_carry_no_secret():
    from factcheck.redaction import redact_sentry_event

    event = {
        "request": {
            "url": "https://factcheck.example.org/api/v1/claims/?key=AIza-SECRET",
            "query_string": "key=AIza-SECRET&page_size=2",
            "headers": {"X-Api-Key": "AIza-OTHER", "Referer": "https://x.example/?key=AIza-3"},
        },
        "breadcrumbs": {"values": [{"message": "GET /admin/account/reset/MQ/abc-123/"}]},
    }
    text = str(redact_sentry_event(event, {}))
    for secret in ("AIza-SECRET", "AIza-OTHER", "AIza-3", "abc-123"):
        assert secret not in text
    assert "page_size=2" in text
