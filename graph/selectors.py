"""Reads over the stance graph: related claims, repeats of rated claims, reversal candidates."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from statements.models import Claim, Rating, RatingScale, Speaker, Stance, Statement
from statements.selectors import claims_similar_to

from .models import ClaimRelation, RelationKind, Reversal

# --- Claim relations ------------------------------------------------------------------------

# How a relation reads from each end: (name in the API, label on the page).
OUTGOING = {
    RelationKind.CONTRADICTS: ("contradicts", _("Contradicts")),
    RelationKind.SAME_AS: ("same_as", _("Same claim as")),
    RelationKind.PART_OF: ("part_of", _("Part of")),
    RelationKind.FOLLOW_UP_TO: ("follow_up_to", _("Follow-up to")),
}
INCOMING = {
    RelationKind.CONTRADICTS: ("contradicts", _("Contradicts")),
    RelationKind.SAME_AS: ("same_as", _("Same claim as")),
    RelationKind.PART_OF: ("has_part", _("Includes")),
    RelationKind.FOLLOW_UP_TO: ("followed_up_by", _("Followed up by")),
}
RELATION_NAMES = sorted({name for name, _label in [*OUTGOING.values(), *INCOMING.values()]})


@dataclass(frozen=True)
class RelatedClaim:
    relation: str
    label: str
    claim: Claim


def relation_prefetches(visible: QuerySet) -> tuple[Prefetch, Prefetch]:
    """Prefetch a claim's relations whose other end is in `visible` (public or published)."""
    return (
        Prefetch(
            "relations",
            queryset=ClaimRelation.objects.filter(related__in=visible).select_related(
                "related__verdict__rating"
            ),
            to_attr="visible_relations",
        ),
        Prefetch(
            "inverse_relations",
            queryset=ClaimRelation.objects.filter(claim__in=visible).select_related(
                "claim__verdict__rating"
            ),
            to_attr="visible_inverse_relations",
        ),
    )


def related_claims(claim: Claim) -> list[RelatedClaim]:
    """The claims linked to `claim`, read from `relation_prefetches`, in a stable order."""
    related = [
        RelatedClaim(*OUTGOING[relation.kind], relation.related)
        for relation in claim.visible_relations
    ] + [
        RelatedClaim(*INCOMING[relation.kind], relation.claim)
        for relation in claim.visible_inverse_relations
    ]
    return sorted(related, key=lambda r: (r.relation, -r.claim.pk))


def claims_merged_into(claims: QuerySet, merged: QuerySet) -> QuerySet:
    """The claims in `claims` that a claim in `merged` was merged into (search follows
    *same as*: a reader searching a duplicate's wording finds the claim it became)."""
    return claims.filter(
        inverse_relations__kind=RelationKind.SAME_AS, inverse_relations__claim__in=merged
    ).distinct()


# --- Repeated claims ------------------------------------------------------------------------


def false_ratings() -> QuerySet:
    """The steps of the truth scale that count as “rated false”: its lower half.

    On the shipped truth scale, False and Mostly false. Other rating models (consistency,
    promise) say nothing about whether a claim is false, so they never count.
    """
    truth = Rating.objects.filter(scale__slug=RatingScale.TRUTH, scored=True)
    ordinals = list(truth.values_list("ordinal", flat=True))
    if not ordinals:
        return Rating.objects.none()
    middle = (min(ordinals) + max(ordinals)) / 2
    return truth.filter(ordinal__lt=middle)


def _repeat_stances() -> QuerySet:
    """Asserting stances on live claims rated false, said after the verdict was published."""
    return Stance.objects.filter(
        claim__in=Claim.objects.published().filter(verdict__rating__in=false_ratings()),
        stance=Stance.Kind.ASSERTS,
        statement__said_on__gt=TruncDate(
            "claim__published_at", tzinfo=timezone.get_current_timezone()
        ),
    )


# How many repetitions a page lists; the count is always the full one.
REPEATS_LISTED = 50


@dataclass
class Repeats:
    claim: Claim
    count: int
    statements: list[Statement] = field(default_factory=list)


def claim_repeats(claim: Claim) -> Repeats | None:
    """How often `claim` was asserted after it was rated false, and the latest of those
    statements; None when it was not rated false or never repeated. Two queries."""
    stances = _repeat_stances().filter(claim=claim)
    count = stances.count()
    if not count:
        return None
    statements = [
        stance.statement
        for stance in stances.select_related("statement__speaker").order_by(
            "-statement__said_on", "-statement_id"
        )[:REPEATS_LISTED]
    ]
    return Repeats(claim=claim, count=count, statements=statements)


# How many of a speaker's repeated false claims the speaker page lists.
SPEAKER_REPEATS_LISTED = 5


