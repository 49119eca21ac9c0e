from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraphConfig(AppConfig):
    """What the stance graph knows beyond one claim: relations, repeats and reversals."""

    name = "graph"
    verbose_name = _("Claim graph")
