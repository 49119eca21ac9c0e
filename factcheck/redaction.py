"""Secrets never reach a log line or an error report.

API keys (`?key=`, `X-API-Key`), session and CSRF cookies, passwords, one-time codes and
password-reset tokens are replaced by `[redacted]` wherever they appear in text: Django's and
the app's log records, gunicorn's access log (factcheck/gunicorn.py), the error emails sent to
ADMINS and the events sent to Sentry.
"""

import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

REDACTED = "[redacted]"

# Query-string and form parameters whose value is a secret.
SECRET_PARAMETERS = (
    "key",
    "api_key",
    "apikey",
    "access_token",
    "token",
    "otp_token",
    "password",
    "password1",
    "password2",
    "old_password",
    "new_password1",
    "new_password2",
    "secret",
    "signature",
)
_NAMES = "|".join(SECRET_PARAMETERS)
_PARAMETER = re.compile(rf"(?P<name>(?:^|(?<=[?&;\s\"']))(?:{_NAMES})=)[^&;\s\"'#]*", re.IGNORECASE)
_COOKIE = re.compile(r"(?P<name>(?:__Host-)?(?:sessionid|csrftoken)=)[^;,\s\"']*", re.IGNORECASE)
_HEADER = re.compile(
    r"(?P<name>(?:x-api-key|authorization|cookie)[\"']?\s*[:=]\s*[\"']?)[^\"'\n]*", re.IGNORECASE
)
# Django's password reset link: /…/reset/<uidb64>/<token>/
_RESET_LINK = re.compile(r"(?P<name>/reset/)[^/\s?]+/[^/\s?\"']+")


def redact(text: str) -> str:
    """`text` with every secret value it carries replaced by [redacted]."""
    if not text:
        return text
    text = _RESET_LINK.sub(rf"\g<name>{REDACTED}/{REDACTED}", text)
    text = _HEADER.sub(rf"\g<name>{REDACTED}", text)
    text = _COOKIE.sub(rf"\g<name>{REDACTED}", text)
    return _PARAMETER.sub(rf"\g<name>{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """A logging filter: the record's message (arguments included) is redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class RedactingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, extended to the query string, the address and the reset link."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DSN", flags=re.IGNORECASE
    )

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            name: redact(value) if isinstance(value, str) else value for name, value in meta.items()
        }


class RedactingExceptionReporter(ExceptionReporter):
    """Error reports (the emails to ADMINS) without secrets in the GET parameters or address."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = [
                (name, REDACTED if name.lower() in SECRET_PARAMETERS else value)
                for name, value in self.request.GET.items()
            ]
            data["request_insecure_uri"] = redact(data["request_insecure_uri"])
        return data


def redact_sentry_event(event: dict, hint: dict) -> dict:
    """Sentry's before_send: the request's address, query string and headers redacted."""
    request = event.get("request") or {}
    for field in ("url", "query_string"):
        if isinstance(request.get(field), str):
            request[field] = redact(request[field])
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in {"x-api-key", "authorization", "cookie"}:
            headers[name] = REDACTED
        elif isinstance(headers[name], str):
            headers[name] = redact(headers[name])
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values", []):
        if isinstance(breadcrumb.get("message"), str):
            breadcrumb["message"] = redact(breadcrumb["message"])
    return event
