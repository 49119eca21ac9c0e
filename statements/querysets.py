"""
What the public may see, decided once.

`ClaimQuerySet.public()` is the rule; every other model's `public()` is "shown on a public
claim", expressed through it. Pages, feeds, the sitemap, search, JSON-LD and the API start
from these methods and never filter on `status` themselves.
"""

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery


def _model(name: str) -> type[models.Model]:
    return apps.get_model("statements", name)


class ClaimQuerySet(models.QuerySet):
    def public(self):
        """Claims an anonymous reader may see: published, and retracted ones with their notice."""
        return self.filter(status__in=self.model.PUBLIC_STATUSES)

    def published(self):
        """Public claims whose verdict stands (not retracted): the live fact-checks."""
        return self.public().filter(status=self.model.Status.PUBLISHED)

    def said_by(self, speaker, *, stance: str | None = None):
        """Claims bearing a statement by `speaker` or made on its behalf (with that stance)."""
        stances = _model("Stance").objects.filter(
            claim=OuterRef("pk"), statement__in=_model("Statement").objects.said_by(speaker)
        )
        if stance is not None:
            stances = stances.filter(stance=stance)
        return self.filter(Exists(stances))

    def with_claimant(self):
        """Each claim with who first made it, for cards: the earliest asserting statement's
        speaker (`claimant_name`, `_slug`, `_portrait`), its date (`claimed_on`) and how many
        speakers assert the claim (`claimant_count`). Subqueries, so a page of cards costs no
        extra query however many statements its claims carry."""
        asserting = _model("Stance").objects.filter(
            claim=OuterRef("pk"), stance=_model("Stance").Kind.ASSERTS
        )
        first = asserting.order_by("statement__said_on", "statement_id")
        count = (
            asserting.order_by()
            .values("claim")
            .annotate(n=Count("statement__speaker", distinct=True))
            .values("n")
        )
        return self.annotate(
            claimant_name=Subquery(first.values("statement__speaker__name")[:1]),
            claimant_slug=Subquery(first.values("statement__speaker__slug")[:1]),
            claimant_portrait=Subquery(first.values("statement__speaker__portrait")[:1]),
            claimed_on=Subquery(first.values("statement__said_on")[:1]),
            claimant_count=Subquery(count),
        )


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

    def most_checked(self):
        """Public speakers by how many public claims carry their words (`checked_count`)."""
        claims = "statements__stances__claim"
        public = Q(**{f"{claims}__status__in": _model("Claim").PUBLIC_STATUSES})
        return (
            self.public()
            .annotate(checked_count=Count(claims, filter=public, distinct=True))
            .filter(checked_count__gt=0)
            .order_by("-checked_count", "name", "id")
        )


class SourceQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("stances__statement__source", "verdict__evidence")


class TopicQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("topics",)

    def with_claim_count(self):
        """Public topics with how many public claims each holds (`claim_count`)."""
        public = Q(claims__status__in=_model("Claim").PUBLIC_STATUSES)
        return self.public().annotate(claim_count=Count("claims", filter=public, distinct=True))


class StanceQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("stances",)


class CorrectionQuerySet(ShownOnClaimsQuerySet):
    claim_lookups = ("verdict__corrections",)
