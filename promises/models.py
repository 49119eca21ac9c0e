"""
Promises (docs/graph.md): a statement of future intent, and its timeline of dated, sourced
status changes. A promise's status is its latest status change; readers see published promises
only, decided once in `PromiseQuerySet.public()`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from statements.models import Source, Statement, TimeStamped, Topic


class PromiseStatus(models.TextChoices):
    """Where a promise stands. Item 1 of issue 13 will make this an editable rating scale."""

    NOT_YET_RATED = "not_yet_rated", _("Not Yet Rated")
    IN_THE_WORKS = "in_the_works", _("In the Works")
    STALLED = "stalled", _("Stalled")
    COMPROMISE = "compromise", _("Compromise")
    KEPT = "kept", _("Promise Kept")
    BROKEN = "broken", _("Promise Broken")


class PromiseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PromiseQuerySet(models.QuerySet):
    def public(self):
        """Promises a reader may see: published ones."""
        return self.filter(state=PromiseState.PUBLISHED)

    def with_status(self):
        """Each promise with `current_status`: its latest status change, or Not Yet Rated."""
        latest = (
            PromiseStatusChange.objects.filter(promise=OuterRef("pk"))
            .order_by("-changed_on", "-id")
            .values("status")[:1]
        )
        return self.annotate(
            current_status=Coalesce(Subquery(latest), Value(PromiseStatus.NOT_YET_RATED))
        )

    def with_content_updated(self):
        """Each promise with `content_updated_at`: the later of its own last edit and its
        timeline's (a status change added in the desk's inline moves the page too)."""
        timeline = (
            PromiseStatusChange.objects.filter(promise=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return self.annotate(
            content_updated_at=Greatest("updated_at", Coalesce(Subquery(timeline), "updated_at"))
        )


class Promise(TimeStamped):
    """What a speaker said they would do, in one checkable line, with the words they said it in."""

    Status = PromiseStatus
    State = PromiseState

    text = models.CharField(
        _("promise"),
        max_length=500,
        help_text=_("The promise in one plain line, e.g. “Build ten new dams”."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.PROTECT,
        related_name="promises",
        help_text=_("The words the promise was made in: speaker, date, source."),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="promises", blank=True
    )
    state = models.CharField(
        _("publication"), max_length=20, choices=PromiseState, default=PromiseState.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=("topics",))

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-id"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        permissions = [("publish_promise", _("Can publish promises"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=PromiseState.values), name="promise_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=PromiseState.DRAFT) | Q(published_at__isnull=False),
                name="promise_published_has_published_at",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("promises:promise-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.state == PromiseState.PUBLISHED


class PromiseStatusChange(TimeStamped):
    """One dated, sourced step on a promise's timeline. Kept: a change is corrected by
    recording the next one, never by deleting."""

    promise = models.ForeignKey(
        Promise,
        verbose_name=_("promise"),
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    status = models.CharField(_("status"), max_length=20, choices=PromiseStatus)
    changed_on = models.DateField(_("changed on"), help_text=_("When the promise reached it."))
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="promise_status_changes",
        help_text=_("Where the evidence for this status lives."),
    )
    note = models.TextField(_("note"), help_text=_("What happened, in a sentence or two."))

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["promise", "changed_on", "id"]
        verbose_name = _("promise status change")
        verbose_name_plural = _("promise status changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PromiseStatus.values), name="promise_status_valid"
            ),
            models.CheckConstraint(condition=~Q(note=""), name="promise_status_note_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.promise}: {self.get_status_display()} ({self.changed_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return f"{self.promise.get_absolute_url()}#status-{self.pk}"

    def clean(self):
        promise = getattr(self, "promise", None) if self.promise_id else None
        if promise is not None and self.changed_on and self.changed_on < promise.statement.said_on:
            raise ValidationError(
                {"changed_on": _("A promise's status cannot change before the promise was made.")}
            )
