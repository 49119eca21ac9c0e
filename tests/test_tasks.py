"""The task queue: work queued on commit runs in the real worker, in process and as a script."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck.tasks import email_on_commit
from tests.test_deploy import ROOT, manage, production_env, throwaway_database


def run_worker_until_idle():
    """The real worker (django-tasks-db's db_worker), stopping once the queue is empty."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*",
        verbosity=0,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_mail_waits_for_the_commit_and_is_sent_by_the_worker():
    with transaction.atomic():
        email_on_commit(subject="Assigned to you", body="A claim.", recipients=["a@example.org"])
        assert not DBTaskResult.objects.exists(), "queued before the change committed"

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.READY
    assert mail.outbox == [], "sent inside the request instead of by the worker"

    run_worker_until_idle()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert [(m.subject, m.to) for m in mail.outbox] == [("Assigned to you", ["a@example.org"])]


@pytest.mark.django_db(transaction=True)
def test_mail_is_never_queued_when_the_change_rolls_back():
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        email_on_commit(subject="Published", body="-", recipients=["a@example.org"])
        raise Abandoned

    run_worker_until_idle()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_recorded_and_does_not_stop_the_worker(settings):
    settings.EMAIL_BACKEND = "tests.test_tasks.BrokenMailServer"
    email_on_commit(subject="First", body="-", recipients=["a@example.org"])
    settings_ok = "django.core.mail.backends.locmem.EmailBackend"

    run_worker_until_idle()
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED

    settings.EMAIL_BACKEND = settings_ok
    email_on_commit(subject="Second", body="-", recipients=["a@example.org"])
    run_worker_until_idle()
    assert [m.subject for m in mail.outbox] == ["Second"]


class BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.mark.django_db
def test_the_worker_start_script_runs_queued_work(tmp_path):
    """bin/start-worker, what docker-compose's worker service runs, takes work off the queue."""
    with throwaway_database(tmp_path) as database_url:
        env = production_env(
            DATABASE_URL=database_url,
            PYTHON=sys.executable,
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        )
        assert manage("migrate", "--noinput", env=env).returncode == 0
        queued = manage(
            "shell", "-c",
            "from factcheck.tasks import send_email; "
            "print(send_email.enqueue(subject='Queued from the web', body='-', "
            "recipients=['desk@example.org']).id)",
            env=env,
        )  # fmt: skip
        assert queued.returncode == 0, queued.stderr
        log_path = tmp_path / "worker.log"
        with log_path.open("w") as log:
            worker = subprocess.Popen(
                [str(ROOT / "bin" / "start-worker")],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and "Subject: Queued from the web" not in (
                    log_path.read_text()
                ):
                    assert worker.poll() is None, log_path.read_text()
                    time.sleep(0.3)
                assert "Subject: Queued from the web" in log_path.read_text()
            finally:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)
        status = manage(
            "shell", "-c",
            "from django_tasks_db.models import DBTaskResult; "
            "print(DBTaskResult.objects.get().status)",
            env=env,
        )  # fmt: skip
        assert status.stdout.strip().splitlines()[-1] == "SUCCESSFUL"


def test_docker_compose_runs_the_tested_worker_script():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    worker = compose["services"]["worker"]
    assert worker["command"] == ["bin/start-worker"]
    assert (
        worker["environment"]["DATABASE_URL"]
        == compose["services"]["web"]["environment"]["DATABASE_URL"]
    )
