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


# --- The newsroom API (issue 5) -------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Rate-limit counters live in the cache: start every test with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed_story(db):
    """The seed story (fixtures/seed_story.json): two published claims, one draft, one in review."""
    from django.core.management import call_command

    call_command("loaddata", "seed_story", verbosity=0)


@pytest.fixture(autouse=True, scope="session")
def _static_root_exists():
    """WhiteNoise warns (an error here) when STATIC_ROOT is missing, as before collectstatic."""
    from django.conf import settings

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def api_client():
    """A test client over HTTPS, as production serves the API (SECURE_SSL_REDIRECT is on)."""
    from django.test import Client

    class HttpsClient(Client):
        def get(self, path, data=None, secure=True, **extra):
            return super().get(path, data, secure=secure, **extra)

        def head(self, path, data=None, secure=True, **extra):
            return super().head(path, data, secure=secure, **extra)

        def options(
            self, path, data="", content_type="application/octet-stream", secure=True, **extra
        ):
            return super().options(path, data, content_type, secure=secure, **extra)

    return HttpsClient()


@pytest.fixture
def plain_static_storage(settings):
    """Pages that link static files, without the collectstatic manifest production uses."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
