"""
What the stance graph records beyond one claim (docs/graph.md).

A ClaimRelation links two claims; a Reversal is a candidate flip-flop an editor turned into a
consistency check, a claim of its own that goes through the ordinary desk workflow.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from statements.models import Claim, Statement


class RelationKind(models.TextChoices):
    CONTRADICTS = "contradicts", _("contradicts")
    SAME_AS = "same_as", _("is the same claim as")
    PART_OF = "part_of", _("is part of")
    FOLLOW_UP_TO = "follow_up_to", _("is a follow-up to")


class ClaimRelation(models.Model):
    """`claim` <kind> `related`: “A contradicts B”, “A is part of B”, “A is a follow-up to B”.

    *Same as* is a merge: `claim` is the duplicate, its statements attached to `related` and its
    address redirecting there (graph.services.claim_relation_create).
    """

    Kind = RelationKind

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind)
    related = models.ForeignKey(
        Claim,
        verbose_name=_("related claim"),
        on_delete=models.CASCADE,
        related_name="inverse_relations",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "kind", "related", "id"]
        verbose_name = _("claim relation")
        verbose_name_plural = _("claim relations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="claim_relation_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(claim=models.F("related")), name="claim_relation_not_to_itself"
            ),
            models.UniqueConstraint(
                fields=["claim", "kind", "related"], name="claim_relation_once"
            ),
            # A duplicate is merged into one claim only.
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(kind=RelationKind.SAME_AS),
                name="claim_relation_merged_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.get_kind_display()} {self.related}"

    def get_absolute_url(self) -> str:
        return self.related.get_absolute_url()


class Reversal(models.Model):
    """One speaker's two statements that may contradict each other, opened as a consistency
    check: `check` is a draft claim the desk rates and publishes like any other."""

    earlier = models.ForeignKey(
        Statement,
        verbose_name=_("earlier statement"),
        on_delete=models.PROTECT,
        related_name="reversals_from",
    )
    later = models.ForeignKey(
        Statement,
        verbose_name=_("later statement"),
        on_delete=models.PROTECT,
        related_name="reversals_to",
    )
    consistency_check = models.OneToOneField(
        Claim,
        verbose_name=_("consistency check"),
        on_delete=models.CASCADE,
        related_name="reversal",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reversal")
        verbose_name_plural = _("reversals")
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="reversal_pair_once"),
            models.CheckConstraint(
                condition=~Q(earlier=models.F("later")), name="reversal_two_statements"
            ),
        ]

    def __str__(self) -> str:
        return str(self.consistency_check)

    def get_absolute_url(self) -> str:
        return self.consistency_check.get_absolute_url()
