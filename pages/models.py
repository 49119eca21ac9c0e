"""
What the code of principles asks a fact-checker to publish about itself (about, funding,
methodology), kept in the database so editors change it without a deploy; and the claims
readers send in, queued for the desk.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from statements.models import edit_counter, revision_history


class Page(models.Model):
    """A transparency page such as “About us”, “Funding” or “Methodology”, written in Markdown."""

    # Slugs with a page of their own in the URL contract; every other page lives under /about/.
    METHODOLOGY = "methodology"
    ABOUT = "about"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_(
            "Part of the address. “about” is /about/, “methodology” is /methodology/ (shown "
            "above the rating scale); any other page is /about/<slug>/."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One sentence for search engines and link previews."),
    )
    body = models.TextField(_("body"), help_text=_("The page, in Markdown."))
    show_in_footer = models.BooleanField(
        _("show in footer"), default=True, help_text=_("List this page in every page's footer.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the footer, smallest first.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    version = edit_counter()
    history = revision_history()

    class Meta:
        ordering = ["position", "title", "id"]
        verbose_name = _("transparency page")
        verbose_name_plural = _("transparency pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.slug == self.METHODOLOGY:
            return reverse("pages:methodology")
        if self.slug == self.ABOUT:
            return reverse("pages:about")
        return reverse("pages:page", kwargs={"slug": self.slug})


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Taken up by the desk")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Already checked")


class ClaimSubmission(models.Model):
    """A claim a reader asked the desk to check. Readers need no account; nothing is public."""

    Status = SubmissionStatus

    claim_text = models.TextField(
        _("what was claimed"), max_length=2000, help_text=_("The claim as the reader gave it.")
    )
    said_by = models.CharField(_("who said it"), max_length=200, blank=True)
    where_seen = models.CharField(
        _("where the reader saw it"),
        max_length=2000,
        blank=True,
        help_text=_("A link or a description. Never open a link you do not trust."),
    )
    email = models.EmailField(
        _("reader's email"),
        blank=True,
        help_text=_("Only to tell the reader what became of it. Never publish it."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW, db_index=True
    )
    desk_note = models.TextField(_("desk note"), blank=True, help_text=_("For the desk only."))
    claim = models.ForeignKey(
        "statements.Claim",
        verbose_name=_("claim"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        help_text=_("The claim made from it (accepted), or the one that already checks it."),
    )
    decline_reason = models.TextField(
        _("why declined"),
        blank=True,
        help_text=_("For the desk, and for the reply to the reader. Never published."),
    )

    version = edit_counter()
    history = revision_history(excluded_fields=())

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("reader submission")
        verbose_name_plural = _("reader submissions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values), name="submission_status_valid"
            ),
            models.CheckConstraint(condition=~Q(claim_text=""), name="submission_text_not_empty"),
        ]

    def __str__(self) -> str:
        text = self.claim_text if len(self.claim_text) <= 60 else f"{self.claim_text[:59]}…"
        return text

    def get_absolute_url(self) -> str:
        return reverse("admin:pages_claimsubmission_change", args=[self.pk])
