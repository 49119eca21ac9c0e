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
