"""Queue a CDN purge when public data changes (only when a CDN is configured, see cdn.py)."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import cache


def purge_on_commit(sender, **kwargs) -> None:
    """Once the change commits, ask the worker to purge the CDN (deduplicated per generation)."""
    if not settings.CDN_PURGE_URL:
        return
    from .tasks import purge_cdn

    transaction.on_commit(lambda: purge_cdn.enqueue(keys=[cache.ALL]))


def connect(models) -> None:
    """Purge after any save, delete or many-to-many change of these models."""
    for model in models:
        uid = f"publiccache-{model._meta.label}"
        post_save.connect(purge_on_commit, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(purge_on_commit, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(purge_on_commit, sender=through, dispatch_uid=f"{uid}-{field.name}")
