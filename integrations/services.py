"""
Webhooks: recording events in the outbox, checking endpoint addresses, signing and sending.

Requests follow the Standard Webhooks convention (https://www.standardwebhooks.com/): headers
`webhook-id` (the event's id, the same on every retry), `webhook-timestamp` (seconds) and
`webhook-signature` (`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the
endpoint's secret), so receivers can verify with an existing library.
"""

import base64
import datetime
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer

from statements.models import Claim

from .models import DeliveryStatus, OutboxEvent, WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)


# --- Endpoints ------------------------------------------------------------------------------


def webhook_url_check(url: str) -> None:
    """Refuse an address that is, or resolves to, loopback, private or link-local space.

    A webhook is a request our server makes on an editor's say-so: without this check an
    endpoint could reach the database, the cache or a cloud metadata service. Hosts named in
    WEBHOOK_ALLOWED_HOSTS (e.g. a receiver on the same machine in tests) are let through.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Give an http:// or https:// address."))
    host = parts.hostname
    if host in settings.WEBHOOK_ALLOWED_HOSTS:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
    except (OSError, ValueError):
        raise ValidationError(_("%(host)s does not resolve.") % {"host": host}) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise ValidationError(
                _(
                    "%(host)s is a private, loopback or link-local address (%(ip)s); webhooks "
                    "only go to the public internet unless WEBHOOK_ALLOWED_HOSTS names it."
                )
                % {"host": host, "ip": ip}
            )


def webhook_endpoint_save(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Create or change an endpoint; turning it back on clears its failure count."""
    webhook_url_check(endpoint.url)
    unknown = set(endpoint.events) - set(WebhookEvent.values)
    if unknown:
        raise ValidationError({"events": _("Unknown events: %s") % ", ".join(sorted(unknown))})
    if endpoint.is_active:
        endpoint.consecutive_failures = 0
        endpoint.disabled_reason = ""
    endpoint.full_clean()
    endpoint.save()
    if endpoint.is_active:
        _deliver_on_commit(endpoint.pk)
    return endpoint


# --- The outbox -----------------------------------------------------------------------------


def claim_payload(*, claim: Claim) -> dict[str, Any]:
    """The claim as the API shows it (GET /api/v1/claims/<id>/), or its tombstone once retracted."""
    from statements.api.serializers import ClaimDetailSerializer
    from statements.api.views import claim_documents
    from statements.jsonld import absolute_url

    document = claim_documents().filter(pk=claim.pk).first()
    if document is None:
        return {
            "id": claim.pk,
            "slug": claim.slug,
            "html_url": absolute_url(claim.get_absolute_url()),
            "text": claim.text,
            "status": claim.status,
            "retracted_at": claim.retracted_at.isoformat() if claim.retracted_at else None,
            "retraction_notice": claim.retraction_notice,
        }
    data = ClaimDetailSerializer(document, context={"request": None}).data
    return json.loads(JSONRenderer().render(data))


def webhook_event_record(*, event: str, claim: Claim) -> OutboxEvent | None:
    """Write the event and its deliveries in the caller's transaction; send after the commit.

    Called by the services that publish, correct, retract and update claims, inside their
    transaction: if the change rolls back, so does the event, and if it commits, the event is
    in the outbox even if the worker is down.
    """
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if event in endpoint.events
    ]
    if not endpoints:
        return None
    now = timezone.now()
    outbox_event = OutboxEvent.objects.create(
        event=event,
        claim_id=claim.pk,
        payload={
            "type": event,
            "timestamp": now.isoformat(),
            "data": {"claim": claim_payload(claim=claim)},
        },
    )
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event=outbox_event, next_attempt_at=now)
        for endpoint in endpoints
    )
    for endpoint in endpoints:
        _deliver_on_commit(endpoint.pk)
    return outbox_event


def claim_change_announce(*, event: str, claim: Claim) -> None:
    """What follows a change readers can see: webhooks, and a fresh share card.

    Called inside the change's transaction by the services that publish, correct, retract and
    update claims; the work itself runs on the task queue after the commit.
    """
    webhook_event_record(event=event, claim=claim)
    from .tasks import share_image_draw

    transaction.on_commit(lambda: share_image_draw.enqueue(claim_id=claim.pk))


def _deliver_on_commit(endpoint_id: int, *, run_after: datetime.datetime | None = None) -> None:
    from .tasks import webhook_deliver

    task = webhook_deliver.using(run_after=run_after) if run_after else webhook_deliver
    transaction.on_commit(lambda: task.enqueue(endpoint_id=endpoint_id))


# --- Sending --------------------------------------------------------------------------------


def webhook_signature(*, secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The Standard Webhooks `webhook-signature` header value for one request."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead to an address the endpoint check refused: treat it as a failure."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(endpoint: WebhookEndpoint, event: OutboxEvent) -> tuple[int | None, str]:
    """One signed POST; the HTTP status (None if no answer) and what went wrong, if anything."""
    try:
        webhook_url_check(endpoint.url)  # again: DNS may have changed since it was saved
    except ValidationError as error:
        return None, error.messages[0]
    body = json.dumps(event.payload, separators=(",", ":")).encode()
    timestamp = int(timezone.now().timestamp())
    webhook_id = f"msg_{event.uuid.hex}"
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": f"{settings.SITE_NAME} webhooks",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": webhook_signature(
                secret=endpoint.secret, webhook_id=webhook_id, timestamp=timestamp, body=body
            ),
        },
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (OSError, ValueError) as error:
        return None, str(error)[:500] or type(error).__name__


def _attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> bool:
    status, error = _post(endpoint, delivery.event)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = status
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
        endpoint.consecutive_failures = 0
    else:
        delivery.last_error = error or f"HTTP {status}"
        delays = settings.WEBHOOK_RETRY_DELAYS
        if delivery.attempts > len(delays):
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delay = datetime.timedelta(seconds=delays[delivery.attempts - 1])
            delivery.next_attempt_at = now + delay
        endpoint.consecutive_failures += 1
        if endpoint.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES:
            endpoint.is_active = False
            endpoint.disabled_reason = _(
                "Turned off after %(count)d failed attempts in a row; last: %(error)s"
            ) % {"count": endpoint.consecutive_failures, "error": delivery.last_error}
            logger.warning("Webhook endpoint %s disabled: %s", endpoint.pk, delivery.last_error)
    delivery.save()
    endpoint.save(update_fields=["consecutive_failures", "is_active", "disabled_reason"])
    return delivery.status != DeliveryStatus.PENDING


@transaction.atomic
def webhook_endpoint_deliver(*, endpoint_id: int) -> None:
    """Send an endpoint's due deliveries oldest first, stopping at the first that must wait.

    The endpoint row is locked, so two workers never send to one endpoint at once; stopping at
    a failure keeps events in order (per claim, and overall) while the receiver is down.
    """
    endpoint = (
        WebhookEndpoint.objects.select_for_update().filter(pk=endpoint_id, is_active=True).first()
    )
    if endpoint is None:
        return
    pending = (
        endpoint.deliveries.filter(status=DeliveryStatus.PENDING)
        .select_related("event")
        .order_by("event_id")
    )
    for delivery in pending:
        if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
            _deliver_on_commit(endpoint.pk, run_after=delivery.next_attempt_at)
            return
        done = _attempt(endpoint, delivery)
        if not endpoint.is_active:
            return
        if not done:
            _deliver_on_commit(endpoint.pk, run_after=delivery.next_attempt_at)
            return
