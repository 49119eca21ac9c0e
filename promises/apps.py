from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    """The promise tracker: statements of future intent, and what became of them."""

    name = "promises"
    verbose_name = _("Promise tracker")
