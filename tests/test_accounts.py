"""Accounts that resist attack (issue 10): lockout, second factor, password policy, idle
timeout and password reset. Logins go through the desk's real sign-in form."""

import datetime
import logging
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from accounts.services import second_factor_issue

from .conftest import HttpsClient
from .factories import UserFactory
from .test_tasks import run_worker_until_idle

PASSWORD = "a-long-test-password"  # tests/factories.py
LOGIN = "/admin/login/"


def sign_in(client, username, password, address="198.51.100.20", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


# --- Lockout ---------------------------------------------------------------------------------


def test_thirty_failed_logins_lock_the_account_until_the_lockout_ends(editor, caplog):
    second_factor_issue(user=editor)
    client = HttpsClient()
    caplog.set_level(logging.INFO, logger="axes")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        answers = [sign_in(client, "editor", f"wrong-password-{n}").status_code for n in range(30)]
        refused = sign_in(client, "editor", PASSWORD)

    # The first failures show the form again; then every attempt is locked out.
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1)
    assert answers[limit - 1 :] == [429] * (30 - limit + 1)
    assert refused.status_code == 429
    assert b"Sign-in locked" in refused.content
    assert not signed_in(client)

    # Every failure logged with the account and the address; the lockout too; no password.
    failures = [r.getMessage() for r in caplog.records if "login failure" in r.getMessage()]
    assert len(failures) >= limit
    assert all('username: "editor"' in m and "198.51.100.20" in m for m in failures)
    assert any("Locking out" in r.getMessage() for r in caplog.records)
    assert not any(
        "wrong-password" in r.getMessage() or PASSWORD in r.getMessage() for r in caplog.records
    )

    # Still locked just before the lockout ends, open just after.
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=30)):
        assert sign_in(client, "editor", PASSWORD).status_code == 429
        assert not signed_in(client)
    # (That refused attempt restarted the lockout, as every attempt during one does.)
    later = start + 2 * settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        response = sign_in(client, "editor", PASSWORD)
        assert response.status_code == 302
        assert signed_in(client)


def test_failures_from_one_address_lock_it_out_for_every_account(editor, fact_checker):
    client = HttpsClient()
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"nobody-{n}", "wrong-password", address="203.0.113.66")

    assert sign_in(client, "fact-checker", PASSWORD, address="203.0.113.66").status_code == 429
    assert not signed_in(client)
    # Another address may still sign in to that account.
    assert sign_in(client, "fact-checker", PASSWORD, address="203.0.113.67").status_code == 302


# --- Second factor ---------------------------------------------------------------------------

DESK_PAGES = [
    "/admin/",
    "/admin/statements/claim/",
    "/admin/statements/claim/add/",
    "/admin/accounts/user/",
    "/admin/password_change/",
]


@pytest.mark.parametrize("role", ["editor", "superuser"])
@pytest.mark.parametrize("page", DESK_PAGES)
def test_a_password_alone_does_not_reach_the_desk_for_editors(db, request, role, page):
    user = request.getfixturevalue(role)
    client = HttpsClient()
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    assert signed_in(client)

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor-setup") + "?next=")


def test_an_unverified_editor_cannot_preview_drafts(editor, make_claim):
    draft = make_claim(status="draft")
    client = HttpsClient()
    sign_in(client, "editor", PASSWORD)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_fact_checker_may_go_without_a_second_factor(fact_checker):
    client = HttpsClient()
    sign_in(client, "fact-checker", PASSWORD)

    assert client.get("/admin/").status_code == 200


def test_an_editor_sets_up_the_second_factor_with_a_qr_code(editor):
    client = HttpsClient()
    sign_in(client, "editor", PASSWORD)
    setup = client.get(reverse("second-factor-setup") + "?next=/admin/statements/claim/")
    assert setup.status_code == 200
    assert re.search(rb'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', setup.content)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    wrong = client.post(reverse("second-factor-setup"), {"code": "000000"})
    assert wrong.status_code == 200
    assert b"did not match" in wrong.content
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0  # the wrong code's back-off is not under test here
    device.save()

    done = client.post(
        reverse("second-factor-setup"),
        {"code": current_code(device), "next": "/admin/statements/claim/"},
    )
    assert done.status_code == 302
    codes_page = client.get(done["Location"])
    codes = re.findall(rb"<li><code>([a-z2-7]{8})</code></li>", codes_page.content)
    assert len(codes) == settings.SECOND_FACTOR_RECOVERY_CODES
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/statements/claim/").status_code == 200
    # Shown once only.
    assert client.get(reverse("second-factor-recovery-codes")).status_code == 302


