"""How a claim page lays out the two sides: who asserts the claim, who denies it.

A side with a handful of statements shows them all, oldest first. Past that (a claim repeated
by dozens of speakers) a reader needs the shape of the side, not every quote in a row: the
first time it was said and the latest stay in full, and the rest fold under their speakers.
Built from the stances the claim page has already prefetched: no queries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Speaker, Stance

# A side with more statements than this is grouped by speaker and folded.
FOLD_AFTER = 4
# "Claimed by A, B and C"; further speakers are folded behind "and N others".
CLAIMANTS_SHOWN = 3


def said_order(stance: Stance) -> tuple:
    return (stance.statement.said_on, stance.statement.pk)


@dataclass
class SpeakerGroup:
    """One speaker's statements on one side, oldest first."""

    speaker: Speaker
    stances: list[Stance] = field(default_factory=list)

    @property
    def first(self) -> Stance:
        return self.stances[0]


@dataclass
class Side:
    """The statements taking one stance on a claim, as the page shows them."""

    kind: str
    stances: list[Stance]

    def __post_init__(self) -> None:
        self.stances = sorted(self.stances, key=said_order)

    @property
    def count(self) -> int:
        return len(self.stances)

    @property
    def groups(self) -> list[SpeakerGroup]:
        """The side's speakers, in the order they first took this stance."""
        groups: dict[int, SpeakerGroup] = {}
        for stance in self.stances:
            speaker = stance.statement.speaker
            groups.setdefault(speaker.pk, SpeakerGroup(speaker)).stances.append(stance)
        return list(groups.values())

    @property
    def is_folded(self) -> bool:
        return self.count > FOLD_AFTER

    @property
    def shown(self) -> list[Stance]:
        """In full: every statement, or once folded the first and the latest said."""
        if not self.is_folded:
            return self.stances
        return [self.stances[0], self.stances[-1]]

    @property
    def folded_groups(self) -> list[SpeakerGroup]:
        """Everything `shown` leaves out, by speaker."""
        if not self.is_folded:
            return []
        shown = {stance.pk for stance in self.shown}
        groups = []
        for group in self.groups:
            rest = [stance for stance in group.stances if stance.pk not in shown]
            if rest:
                groups.append(SpeakerGroup(group.speaker, rest))
        return groups

    @property
    def folded_count(self) -> int:
        return self.count - len(self.shown)


@dataclass
class Claimants:
    """Who made the claim and when it was first made: the line under the claim's title."""

    speakers: list[Speaker]
    first_said_on: object  # a date, or None when nobody on record asserts the claim

    @property
    def named(self) -> list[Speaker]:
        return self.speakers[:CLAIMANTS_SHOWN]

    @property
    def others(self) -> list[Speaker]:
        return self.speakers[CLAIMANTS_SHOWN:]


def claim_sides(stances: list[Stance]) -> tuple[Side, Side, Claimants]:
    """The asserting side, the denying side, and who made the claim."""
    asserting = Side(Stance.Kind.ASSERTS, [s for s in stances if s.stance == Stance.Kind.ASSERTS])
    denying = Side(Stance.Kind.DENIES, [s for s in stances if s.stance == Stance.Kind.DENIES])
    claimants = Claimants(
        speakers=[group.speaker for group in asserting.groups],
        first_said_on=asserting.stances[0].statement.said_on if asserting.stances else None,
    )
    return asserting, denying, claimants
