"""Signed webhooks: outbox in the change's transaction, the real worker, a real receiver that
verifies signatures with the `standardwebhooks` package, retries, ordering and disabling."""

import importlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from integrations.models import (
    DeliveryStatus,
    OutboxEvent,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from integrations.services import webhook_endpoint_save, webhook_url_check
from statements import services
from statements.models import Verdict

RECEIVER_PORT = 8611
ALL_EVENTS = list(WebhookEvent.values)


class Receiver:
    """An HTTP receiver on 127.0.0.1 that verifies each request as a partner would.

    `fail_first` requests are answered 500 (after verifying), the rest 204; accepted events
    are kept in arrival order.
    """

    def __init__(self, port: int, secret: str = "", fail_first: int = 0):
        self.secret, self.fail_first = secret, fail_first
        self.requests = 0
        self.accepted: list[dict] = []
        self.rejected: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests += 1
                try:
                    payload = Webhook(receiver.secret).verify(body, dict(self.headers))
                except WebhookVerificationError as error:
                    receiver.rejected.append(str(error))
                    self.send_response(400)
                    self.end_headers()
                    return
                if receiver.requests <= receiver.fail_first:
                    self.send_response(500)
                else:
                    receiver.accepted.append({"id": self.headers["webhook-id"], **payload})
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def run_worker_until_idle():
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*",
        verbosity=0,
    )  # fmt: skip


@pytest.fixture
def webhook_settings(settings, transactional_db):
    """Also puts back what migrations install (the rating scale, the desk's groups), which a
    transactional test's flush removes. (Not serialized_rollback: a transactional test before
    this one without it leaves the groups behind, and restoring them again would collide.)"""
    from django.apps import apps

    from statements.roles import roles_sync

    importlib.import_module("statements.migrations.0002_default_rating_scale").install_scale(
        apps, None
    )
    roles_sync()
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_RETRY_DELAYS = [0, 0, 0, 0]
    settings.WEBHOOK_TIMEOUT = 5
    return settings


def register(url: str, events=ALL_EVENTS) -> WebhookEndpoint:
    return webhook_endpoint_save(endpoint=WebhookEndpoint(url=url, events=events))


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_fails_twice_gets_every_event_once_in_order_per_claim(
    webhook_settings, make_claim, fact_checker, editor
):
    first = make_claim(status="in_review")
    second = make_claim(status="in_review")
    with Receiver(RECEIVER_PORT, fail_first=2) as receiver:
        endpoint = register(receiver.url)
        receiver.secret = endpoint.secret
        run_worker_until_idle()  # nothing to send yet

        services.claim_publish(claim=first, user=editor)
        services.claim_publish(claim=second, user=editor)
        services.correction_create(
            verdict=Verdict.objects.get(claim=first), user=editor, text="We corrected the date."
        )
        first.refresh_from_db()
        first.text = "A reworded claim"
        services.claim_save(claim=first, user=editor)
        services.claim_retract(claim=second, user=editor, notice="The video was fake.")

        for _ in range(20):
            run_worker_until_idle()
            if len(receiver.accepted) == 5:
                break

    assert receiver.rejected == []
    assert receiver.requests == 5 + 2
    ids = [event["id"] for event in receiver.accepted]
    assert len(set(ids)) == 5, "an event arrived twice"
    by_claim: dict[int, list[str]] = {}
    for event in receiver.accepted:
        by_claim.setdefault(event["data"]["claim"]["id"], []).append(event["type"])
    assert by_claim == {
        first.pk: ["claim.published", "claim.corrected", "claim.updated"],
        second.pk: ["claim.published", "claim.retracted"],
    }
    updated = receiver.accepted[3]
    assert updated["data"]["claim"]["text"] == "A reworded claim"
    assert updated["data"]["claim"]["html_url"].endswith(first.get_absolute_url())
    retracted = receiver.accepted[4]["data"]["claim"]
    assert (retracted["status"], retracted["retraction_notice"]) == (
        "retracted",
        "The video was fake.",
    )
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        DeliveryStatus.DELIVERED
    }
    assert WebhookDelivery.objects.get(event__uuid=ids[0].removeprefix("msg_")).attempts == 3


@pytest.mark.django_db(transaction=True)
def test_the_event_rolls_back_with_the_change(webhook_settings, claim_in_review, editor):
    register("http://127.0.0.1:8612/hooks")

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        services.claim_publish(claim=claim_in_review, user=editor)
        assert OutboxEvent.objects.count() == 1
        raise Abandoned

    assert OutboxEvent.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_only_subscribed_events_are_recorded(webhook_settings, claim_in_review, editor):
    endpoint = register("http://127.0.0.1:8613/hooks", events=["claim.retracted"])

    services.claim_publish(claim=claim_in_review, user=editor)

    assert not WebhookDelivery.objects.filter(endpoint=endpoint).exists()


@pytest.mark.django_db(transaction=True)
def test_an_endpoint_that_keeps_failing_is_turned_off(webhook_settings, claim_in_review, editor):
    webhook_settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    with Receiver(RECEIVER_PORT + 1, fail_first=1000) as receiver:
        endpoint = register(receiver.url)
        receiver.secret = endpoint.secret
        services.claim_publish(claim=claim_in_review, user=editor)
        for _ in range(6):
            run_worker_until_idle()

    endpoint.refresh_from_db()
    assert receiver.requests == 3
    assert not endpoint.is_active
    assert "3 failed attempts" in endpoint.disabled_reason
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.PENDING,
        3,
        500,
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8614/",
        "http://localhost/hooks",
        "http://10.1.2.3/hooks",
        "http://192.168.0.10/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hooks",
        "http://0.0.0.0/",
        "ftp://example.org/hooks",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(settings, url):
    settings.WEBHOOK_ALLOWED_HOSTS = []

    with pytest.raises(ValidationError):
        webhook_url_check(url)


def test_the_allowlist_lets_a_named_host_through(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]

    webhook_url_check("http://127.0.0.1:8614/hooks")  # no error


@pytest.mark.django_db
def test_an_editor_registers_an_endpoint_in_the_desk_and_a_fact_checker_cannot(
    make_desk_client, editor, fact_checker, settings
):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    data = {
        "url": "http://10.0.0.5/hooks",
        "description": "Example Daily",
        "events": ["claim.published", "claim.corrected"],
        "is_active": "on",
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
    }
    add = "/admin/integrations/webhookendpoint/add/"

    refused = make_desk_client(fact_checker).post(add, data)
    private = make_desk_client(editor).post(add, data)
    settings.WEBHOOK_ALLOWED_HOSTS = ["10.0.0.5"]
    saved = make_desk_client(editor).post(add, data)

    assert refused.status_code == 403
    assert private.status_code == 200 and "private" in private.content.decode()
    assert saved.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["claim.published", "claim.corrected"]
    assert endpoint.secret.startswith("whsec_")
    page = make_desk_client(editor).get(
        f"/admin/integrations/webhookendpoint/{endpoint.pk}/change/"
    )
    assert endpoint.secret in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/integrations/webhookendpoint/",
        "/admin/integrations/webhookdelivery/",
        "/admin/integrations/outboxevent/",
        "/admin/integrations/ratingmapping/",
        "/admin/integrations/ratingmapping/add/",
        "/admin/integrations/importjob/",
        "/admin/integrations/importjob/add/",
        "/admin/integrations/importedclaim/",
        "/admin/integrations/webhookendpoint/add/",
    ],
)
def test_the_delivery_log_pages_open_for_editors(make_desk_client, editor, path):
    assert make_desk_client(editor).get(path).status_code == 200