def test_after_the_password_the_desk_asks_for_a_code_and_a_recovery_code_works_once(editor):
    _, codes = second_factor_issue(user=editor)
    client = HttpsClient()
    sign_in(client, "editor", PASSWORD)

    asked = client.get("/admin/")
    assert asked["Location"].startswith(reverse("second-factor-verify"))
    refused = client.post(reverse("second-factor-verify"), {"code": "123456", "next": "/admin/"})
    assert refused.status_code == 200
    assert client.get("/admin/").status_code == 302

    accepted = client.post(reverse("second-factor-verify"), {"code": codes[0], "next": "/admin/"})
    assert accepted.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    other = HttpsClient()
    sign_in(other, "editor", PASSWORD)
    again = other.post(reverse("second-factor-verify"), {"code": codes[0], "next": "/admin/"})
    assert again.status_code == 200
    assert other.get("/admin/").status_code == 302


def test_demo_accounts_give_make_run_an_editor_who_can_sign_in(db, settings, capsys):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("create_demo_accounts")
    out = capsys.readouterr().out
    password = next(line.split()[1] for line in out.splitlines() if line.startswith("  editor "))
    recovery = out.split("recovery code once:")[1].split()[0]
    assert "otpauth://totp/" in out

    client = HttpsClient()
    sign_in(client, "editor", password)
    client.post(reverse("second-factor-verify"), {"code": recovery})
    assert client.get("/admin/").status_code == 200


# --- Passwords, sessions ---------------------------------------------------------------------


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_twelve_characters_are_enough():
    validate_password("tea-kettle-saturn")


def test_a_desk_session_ends_after_the_idle_timeout(fact_checker):
    client = HttpsClient()
    start = timezone.now()
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start, tick=False):
        sign_in(client, "fact-checker", PASSWORD)
    # Each request renews the expiry...
    with time_machine.travel(start + idle * 0.75, tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + idle * 1.5, tick=False):
        assert client.get("/admin/").status_code == 200
    # ...and a pause longer than the timeout ends the session.
    with time_machine.travel(start + idle * 2.6, tick=False):
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- Password reset --------------------------------------------------------------------------


# The reset tests commit, as requests do, so that the mail is queued on commit and sent by the
# task queue's real worker; conftest's _migrated_rows puts the migrations' rows (groups,
# the rating scale) back before each.


def request_reset(client, email):
    """Ask for a reset link; the mail goes out from the task queue's real worker."""
    response = client.post(reverse("admin_password_reset"), {"email": email})
    run_worker_until_idle()
    return response


@pytest.mark.django_db(transaction=True)
def test_staff_reset_a_forgotten_password_by_email(fact_checker):
    fact_checker.email = "farah@example.org"
    fact_checker.save()
    client = HttpsClient()
    assert b"Forgotten your login credentials?" in client.get(LOGIN).content

    sent = request_reset(client, "farah@example.org")
    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(settings.SITE_URL + "/admin/account/reset/")

    form = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    set_url = form.redirect_chain[-1][0]
    short = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert short.status_code == 200
    new = "a-brand-new-long-password"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    fact_checker.refresh_from_db()
    assert fact_checker.check_password(new)


@pytest.mark.parametrize("who", ["a reader account", "no account"])
@pytest.mark.django_db(transaction=True)
def test_a_reset_request_does_not_reveal_whether_an_account_exists(fact_checker, who):
    fact_checker.email = "farah@example.org"
    fact_checker.save()
    if who == "a reader account":
        UserFactory(email="reader@example.org", is_staff=False)
    client = HttpsClient()
    staff = request_reset(client, "farah@example.org")
    other = request_reset(client, "reader@example.org")

    assert (staff.status_code, staff["Location"]) == (other.status_code, other["Location"])
    assert [m.to for m in mail.outbox] == [["farah@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_password_reset_requests_are_rate_limited(fact_checker):
    fact_checker.email = "farah@example.org"
    fact_checker.save()
    client = HttpsClient()
    answers = [
        client.post(reverse("admin_password_reset"), {"email": "farah@example.org"}).status_code
        for _ in range(settings.PASSWORD_RESET_RATE_LIMIT + 1)
    ]

    assert answers == [302] * settings.PASSWORD_RESET_RATE_LIMIT + [429]
    # One message queued for each request let through, none for the refused one.
    assert DBTaskResult.objects.count() == settings.PASSWORD_RESET_RATE_LIMIT
