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
    """Rate limits (API throttles, reader submissions) count in the cache: start every test
    with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- The newsroom API (issue 5) -------------------------------------------------------------


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


# --- The desk (issue 3) ---------------------------------------------------------------------


@pytest.fixture
def fact_checker(db):
    """A member of the Fact-checkers group, as the data migration installs it."""
    from django.contrib.auth.models import Group

    from .factories import UserFactory

    user = UserFactory(username="fact-checker", first_name="Farah", last_name="Checker")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Fact-checkers"))
    return user


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    from .factories import UserFactory

    user = UserFactory(username="editor", first_name="Edith", last_name="Editor")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def second_editor(db):
    from django.contrib.auth.models import Group

    from .factories import UserFactory

    user = UserFactory(username="second-editor", first_name="Sam", last_name="Second")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(db):
    from .factories import UserFactory

    user = UserFactory(username="root")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def claim_in_review(make_claim, fact_checker):
    """A claim ready to publish, written by the fact-checker."""
    claim = make_claim(status="in_review")
    claim.verdict.authors.add(fact_checker)
    return claim


@pytest.fixture
def make_desk_client(db):
    """A browser for the desk, logged in as `user` (or anonymous), speaking HTTPS.

    Settings redirect plain HTTP to HTTPS when DEBUG is off, as in production.
    """
    from django.test import Client

    class HttpsClient(Client):
        def generic(self, *args, **kwargs):
            kwargs["secure"] = True
            return super().generic(*args, **kwargs)

    def make(user=None):
        browser = HttpsClient()
        if user is not None:
            browser.force_login(user)
        return browser

    return make


def admin_form_data(response) -> dict:
    """The POST a browser would send back from an admin form page, unchanged."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = value
        if form.instance.pk is not None and hasattr(form, "_meta") and form.prefix:
            data[form.add_prefix(form._meta.model._meta.pk.name)] = form.instance.pk

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for form in formset.initial_forms:
            add(form)
    return data
