import pytest
from django.db import connection

from .factories import ClaimFactory, StanceFactory, VerdictFactory


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


@pytest.fixture(autouse=True)
def static_files_without_collectstatic(settings):
    """Serve static files from the apps, as DEBUG does: the suite runs without collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


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
