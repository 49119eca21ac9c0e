from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """Transparency pages editors keep up to date, and claims readers send in."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"
    verbose_name = _("Transparency pages and reader submissions")
