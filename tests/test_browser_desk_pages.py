"""Every desk page at a phone's 390 px: nothing wider than the screen, and axe-core finds no
violation. Desk home, every changelist, add and change form, history and revision pages, the
review queue and the reversal candidates, as an editor sees them."""

import json

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from .conftest import login_with_second_factor
from .desk_rows import EDITS, make_row
from .test_browser import (  # noqa: F401 — chromium is a fixture
    BROWSER_REQUIRED,
    CHROMIUM,
    PHONE,
    axe_api,
    chromium,
    open_page,
)

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists() and not BROWSER_REQUIRED, reason="needs /usr/bin/chromium"
    ),
    pytest.mark.django_db(transaction=True),
]

OTHER_CHANGELISTS = [
    "statements.claimredirect",
    "graph.claimrelation",
    "graph.reversal",
    "promises.promise",
]


def desk_pages(make_claim) -> list[str]:
    pages = [
        reverse("admin:index"),
        reverse("admin:statements_claim_changelist") + "?status__exact=in_review",
        reverse("admin:graph_reversal_candidates"),
    ]
    for edit in EDITS:
        row = make_row(edit.label, make_claim)
        pages += [
            reverse(f"admin:{edit.url_name}_changelist"),
            reverse(f"admin:{edit.url_name}_change", args=[row.pk]),
            reverse(f"admin:{edit.url_name}_history", args=[row.pk]),
        ]
        revision = row.history.order_by("-history_date").first()
        if revision is not None:
            pages.append(
                reverse(f"admin:{edit.url_name}_simple_history", args=[row.pk, revision.pk])
            )
        if edit.label not in {"pages.claimsubmission", "statements.verdict"}:
            pages.append(reverse(f"admin:{edit.url_name}_add"))
    for label in OTHER_CHANGELISTS:
        pages.append(reverse(f"admin:{label.replace('.', '_')}_changelist"))
    return pages


@pytest.fixture
def desk_browser(request, monkeypatch):
    """Chromium, for a test that also uses the database (see test_browser_desk_walkthrough)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield request.getfixturevalue("chromium")
    connections.close_all()


def test_every_desk_page_fits_a_phone_and_passes_axe(
    live_server, desk_browser, settings, make_claim, editor
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME = "sessionid", "csrftoken"
    client = login_with_second_factor(Client(), editor)
    page = open_page(desk_browser, viewport=PHONE, is_mobile=True)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    problems, csp = {}, {}
    for path in desk_pages(make_claim):
        before = len(page.csp_errors)
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = []
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 1:
            found.append(f"{overflow}px wider than the screen")
        for violation in axe_api.Axe().run(page).response["violations"]:
            found.append(
                f"{violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
            )
        if found:
            problems[path] = found
        if len(page.csp_errors) > before:
            csp[path] = sorted({e[:60] for e in page.csp_errors[before:]})
    print(json.dumps(csp, indent=1))
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)


def test_leaving_a_form_ends_the_editing_notice(
    live_server, desk_browser, settings, make_claim, editor
):
    """admin.js says goodbye when the page is left (a beacon, through the strict CSP)."""
    import time

    from accounts.models import EditingPresence

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME = "sessionid", "csrftoken"
    claim = make_claim(status="draft")
    client = login_with_second_factor(Client(), editor)
    page = open_page(desk_browser)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("admin:statements_claim_change", args=[claim.pk]))
    assert EditingPresence.objects.filter(user=editor).exists()

    page.goto(live_server.url + reverse("admin:index"))
    for _ in range(50):
        if not EditingPresence.objects.filter(user=editor).exists():
            break
        time.sleep(0.1)
    assert not EditingPresence.objects.filter(user=editor).exists()
    assert page.csp_errors == []
