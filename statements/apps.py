from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


def record_history_baselines(sender, **kwargs) -> None:
    from .services import history_baselines_record

    history_baselines_record()


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Fact-check desk")

    def ready(self):
        from .changelog import drop_sqlite_triggers_before_migrate, reinstall_triggers_after_migrate
        from .roles import sync_roles_after_migrate

        # Runs after auth has created each app's permissions (auth's handler was connected
        # first), once per app the roles reach, so new models reach the roles too.
        for label in ("statements", "pages", "apikeys", "integrations", "graph", "promises"):
            post_migrate.connect(
                sync_roles_after_migrate,
                sender=self.apps.get_app_config(label),
                dispatch_uid=f"roles-after-{label}",
            )
        # A first revision for rows a data migration wrote, so their first edit has a "before".
        post_migrate.connect(record_history_baselines, sender=self)
        # The API's change log: triggers that no migration of a tracked table can break.
        pre_migrate.connect(drop_sqlite_triggers_before_migrate, sender=self)
        post_migrate.connect(reinstall_triggers_after_migrate, sender=self)
