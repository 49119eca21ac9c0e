"""The seed story (fixtures/seed_story.json): what it holds, and that it loads twice cleanly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from statements.models import (
    Claim,
    Rating,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)
from statements.quotes import quote_appears_in

from .factories import StatementFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SEEDED_MODELS = [Speaker, Source, Statement, Claim, Stance, Verdict, Topic, Rating]
MODI_CLAIM = "modi-asked-trump-to-mediate-on-kashmir"
BILATERAL_CLAIM = "india-and-pakistan-must-resolve-their-issues-only-bilaterally"


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}


@pytest.fixture
def seed(db):
    call_command("load_seed_story", verbosity=0)


def test_loading_twice_duplicates_nothing_and_spares_other_rows(seed):
    own = StatementFactory(text="Recorded at the desk, not in the seed.")
    before = counts()
    call_command("loaddata", "seed_story", verbosity=0)
    call_command("load_seed_story", "--force", verbosity=0)
    assert counts() == before
    own.refresh_from_db()
    assert own.text == "Recorded at the desk, not in the seed."


def test_load_seed_story_leaves_a_database_with_claims_alone(seed):
    Claim.objects.filter(slug=MODI_CLAIM).update(text="Edited by the desk")
    call_command("load_seed_story", verbosity=0)
    assert Claim.objects.get(slug=MODI_CLAIM).text == "Edited by the desk"


def test_loading_twice_into_a_fresh_sqlite_file(tmp_path):
    """The same promise on the zero-setup database, whatever database this run uses."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'seed.sqlite3'}", "DEBUG": "1"}
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command as c;"
        "from statements.models import Statement, Stance, Claim;"
        "c('migrate', verbosity=0); c('load_seed_story', verbosity=0);"
        "n = lambda: (Statement.objects.count(), Stance.objects.count(), Claim.objects.count());"
        "first = n(); c('loaddata', 'seed_story', verbosity=0); print(first, n())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "(11, 12, 4) (11, 12, 4)"


def test_every_speaker_the_article_names_is_recorded(seed):
    assert set(Speaker.objects.values_list("name", flat=True)) == {
        "Donald Trump",
        "Imran Khan",
        "Narendra Modi",
        "Raveesh Kumar",
        "S. Jaishankar",
        "Government of Pakistan",
        "Ministry of External Affairs (India)",
    }


def test_trump_asserts_and_kumar_denies_the_mediation_claim(seed):
    claim = Claim.objects.published().get(slug=MODI_CLAIM)
    assert claim.text == "Narendra Modi asked Donald Trump to mediate on Kashmir"
    sides = {
        (stance.statement.speaker.name, stance.stance)
        for stance in claim.stances.select_related("statement__speaker")
    }
    assert ("Donald Trump", "asserts") in sides
    assert ("Raveesh Kumar", "denies") in sides
    denial = claim.stances.get(stance="denies").statement
    assert "no such request" in denial.text
    # Kumar spoke for India's foreign ministry: recorded on the statement, not only the person.
    assert denial.speaking_for.name == "Ministry of External Affairs (India)"
    assert claim.verdict.rating.slug == "false"


def test_india_bilateral_position_stands_against_pakistans_call_for_mediation(seed):
    claim = Claim.objects.published().get(slug=BILATERAL_CLAIM)
    stances = claim.stances.select_related("statement__speaker")
    asserting = {s.statement.speaker.name for s in stances if s.stance == "asserts"}
    denying = {s.statement.speaker.name for s in stances if s.stance == "denies"}
    assert asserting == {"Raveesh Kumar", "S. Jaishankar"}
    assert denying == {"Imran Khan", "Government of Pakistan"}
    assert "Shimla Agreement" in " ".join(s.statement.text for s in stances)


def test_published_verdicts_are_complete_and_some_claims_stay_unpublished(seed):
    for claim in Claim.objects.published().select_related("verdict__rating"):
        assert claim.verdict.rating is not None
        assert claim.verdict.conclusion
        assert claim.verdict.evidence.exists()
        for stance in claim.stances.select_related("statement"):
            assert stance.statement.source_id is not None
    unpublished = Claim.objects.exclude(pk__in=Claim.objects.public())
    assert set(unpublished.values_list("status", flat=True)) == {"draft", "in_review"}
    pulwama = Claim.objects.get(slug="pulwama-attack-killed-more-than-40-paramilitary-soldiers")
    assert "more than 40 paramilitary soldiers" in pulwama.text


def test_every_quote_appears_word_for_word_in_its_captured_source(seed):
    for statement in Statement.objects.select_related("source"):
        assert quote_appears_in(statement.text, statement.source.captured_text), statement.text


def test_the_misattributed_billion_hostages_line_carries_a_note(seed):
    statement = Statement.objects.get(text__startswith="Over a billion people are held hostage")
    assert statement.speaker.name == "Government of Pakistan"
    assert "Imran Khan" in statement.attribution_note


def test_the_seed_story_is_served(client, seed):
    response = client.get(f"/claims/{MODI_CLAIM}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "had also asked him to do the same" in page
    assert "no such request" in page
    draft = client.get("/claims/pulwama-attack-killed-more-than-40-paramilitary-soldiers/")
    assert draft.status_code == 404
