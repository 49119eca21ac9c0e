"""
Signed webhooks: endpoints partners register, and the outbox of events and deliveries.

An event is written in the same transaction as the change it announces (the outbox), with one
delivery per subscribed endpoint; the task queue sends deliveries after the commit and retries
failures with exponential backoff, so every event reaches a receiver at least once.
"""

import base64
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    CLAIM_PUBLISHED = "claim.published", _("Claim published")
    CLAIM_UPDATED = "claim.updated", _("Published claim updated")
    CLAIM_CORRECTED = "claim.corrected", _("Correction published")
    CLAIM_RETRACTED = "claim.retracted", _("Claim retracted")


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(models.Model):
    """A partner's URL that receives the events it subscribed to, signed with its secret."""

    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_(
            "Where we POST events, e.g. https://newsroom.example/hooks/factcheck. Addresses "
            "inside private networks are refused unless WEBHOOK_ALLOWED_HOSTS names them."
        ),
    )
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("Whose endpoint this is.")
    )
    events = models.JSONField(
        _("events"),
        default=list,
        help_text=_("The events sent to this endpoint."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_secret,
        editable=False,
        help_text=_("Give it to the receiver to verify the webhook-signature header."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Turned off automatically after repeated failed deliveries."),
    )
    consecutive_failures = models.PositiveIntegerField(
        _("failed attempts in a row"), default=0, editable=False
    )
    disabled_reason = models.CharField(
        _("why it was turned off"), max_length=300, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["url", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.description or self.url

    def get_absolute_url(self) -> str:
        """Endpoints are the desk's: their page is the admin's."""
        return reverse("admin:integrations_webhookendpoint_change", args=[self.pk])


class OutboxEvent(models.Model):
    """One change announced to subscribers: its type, claim and payload, fixed when it happened.

    `uuid` is the `webhook-id` every attempt carries, so receivers can drop duplicates.
    """

    uuid = models.UUIDField(_("webhook id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent)
    claim_id = models.BigIntegerField(_("claim id"), db_index=True)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.get_event_display()} #{self.claim_id}"

    def get_absolute_url(self) -> str:
        return reverse("admin:integrations_outboxevent_change", args=[self.pk])


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")


class WebhookDelivery(models.Model):
    """One event on its way to one endpoint, with the log of its last attempt."""

    Status = DeliveryStatus

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        OutboxEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliveryStatus,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["endpoint", "event", "id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="one_delivery_per_event"),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="webhook_delivery_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["endpoint", "status", "event"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"

    def get_absolute_url(self) -> str:
        return reverse("admin:integrations_webhookdelivery_change", args=[self.pk])


class RatingMapping(models.Model):
    """How another fact-checker's rating label reads on our scale, for imports.

    Labels are compared case- and space-insensitively; a label with no mapping is matched to a
    rating of the same name or slug, and otherwise stops the import with its line number.
    """

    label = models.CharField(
        _("their label"),
        max_length=100,
        unique=True,
        help_text=_("As it appears in imported files, e.g. “pants-fire” or “Misleading”."),
    )
    rating = models.ForeignKey(
        "statements.Rating",
        verbose_name=_("our rating"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        ordering = ["label", "id"]
        verbose_name = _("rating mapping")
        verbose_name_plural = _("rating mappings")

    def __str__(self) -> str:
        return f"{self.label} → {self.rating}"

    def get_absolute_url(self) -> str:
        return reverse("admin:integrations_ratingmapping_change", args=[self.pk])

    def clean(self):
        self.label = normalise_label(self.label)


def normalise_label(label: str) -> str:
    return " ".join(label.replace("-", " ").replace("_", " ").split()).casefold()


class ImportedClaim(models.Model):
    """Which claim an archive's record became, so that importing the file again adds nothing."""

    origin = models.CharField(_("archive"), max_length=50)
    external_id = models.CharField(_("id in the archive"), max_length=500)
    claim = models.ForeignKey(
        "statements.Claim",
        verbose_name=_("claim"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["origin", "external_id", "id"]
        verbose_name = _("imported claim")
        verbose_name_plural = _("imported claims")
        constraints = [
            models.UniqueConstraint(fields=["origin", "external_id"], name="import_once"),
        ]

    def __str__(self) -> str:
        return f"{self.origin}:{self.external_id}"

    def get_absolute_url(self) -> str:
        return self.claim.get_absolute_url()


class ImportFormat(models.TextChoices):
    CLAIMREVIEW = "claimreview", _("ClaimReview (DataFeed, JSON-LD or saved HTML)")
    LIAR = "liar", _("LIAR TSV layout")


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Nothing imported: bad rows")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """A file an editor uploaded in the desk, imported on the task queue, with its report."""

    Status = ImportJobStatus

    file = models.FileField(_("file"), upload_to="imports/")
    format = models.CharField(_("format"), max_length=20, choices=ImportFormat)
    said_on = models.DateField(
        _("date of the statements"),
        null=True,
        blank=True,
        help_text=_("LIAR files carry no dates: every statement gets this one."),
    )
    dry_run = models.BooleanField(
        _("dry run"), default=False, help_text=_("Check the file and report; import nothing.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportJobStatus, default=ImportJobStatus.QUEUED
    )
    report = models.JSONField(_("report"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(format="liar") | models.Q(said_on__isnull=False),
                name="import_liar_needs_a_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()}: {self.file.name}"

    def get_absolute_url(self) -> str:
        return reverse("admin:integrations_importjob_change", args=[self.pk])
