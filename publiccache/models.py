from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.Model):
    """How many times public data has changed: the one row every cached response is keyed on.

    Written only by the database triggers in triggers.py, in the same transaction as the change,
    so a reader who sees a new number also sees the data that made it.
    """

    ROW = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ROW)
    number = models.BigIntegerField(_("number"), default=0)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("public content generation")
        verbose_name_plural = _("public content generation")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="publiccache_one_generation")
        ]

    def __str__(self) -> str:
        return f"generation {self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
