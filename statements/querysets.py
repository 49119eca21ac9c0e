"""
What the public may see, decided once.

`ClaimQuerySet.public()` is the rule; every other model's `public()` is "belongs to a public
claim", expressed through it. Pages, feeds, the sitemap, search, JSON-LD and the API start
from these methods and never filter on `status` themselves.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef


def _public_claims() -> models.QuerySet:
    return apps.get_model("statements", "Claim").objects.public()


def _published_claims() -> models.QuerySet:
    return apps.get_model("statements", "Claim").objects.published()


def _in_a_public_claim(*lookups: str, claims=_public_claims) -> models.Q:
    """True for rows that a public claim reaches through any one of `lookups`."""
    condition = models.Q()
    for lookup in lookups:
        condition |= models.Q(Exists(claims().filter(**{lookup: OuterRef("pk")})))
    return condition


class ClaimQuerySet(models.QuerySet):
    def public(self):
        """Claims an anonymous reader may see: published, and retracted ones with their notice."""
        return self.filter(status__in=self.model.PUBLIC_STATUSES)

    def published(self):
        """Public claims whose verdict stands (not retracted): the live fact-checks."""
        return self.public().filter(status=self.model.Status.PUBLISHED)


class StatementQuerySet(models.QuerySet):
    def public(self):
        """Statements that appear on at least one public claim."""
        return self.filter(_in_a_public_claim("stances__statement"))

    def published(self):
        """Statements on at least one live (published, not retracted) claim: the API's."""
        return self.filter(_in_a_public_claim("stances__statement", claims=_published_claims))


class SpeakerQuerySet(models.QuerySet):
    def public(self):
        """Speakers who said, or were spoken for in, a statement on a public claim."""
        return self.filter(
            _in_a_public_claim("stances__statement__speaker", "stances__statement__speaking_for")
        )

    def published(self):
        """Speakers of, or spoken for in, a statement on a live claim: the API's."""
        return self.filter(
            _in_a_public_claim(
                "stances__statement__speaker",
                "stances__statement__speaking_for",
                claims=_published_claims,
            )
        )


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources cited by a public claim's statements or its verdict's evidence."""
        return self.filter(_in_a_public_claim("stances__statement__source", "verdict__evidence"))

    def published(self):
        """Sources cited by a live claim's statements or evidence: the API's."""
        return self.filter(
            _in_a_public_claim(
                "stances__statement__source", "verdict__evidence", claims=_published_claims
            )
        )


class TopicQuerySet(models.QuerySet):
    def public(self):
        """Topics with at least one public claim."""
        return self.filter(_in_a_public_claim("topics"))

    def published(self):
        """Topics with at least one live claim: the API's."""
        return self.filter(_in_a_public_claim("topics", claims=_published_claims))


class StanceQuerySet(models.QuerySet):
    def public(self):
        """Stances on public claims."""
        return self.filter(claim__in=_public_claims())

    def published(self):
        """Stances on live claims: the API's."""
        return self.filter(claim__in=_published_claims())


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections to the verdicts of public claims."""
        return self.filter(verdict__claim__in=_public_claims())

    def published(self):
        """Corrections to the verdicts of live claims: the API's."""
        return self.filter(verdict__claim__in=_published_claims())