def speaker_repeats(speaker: Speaker) -> list[Repeats]:
    """The speaker's most repeated false claims, most repetitions first. Three queries."""
    stances = _repeat_stances().filter(statement__in=Statement.objects.said_by(speaker))
    top = list(
        stances.values("claim")
        .annotate(n=Count("pk"))
        .order_by("-n", "-claim")[:SPEAKER_REPEATS_LISTED]
    )
    if not top:
        return []
    counts = {row["claim"]: row["n"] for row in top}
    claims = Claim.objects.select_related("verdict__rating").in_bulk(counts)
    repeats = {pk: Repeats(claim=claims[pk], count=n) for pk, n in counts.items()}
    for stance in (
        stances.filter(claim__in=counts)
        .select_related("statement")
        .order_by("-statement__said_on", "-statement_id")
    ):
        repeat = repeats[stance.claim_id]
        if len(repeat.statements) < REPEATS_LISTED:
            repeat.statements.append(stance.statement)
    return [repeats[row["claim"]] for row in top]


def rated_claims_like(*, statement: Statement, limit: int = 3) -> list[Claim]:
    """Published, rated claims that `statement` reads like and is not yet attached to: what
    the desk offers to attach it to instead of starting a new claim."""
    attached = set(statement.stances.values_list("claim_id", flat=True))
    similar = claims_similar_to(text=statement.text, limit=20)
    return [
        claim
        for claim in similar
        if claim.is_live
        and claim.pk not in attached
        and getattr(claim, "verdict", None) is not None
        and claim.verdict.rating is not None
    ][:limit]


# --- Reversals (flip-flops) -----------------------------------------------------------------


@dataclass(frozen=True)
class ReversalCandidate:
    """Two statements by one speaker that the graph says may contradict each other."""

    earlier: Statement
    later: Statement
    reason: str
    claims: tuple[Claim, ...]

    @property
    def speaker(self) -> Speaker:
        return self.earlier.speaker


# How many candidates the desk lists at once, newest first.
CANDIDATES_LISTED = 100


def reversal_candidates() -> list[ReversalCandidate]:
    """Pairs of one speaker's statements that assert and deny one claim, or assert two claims
    linked as contradicting, and are not yet opened as a consistency check. Four queries."""
    same_speaker = F("statement__speaker")
    asserted_and_denied = Stance.objects.filter(
        stance=Stance.Kind.DENIES,
        claim__stances__stance=Stance.Kind.ASSERTS,
        claim__stances__statement__speaker=same_speaker,
    ).values_list("statement_id", "claim__stances__statement_id", "claim_id", "claim_id")
    contradicting = Stance.objects.filter(
        stance=Stance.Kind.ASSERTS,
        claim__relations__kind=RelationKind.CONTRADICTS,
        claim__relations__related__stances__stance=Stance.Kind.ASSERTS,
        claim__relations__related__stances__statement__speaker=same_speaker,
    ).values_list(
        "statement_id",
        "claim__relations__related__stances__statement_id",
        "claim_id",
        "claim__relations__related_id",
    )
    rows = [(row, _("asserted and denied")) for row in asserted_and_denied[:CANDIDATES_LISTED]]
    rows += [(row, _("asserted contradicting claims")) for row in contradicting[:CANDIDATES_LISTED]]
    opened = set(Reversal.objects.values_list("earlier_id", "later_id"))
    statement_ids = {pk for (a, b, _c, _d), _r in rows for pk in (a, b)}
    claim_ids = {pk for (_a, _b, c, d), _r in rows for pk in (c, d)}
    statements = Statement.objects.select_related("speaker").in_bulk(statement_ids)
    claims = Claim.objects.in_bulk(claim_ids)
    candidates, seen = [], set()
    for (first, second, claim_a, claim_b), reason in rows:
        earlier, later = sorted(
            (statements[first], statements[second]), key=lambda s: (s.said_on, s.pk)
        )
        pair = (earlier.pk, later.pk)
        if pair in seen or pair in opened:
            continue
        seen.add(pair)
        pair_claims = tuple(claims[pk] for pk in dict.fromkeys((claim_a, claim_b)))
        candidates.append(ReversalCandidate(earlier, later, str(reason), pair_claims))
    candidates.sort(key=lambda c: (c.later.said_on, c.later.pk), reverse=True)
    return candidates[:CANDIDATES_LISTED]


def speaker_reversals(speaker: Speaker) -> list[Reversal]:
    """The speaker's reversals whose consistency check an editor has published, oldest first."""
    return list(
        Reversal.objects.filter(
            Q(later__speaker=speaker) | Q(later__speaking_for=speaker),
            consistency_check__in=Claim.objects.published(),
        )
        .select_related("earlier", "later", "consistency_check__verdict__rating")
        .order_by("later__said_on", "id")
    )
