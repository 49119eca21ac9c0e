from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Fact-check desk")

    def ready(self):
        from .changelog import drop_sqlite_triggers_before_migrate, reinstall_triggers_after_migrate
        from .roles import sync_roles_after_migrate

        # Runs after auth has created this app's permissions, so new models reach the roles.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        # The API's change log: triggers that no migration of a tracked table can break.
        pre_migrate.connect(drop_sqlite_triggers_before_migrate, sender=self)
        post_migrate.connect(reinstall_triggers_after_migrate, sender=self)
