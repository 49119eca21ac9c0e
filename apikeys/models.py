"""
API keys for newsrooms that need more than the anonymous rate limit.

A key is shown once, when an editor issues it; only its SHA-256 digest is stored. The key is
long and random, so a fast digest is enough (there is nothing to brute-force, unlike a
password); the short prefix finds the row without scanning.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "fck"


def digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def new_raw_key() -> tuple[str, str]:
    """A fresh key and its lookup prefix: `fck_<prefix>_<secret>`."""
    prefix = secrets.token_hex(4)
    return f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}", prefix


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        """Keys that have not been revoked."""
        return self.filter(revoked_at__isnull=True)

    def matching(self, raw_key: str):
        """The active key `raw_key` stands for, or None."""
        parts = raw_key.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            return None
        key = self.active().filter(prefix=parts[1]).first()
        if key is None or not hmac.compare_digest(key.hashed_key, digest(raw_key)):
            return None
        return key


class ApiKey(models.Model):
    """A key a partner newsroom sends in the X-API-Key header for a higher rate limit."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("Who the key is for, e.g. “Example Daily – data desk”."),
    )
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Whom to tell before the key is revoked.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}_…)"

    def get_absolute_url(self) -> str:
        """Keys are never public: their page is the admin's."""
        return reverse("admin:apikeys_apikey_change", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
