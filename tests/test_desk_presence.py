"""A change form someone else has open says so: "<name> has been editing this since 10:42",
on every model the desk edits, and stops saying so when they leave or their page goes quiet."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import EditingPresence
from statements.desk.presence import PRESENCE_TTL

from .desk_rows import EDITS, make_row

pytestmark = pytest.mark.django_db

TEN_FORTY_TWO = datetime.datetime(2026, 3, 4, 10, 42, tzinfo=datetime.UTC)


def messages_on(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.label)
def test_the_second_person_is_told_who_has_been_editing_since_when(
    edit, make_claim, make_desk_client, fact_checker, editor, settings
):
    settings.TIME_ZONE = "UTC"
    row = make_row(edit.label, make_claim)
    url = reverse(f"admin:{edit.url_name}_change", args=[row.pk])
    first, second = make_desk_client(editor), make_desk_client(fact_checker)

    with time_machine.travel(TEN_FORTY_TWO, tick=False):
        opened = first.get(url)
    assert opened.status_code == 200
    assert not [m for m in messages_on(opened) if "has been editing" in m]

    with time_machine.travel(TEN_FORTY_TWO + datetime.timedelta(seconds=30), tick=False):
        page = second.get(url)
    assert page.status_code == 200
    assert "Edith Editor has been editing this since 10:42." in messages_on(page)
    assert 'class="desk-presence warning"' in page.content.decode()


def test_the_heartbeat_keeps_the_notice_and_leaving_ends_it(
    make_claim, make_desk_client, fact_checker, editor
):
    claim = make_claim(status="draft")
    change = reverse("admin:statements_claim_change", args=[claim.pk])
    heartbeat = reverse("admin:statements_claim_presence", args=[claim.pk])
    first, second = make_desk_client(fact_checker), make_desk_client(editor)
    first.get(change)
    second.get(change)

    beat = second.post(heartbeat).json()
    assert [other["name"] for other in beat["others"]] == ["Farah Checker"]
    assert beat["others"][0]["message"].startswith("Farah Checker has been editing this since ")
    # The first person sees the second, and not themselves.
    assert [other["name"] for other in first.post(heartbeat).json()["others"]] == ["Edith Editor"]

    first.post(heartbeat, {"leave": "1"})
    assert second.post(heartbeat).json()["others"] == []
    assert not [m for m in messages_on(second.get(change)) if "has been editing" in m]


def test_a_page_that_went_quiet_expires(make_claim, make_desk_client, fact_checker, editor):
    claim = make_claim(status="draft")
    change = reverse("admin:statements_claim_change", args=[claim.pk])
    make_desk_client(fact_checker).get(change)
    EditingPresence.objects.update(seen_at=timezone.now() - PRESENCE_TTL - datetime.timedelta(1))

    page = make_desk_client(editor).get(change)
    assert not [m for m in messages_on(page) if "has been editing" in m]


def test_coming_back_after_leaving_starts_a_new_since(
    make_claim, make_desk_client, fact_checker, editor
):
    claim = make_claim(status="draft")
    change = reverse("admin:statements_claim_change", args=[claim.pk])
    first = make_desk_client(fact_checker)
    with time_machine.travel(TEN_FORTY_TWO, tick=False):
        first.get(change)
    with time_machine.travel(TEN_FORTY_TWO + datetime.timedelta(minutes=5), tick=False):
        assert first.get(change).status_code == 200
        presence = EditingPresence.objects.get(user=fact_checker)
        assert presence.started_at == TEN_FORTY_TWO + datetime.timedelta(minutes=5)


def test_the_heartbeat_answers_only_the_desk_and_only_posts(
    make_claim, make_desk_client, fact_checker
):
    claim = make_claim(status="draft")
    heartbeat = reverse("admin:statements_claim_presence", args=[claim.pk])
    anonymous = make_desk_client()
    assert anonymous.post(heartbeat).status_code == 302  # to the desk's sign-in
    assert make_desk_client(fact_checker).get(heartbeat).status_code == 405
    missing = reverse("admin:statements_claim_presence", args=[10**9])
    assert make_desk_client(fact_checker).post(missing).status_code == 404
    assert not EditingPresence.objects.exists()


def test_someone_who_may_only_read_the_row_is_not_announced(
    make_claim, make_desk_client, fact_checker, editor
):
    claim = make_claim(status="published")  # a fact-checker sees it read-only
    change = reverse("admin:statements_claim_change", args=[claim.pk])
    reader = make_desk_client(fact_checker)
    assert reader.get(change).status_code == 200
    reader.post(reverse("admin:statements_claim_presence", args=[claim.pk]))
    assert not EditingPresence.objects.filter(user=fact_checker).exists()
    page = make_desk_client(editor).get(change)
    assert not [m for m in messages_on(page) if "has been editing" in m]
