"""API keys: issued and revoked by editors in the admin, sent in X-API-Key, stored hashed."""

import hashlib
import re

import pytest
from django.contrib.auth.models import Permission

from apikeys.models import ApiKey
from apikeys.services import api_key_issue, api_key_revoke

from .conftest import login_with_second_factor
from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_only_as_its_digest():
    api_key, raw_key = api_key_issue(name="Example Daily")

    assert re.fullmatch(r"fck_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", raw_key)
    assert api_key.hashed_key == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in str(ApiKey.objects.values().get())
    assert ApiKey.objects.matching(raw_key) == api_key
    assert ApiKey.objects.matching(raw_key[:-1] + "x") is None


def test_a_key_gets_its_own_higher_limit(api_client, settings):
    settings.API_THROTTLE_ANON_RATE = "1/min"
    settings.API_THROTTLE_KEY_RATE = "3/min"
    _, raw_key = api_key_issue(name="Example Daily")

    anonymous = [api_client.get("/api/v1/ratings/").status_code for _ in range(2)]
    keyed = [
        api_client.get("/api/v1/ratings/", headers={"X-API-Key": raw_key}).status_code
        for _ in range(4)
    ]

    assert anonymous == [200, 429]
    assert keyed == [200, 200, 200, 429]


def test_an_unknown_or_revoked_key_is_a_401(api_client):
    api_key, raw_key = api_key_issue(name="Example Daily")
    api_key_revoke(api_key=api_key)

    for key in (raw_key, "fck_nothing_here"):
        response = api_client.get("/api/v1/ratings/", headers={"X-API-Key": key})
        assert response.status_code == 401
        assert response.json() == {
            "detail": "The key in the X-API-Key header is unknown or has been revoked.",
            "code": "authentication_failed",
        }
        assert response["WWW-Authenticate"] == 'ApiKey header="X-API-Key"'


def test_editors_issue_a_key_in_the_admin_and_see_it_once(client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_apikey", "change_apikey", "view_apikey"])
    )
    login_with_second_factor(client, editor)

    response = client.post(
        "/admin/apikeys/apikey/add/",
        {"name": "Example Daily", "contact_email": "data@example.org"},
        follow=True,
        secure=True,
    )

    api_key = ApiKey.objects.get()
    messages = [str(m) for m in response.context["messages"]]
    raw_key = re.search(r"fck_\S+", messages[0]).group()
    assert ApiKey.objects.matching(raw_key) == api_key
    assert api_key.created_by == editor
    listing = client.get("/admin/apikeys/apikey/", secure=True)
    assert listing.status_code == 200
    assert raw_key not in listing.content.decode()


def test_editors_revoke_keys_with_the_admin_action(client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_apikey", "view_apikey"])
    )
    login_with_second_factor(client, editor)
    api_key, raw_key = api_key_issue(name="Example Daily")

    client.post(
        "/admin/apikeys/apikey/",
        {"action": "revoke", "_selected_action": [api_key.pk]},
        secure=True,
    )

    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert ApiKey.objects.matching(raw_key) is None


def test_admin_change_page_smoke(admin_client):
    api_key, _ = api_key_issue(name="Example Daily")

    response = admin_client.get(f"/admin/apikeys/apikey/{api_key.pk}/change/", secure=True)

    assert response.status_code == 200
