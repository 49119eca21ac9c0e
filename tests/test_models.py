"""The domain's invariants, enforced by the database, and the one rule for what is public."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from statements.models import (
    Claim,
    Correction,
    Rating,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)

from .factories import (
    ClaimFactory,
    CorrectionFactory,
    OrganisationFactory,
    SourceFactory,
    SpeakerFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(make):
    """Run `make` and report whether the database refused it, leaving the test usable after."""
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


class TestDatabaseConstraints:
    def test_a_statement_takes_one_stance_per_claim(self):
        stance = StanceFactory()
        assert refused_by_database(
            lambda: Stance.objects.create(
                statement=stance.statement, claim=stance.claim, stance=Stance.Kind.DENIES
            )
        )

    def test_the_same_statement_may_bear_on_two_claims(self):
        stance = StanceFactory()
        other = ClaimFactory()
        Stance.objects.create(statement=stance.statement, claim=other, stance=Stance.Kind.CONTEXT)
        assert stance.statement.claims.count() == 2

    def test_a_claim_has_at_most_one_verdict(self):
        verdict = VerdictFactory()
        assert refused_by_database(lambda: Verdict.objects.create(claim=verdict.claim))

    def test_slugs_are_unique(self):
        claim = ClaimFactory()
        speaker = SpeakerFactory()
        assert refused_by_database(lambda: ClaimFactory(slug=claim.slug))
        assert refused_by_database(lambda: SpeakerFactory(slug=speaker.slug))

    @pytest.mark.parametrize(
        ("model_factory", "field", "value"),
        [
            (ClaimFactory, "status", "rumoured"),
            (SpeakerFactory, "kind", "robot"),
            (SourceFactory, "kind", "pamphlet"),
            (StatementFactory, "quote_type", "invented"),
            (StanceFactory, "stance", "maybe"),
        ],
    )
    def test_closed_choices_are_checked_by_the_database(self, model_factory, field, value):
        row = model_factory()
        assert refused_by_database(
            lambda: type(row).objects.filter(pk=row.pk).update(**{field: value})
        )

    def test_a_public_claim_needs_a_publication_time(self):
        assert refused_by_database(lambda: ClaimFactory(status=Claim.Status.PUBLISHED))
        assert not refused_by_database(lambda: ClaimFactory(published=True))

    def test_a_retracted_claim_needs_its_notice(self):
        assert refused_by_database(lambda: ClaimFactory(retracted=True, retraction_notice=""))
        assert refused_by_database(lambda: ClaimFactory(retracted=True, retracted_at=None))

    def test_a_speaker_cannot_speak_for_themselves(self):
        organisation = OrganisationFactory()
        assert refused_by_database(
            lambda: StatementFactory(speaker=organisation, speaking_for=organisation)
        )

    def test_wikidata_ids_are_q_numbers_and_unique(self):
        SpeakerFactory(wikidata_id="Q22686")
        assert refused_by_database(lambda: SpeakerFactory(wikidata_id="Q22686"))
        assert refused_by_database(lambda: SpeakerFactory(wikidata_id="22686"))
        # Many speakers have no Wikidata entry; blanks never collide.
        SpeakerFactory(wikidata_id="")
        SpeakerFactory(wikidata_id="")

    def test_source_urls_are_unique_but_may_be_empty(self):
        source = SourceFactory()
        assert refused_by_database(lambda: SourceFactory(url=source.url))
        SourceFactory(url="")
        SourceFactory(url="")

    def test_rating_colours_are_hex(self):
        assert refused_by_database(
            lambda: Rating.objects.create(
                label="Pants on fire", slug="pants-on-fire", ordinal=9, colour="red"
            )
        )

    def test_empty_statement_text_is_refused(self):
        assert refused_by_database(lambda: StatementFactory(text=""))


class TestProtectedDeletes:
    """Deleting what published work rests on is refused, not cascaded."""

    def test_a_speaker_with_statements_cannot_be_deleted(self):
        statement = StatementFactory()
        with pytest.raises(ProtectedError):
            statement.speaker.delete()

    def test_a_cited_source_cannot_be_deleted(self):
        statement = StatementFactory()
        with pytest.raises(ProtectedError):
            statement.source.delete()

    def test_a_source_cited_only_as_evidence_cannot_be_deleted(self):
        verdict = VerdictFactory()
        source = SourceFactory()
        verdict.evidence.add(source)
        with pytest.raises(ProtectedError):
            source.delete()
        assert list(verdict.evidence.all()) == [source]

    def test_a_statement_on_a_claim_cannot_be_deleted(self):
        stance = StanceFactory()
        with pytest.raises(ProtectedError):
            stance.statement.delete()

    def test_a_rating_in_use_cannot_be_deleted(self):
        verdict = VerdictFactory()
        with pytest.raises(ProtectedError):
            verdict.rating.delete()

    def test_a_corrected_claim_cannot_be_deleted(self):
        correction = CorrectionFactory()
        with pytest.raises(ProtectedError):
            correction.verdict.claim.delete()
        assert Correction.objects.filter(pk=correction.pk).exists()

    def test_deleting_a_draft_claim_removes_its_stances_and_verdict(self):
        stance = StanceFactory()
        VerdictFactory(claim=stance.claim)
        stance.claim.delete()
        assert not Stance.objects.exists()
        assert not Verdict.objects.exists()
        assert Statement.objects.filter(pk=stance.statement_id).exists()


class TestPublicQuerysets:
    @pytest.fixture
    def claims(self, make_claim):
        return {status: make_claim(status) for status in Claim.Status.values}

    def test_only_published_and_retracted_claims_are_public(self, claims):
        assert set(Claim.objects.public()) == {claims["published"], claims["retracted"]}

    def test_published_leaves_out_retracted(self, claims):
        assert list(Claim.objects.published()) == [claims["published"]]

    def test_statements_speakers_and_sources_follow_their_claims(self, claims):
        visible = {claims["published"], claims["retracted"]}
        statements = {s.statement for c in visible for s in c.stances.all()}
        assert set(Statement.objects.public()) == statements
        assert set(Speaker.objects.public()) == {s.speaker for s in statements}
        assert set(Source.objects.public()) == {s.source for s in statements}

    def test_a_statement_on_a_draft_and_a_published_claim_is_listed_once(self, claims):
        shared = claims["published"].stances.get().statement
        Stance.objects.create(statement=shared, claim=claims["draft"], stance=Stance.Kind.DENIES)
        assert list(Statement.objects.public()).count(shared) == 1

    def test_an_organisation_spoken_for_on_a_public_claim_is_public(self, make_claim):
        organisation = OrganisationFactory()
        claim = make_claim("published", statements=0)
        StanceFactory(claim=claim, statement__speaking_for=organisation)
        draft = make_claim("draft", statements=0)
        hidden = OrganisationFactory()
        StanceFactory(claim=draft, statement__speaking_for=hidden)
        assert organisation in Speaker.objects.public()
        assert hidden not in Speaker.objects.public()

    def test_evidence_sources_are_public_only_through_public_verdicts(self, claims):
        published_evidence = SourceFactory()
        draft_evidence = SourceFactory()
        claims["published"].verdict.evidence.add(published_evidence)
        claims["draft"].verdict.evidence.add(draft_evidence)
        assert published_evidence in Source.objects.public()
        assert draft_evidence not in Source.objects.public()

    def test_topics_and_corrections_follow_their_claims(self, claims):
        public_topic, draft_topic = TopicFactory(), TopicFactory()
        claims["published"].topics.add(public_topic)
        claims["in_review"].topics.add(draft_topic)
        public_correction = CorrectionFactory(verdict=claims["published"].verdict)
        CorrectionFactory(verdict=claims["in_review"].verdict)
        assert list(Topic.objects.public()) == [public_topic]
        assert list(Correction.objects.public()) == [public_correction]

    def test_stances_follow_their_claims(self, claims):
        assert {s.claim for s in Stance.objects.public()} == {
            claims["published"],
            claims["retracted"],
        }


class TestModelBehaviour:
    def test_a_statement_not_in_the_site_language_needs_a_translation(self):
        statement = StatementFactory.build(
            speaker=SpeakerFactory(), source=SourceFactory(), language="hi", translation=""
        )
        with pytest.raises(ValidationError) as error:
            statement.full_clean()
        assert "translation" in error.value.message_dict
        statement.translation = "There was no such request."
        statement.full_clean()

    def test_every_model_names_itself_and_its_page(self, make_claim):
        claim = make_claim("published")
        stance = claim.stances.get()
        statement = stance.statement
        correction = CorrectionFactory(verdict=claim.verdict)
        topic = TopicFactory(name="Kashmir", slug="kashmir")
        assert str(claim) == claim.text
        assert claim.get_absolute_url() == f"/claims/{claim.slug}/"
        assert statement.speaker.get_absolute_url() == f"/speakers/{statement.speaker.slug}/"
        assert topic.get_absolute_url() == "/topics/kashmir/"
        assert statement.get_absolute_url().endswith(f"#statement-{statement.pk}")
        assert correction.get_absolute_url().endswith(f"#correction-{correction.pk}")
        assert str(statement).startswith(f"{statement.speaker}: “")
        assert str(claim.verdict) == f"False: {claim.text}"
        assert str(correction) == f"{claim.text} ({correction.published_at:%Y-%m-%d})"

    def test_the_default_rating_scale_runs_from_false_to_true(self):
        truth = Rating.objects.filter(scale__slug="truth")
        assert list(truth.values_list("slug", "ordinal")) == [
            ("false", 1),
            ("mostly-false", 2),
            ("half-true", 3),
            ("mostly-true", 4),
            ("true", 5),
        ]

    def test_timestamps_are_timezone_aware(self):
        claim = ClaimFactory()
        assert timezone.is_aware(claim.created_at)
        assert claim.updated_at >= claim.created_at - datetime.timedelta(seconds=1)


def test_claims_list_newest_published_first_and_unpublished_last():
    older = ClaimFactory(published=True, published_at=timezone.now() - datetime.timedelta(days=2))
    newer = ClaimFactory(published=True)
    draft = ClaimFactory()
    assert list(Claim.objects.all()) == [newer, older, draft]
