import pytest
from django.db import connection

from .factories import ClaimFactory, StanceFactory, VerdictFactory


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings, tmp_path_factory):
    """Serve static files from the apps, as in development.

    Production's manifest storage needs `collectstatic` first; tests/test_deploy.py covers
    that path by starting bin/start-web for real.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path_factory.getbasetemp() / "static-root"
    settings.STATIC_ROOT.mkdir(exist_ok=True)


def postgres_only():
    """Mark a test that exercises a PostgreSQL-only feature."""
    return pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)",
    )


@pytest.fixture
def make_claim(db):
    """A claim in the given status, with a rated verdict and `statements` asserting it."""

    def make(status="published", statements=1, **kwargs):
        traits = {status: True} if status != "draft" else {}
        claim = ClaimFactory(**traits, **kwargs)
        VerdictFactory(claim=claim)
        StanceFactory.create_batch(statements, claim=claim)
        return claim

    return make


@pytest.fixture
def published_claim(db):
    """A published claim with a speaker asserting it, one denying it, a topic and evidence."""
    from .factories import (
        CorrectionFactory,
        SourceFactory,
        SpeakerFactory,
        StatementFactory,
        TopicFactory,
    )

    claim = ClaimFactory(published=True, text="Modi asked Trump to mediate on Kashmir")
    claim.topics.add(TopicFactory(name="Kashmir", slug="kashmir"))
    verdict = VerdictFactory(claim=claim, conclusion="India denied any such request.")
    verdict.evidence.add(SourceFactory(title="Simla Agreement"))
    trump = SpeakerFactory(name="Donald Trump", slug="donald-trump")
    kumar = SpeakerFactory(name="Raveesh Kumar", slug="raveesh-kumar")
    StanceFactory(
        claim=claim,
        statement=StatementFactory(speaker=trump, text="He asked me to mediate."),
    )
    StanceFactory(
        claim=claim,
        stance="denies",
        statement=StatementFactory(speaker=kumar, text="No such request has been made."),
    )
    CorrectionFactory(verdict=verdict, text="We corrected the date of the briefing.")
    return claim


@pytest.fixture
def staff_editor(db):
    """A staff member allowed to change claims, and so to preview drafts."""
    from django.contrib.auth.models import Permission

    from .factories import UserFactory

    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_claim"))
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limit lives in the cache: no test may see another's counts."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
