import pytest
from django.conf import settings
from django.db import connection
from django.forms import FileField, MultiWidget
from django.test import Client

from statements.roles import EDITORS, FACT_CHECKERS

from .factories import ClaimFactory, StanceFactory, VerdictFactory

# A second alias on the test database, as DATABASE_REPLICA_URL makes in production, for the
# read-replica router's tests (tests/test_scaling.py). No router uses it unless a test says so.
settings.DATABASES.setdefault(
    "replica",
    {
        **settings.DATABASES["default"],
        "TEST": {**settings.DATABASES["default"].get("TEST", {}), "MIRROR": "default"},
    },
)


@pytest.fixture(scope="session", autouse=True)
def _search_index_kind_known(django_db_setup, django_db_blocker):
    """Search asks once per process whether its indexes are RUM; ask before any test counts."""
    from statements import search

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            search._ranks_in_index()


class HttpsClient(Client):
    """A test client whose every request is made over HTTPS, as production serves them."""

    def generic(self, *args, **kwargs):
        kwargs["secure"] = True
        return super().generic(*args, **kwargs)


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
def _migrated_rows(request):
    """Put back what data migrations install (the rating models and their ratings, the
    transparency pages, the LIAR rating mappings, the desk's groups) before every transactional
    test, since the flush after the one before removed them. Used instead of
    `serialized_rollback`, which cannot be mixed with plain transactional tests: their flush
    re-creates the groups (post_migrate), and restoring the serialized groups on top then
    collides with them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from statements.roles import roles_sync

    request.getfixturevalue("transactional_db")
    # The flush re-created the content types under new ids; forget the cached old ones.
    ContentType.objects.clear_cache()
    rating_models = importlib.import_module("statements.migrations.0013_rating_models")
    rating_models.install_scales(apps, None)
    importlib.import_module("statements.migrations.0002_default_rating_scale").install_scale(
        apps, None
    )
    rating_models.install_ratings(apps, None)
    importlib.import_module("pages.migrations.0002_default_pages").create_pages(apps, None)
    importlib.import_module("integrations.migrations.0003_liar_rating_mappings").add_mappings(
        apps, None
    )
    roles_sync()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (API throttles, reader submissions) count in the cache: start every test
    with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a request to /hi/… leaves Hindi active in
    the thread (LocaleMiddleware does not switch back), and reverse() would prefix /hi/."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- The newsroom API (issue 5) -------------------------------------------------------------


@pytest.fixture
def seed_story(db):
    """The seed story (fixtures/seed_story.json): two published claims, one draft, one in review."""
    from django.core.management import call_command

    call_command("loaddata", "seed_story", verbosity=0)


@pytest.fixture
def api_client():
    """An anonymous client speaking HTTPS, as production serves the API."""
    return HttpsClient()


# --- The desk (issue 3) ---------------------------------------------------------------------


def desk_member(username: str, first_name: str, last_name: str, group: str):
    """A staff user in one of the desk's groups, as the data migration installs them."""
    from django.contrib.auth.models import Group

    from .factories import UserFactory

    user = UserFactory(username=username, first_name=first_name, last_name=last_name, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def fact_checker(db):
    return desk_member("fact-checker", "Farah", "Checker", FACT_CHECKERS)


@pytest.fixture
def editor(db):
    return desk_member("editor", "Edith", "Editor", EDITORS)


@pytest.fixture
def second_editor(db):
    return desk_member("second-editor", "Sam", "Second", EDITORS)


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


def login_with_second_factor(client, user):
    """Log `client` in as `user` as the desk's sign-in would: password, then a code from an
    authenticator app that `user` has set up (django-otp's session key, as its login does)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Authenticator app", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's admin_client, signed in with the second factor a superuser must use."""
    return login_with_second_factor(Client(), admin_user)


@pytest.fixture
def make_desk_client(db):
    """A browser for the desk, logged in as `user` (or anonymous), speaking HTTPS.

    The user has passed a second factor, as every editor must (tests/test_accounts.py checks
    the sign-in itself); `second_factor=False` logs in on the password alone.
    """

    def make(user=None, *, second_factor=True):
        browser = HttpsClient()
        if user is not None and second_factor:
            login_with_second_factor(browser, user)
        elif user is not None:
            browser.force_login(user)
        return browser

    return make


def admin_form_data(response) -> dict:
    """The POST a browser would send back from an admin form page, unchanged."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            # A browser never sends a stored file back; leaving the box empty keeps it.
            if value is None or isinstance(form.fields[name], FileField):
                continue
            key = form.add_prefix(name)
            widget = form.fields[name].widget
            if isinstance(widget, MultiWidget) and not isinstance(value, list | tuple):
                # A date and time box pair posts as name_0 and name_1.
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
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
