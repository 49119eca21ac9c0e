from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class PublicCacheConfig(AppConfig):
    name = "publiccache"
    verbose_name = _("Public cache")

    def ready(self):
        from . import signals
        from .triggers import (
            drop_sqlite_triggers_before_migrate,
            install_triggers_after_migrate,
            public_models,
        )

        # Like the change log's: put back after every migrate, so a table another app adds
        # later is watched without a migration here (see triggers.py).
        pre_migrate.connect(drop_sqlite_triggers_before_migrate, sender=self)
        post_migrate.connect(install_triggers_after_migrate, sender=self)
        # Not for the server's cache (the triggers keep it right): for an optional CDN purge.
        signals.connect(public_models())
