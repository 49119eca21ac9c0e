from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Fact-check desk")

    def ready(self):
        from .roles import sync_roles_after_migrate

        # Runs after auth has created this app's permissions, so new models reach the roles.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
