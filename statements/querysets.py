"""
What the public may see, decided once.

`ClaimQuerySet.public()` is the rule; every other model's `public()` is "shown on a public
claim", expressed through it. Pages, feeds, the sitemap, search, JSON-LD and the API start
from these methods and never filter on `status` themselves.
"""

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Greatest


def _model(name: str) -> type[models.Model]:
    return apps.get_model("statements", name)


class ClaimQuerySet(models.QuerySet):
    def public(self):
        """Claims an anonymous reader may see: published, and retracted ones with their notice."""
        return self.filter(status__in=self.model.PUBLIC_STATUSES)

    def published(self):
        """Public claims whose verdict stands (not retracted): the live fact-checks."""
        return self.public().filter(status=self.model.Status.PUBLISHED)

    def with_content_updated(self):
        """Annotate `content_updated_at`: when the claim, its verdict or its rating last changed.

        Feeds and the sitemap date an entry by it, so a new verdict or a relabelled rating
        moves them; it is never earlier than `published_at`, which strict Atom readers expect.
        """
        updated = models.F("updated_at")
        return self.annotate(
            content_updated_at=Greatest(
                updated,
                # Greatest() is NULL on SQLite if any argument is: stand in for missing rows.
                Coalesce("published_at", updated),
                Coalesce("verdict__updated_at", updated),
                Coalesce("verdict__rating__updated_at", updated),
            )
        )

    def said_by(self, speaker, *, stance: str | None = None):
        """Claims bearing a statement by `speaker` or made on its behalf (with that stance)."""
        stances = _model("Stance").objects.filter(
            claim=OuterRef("pk"), statement__in=_model("Statement").objects.said_by(speaker)
        )
        if stance is not None:
            stances = stances.filter(stance=stance)
        return self.filter(Exists(stances))

    def with_claimants(self):
        """Each claim with who first made it, for cards: `first_claim` (a one-item list: the
        earliest asserting stance, with its statement and speaker) and `claimant_count` (how
        many speakers assert it).

        The first claimant is a sliced prefetch, so it is read for the listed claims only;
        an annotation would be computed for every row an OFFSET skips on a deep page.
        """
        stance = _model("Stance")
        first = Prefetch(
            "stances",
            queryset=stance.objects.filter(stance=stance.Kind.ASSERTS)
            .select_related("statement__speaker")
            .order_by("statement__said_on", "statement_id")[:1],
            to_attr="first_claim",
        )
        count = (
            stance.objects.filter(claim=OuterRef("pk"), stance=stance.Kind.ASSERTS)
            .order_by()
            .values("claim")
            .annotate(n=Count("statement__speaker", distinct=True))
            .values("n")
        )
        return self.annotate(claimant_count=Subquery(count)).prefetch_related(first)


class ShownOnClaimsQuerySet(models.QuerySet):
    """Rows a reader only ever sees on a claim's page: public exactly when such a claim is."""

    # The lookups from Claim to this model, one for each way a claim's page shows a row.
    claim_lookups: tuple[str, ...] = ()

    def _shown_on(self, claims: models.QuerySet):
        condition = Q()
        for lookup in self.claim_lookups:
            condition |= Q(Exists(claims.filter(**{lookup: OuterRef("pk")})))
        return self.filter(condition)

    def public(self):
        """Rows shown on at least one public claim (published, or retracted with its notice)."""
        return self._shown_on(_model("Claim").objects.public())

    def published(self):
        """Rows shown on at least one live claim: what the API serves."""
        return self._shown_on(_model("Claim").objects.published())


class StatementQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("stances__statement",)

    def said_by(self, speaker):
        """What `speaker` said, and, for an organisation, what was said on its behalf."""
        return self.filter(Q(speaker=speaker) | Q(speaking_for=speaker))


class SpeakerQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("stances__statement__speaker", "stances__statement__speaking_for")


class SourceQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("stances__statement__source", "verdict__evidence")


class TopicQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("topics",)


class StanceQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("stances",)


class CorrectionQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("verdict__corrections",)


class ClaimTranslationQuerySet(ShownOnClaimsQuerySet):
    """A translation is shown only once an editor has reviewed it, on a public claim."""

    claim_lookups = ("translations",)

    def reviewed(self):
        """Translations an editor has checked against the original."""
        return self.filter(reviewed_by__isnull=False)

    def public(self):
        """Reviewed translations of public claims: what readers of their language see."""
        return super().public().reviewed()

    def published(self):
        """Reviewed translations of live claims: what the API serves."""
        return super().published().reviewed()
