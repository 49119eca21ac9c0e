"""Who may do what on the desk: anonymous, fact-checker, editor, superuser.

Every admin page of every model, every workflow transition, and the admin actions.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apikeys.services import api_key_issue
from pages.models import ClaimSubmission, Page
from statements.models import Claim, ClaimRedirect, Correction, Rating, RatingScale, Topic

from .conftest import admin_form_data
from .factories import CorrectionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "fact_checker", "editor", "superuser"]
OK, FORBIDDEN, LOGIN = 200, 403, 302


@pytest.fixture
def as_role(request, make_desk_client):
    """A browser logged in as the named role."""

    def browser(role):
        user = None if role == "anonymous" else request.getfixturevalue(role)
        return make_desk_client(user)

    return browser


@pytest.fixture
def rows(make_claim):
    """One row of every model, for the change, delete and history pages."""
    draft = make_claim(status="draft")
    published = make_claim(status="published")
    stance = draft.stances.get()
    return {
        "statements.claim": draft,
        "statements.verdict": draft.verdict,
        "statements.stance": stance,
        "statements.statement": stance.statement,
        "statements.source": stance.statement.source,
        "statements.speaker": SpeakerFactory(),
        "statements.topic": Topic.objects.create(name="Kashmir", slug="kashmir"),
        "statements.rating": Rating.objects.get(slug="true"),
        "statements.ratingscale": RatingScale.objects.consistency(),
        "statements.correction": CorrectionFactory(verdict=published.verdict),
        "statements.claimredirect": ClaimRedirect.objects.create(old_slug="old", claim=published),
        "pages.page": Page.objects.first(),
        "pages.claimsubmission": ClaimSubmission.objects.create(claim_text="Check this"),
        "apikeys.apikey": api_key_issue(name="Partner newsroom")[0],
    }


# model: (changelist, add, change, delete, history) for fact-checker, editor, superuser.
# "change" is 200 for view-only access too: the page shows the row read-only.
PAGES = ["changelist", "add", "change", "delete", "history"]
EXPECTED = {
    "statements.claim": {"fact_checker": "OOOFO", "editor": "OOOOO", "superuser": "OOOOO"},
    "statements.verdict": {"fact_checker": "OOOFO", "editor": "OOOOO", "superuser": "OOOOO"},
    "statements.stance": {"fact_checker": "OOOOO", "editor": "OOOOO", "superuser": "OOOOO"},
    "statements.statement": {"fact_checker": "OOOFO", "editor": "OOOOO", "superuser": "OOOOO"},
    "statements.source": {"fact_checker": "OOOFO", "editor": "OOOOO", "superuser": "OOOOO"},
    "statements.speaker": {"fact_checker": "OOOFO", "editor": "OOOOO", "superuser": "OOOOO"},
    "statements.topic": {"fact_checker": "OOOFO", "editor": "OOOOO", "superuser": "OOOOO"},
    # Rating models are the editors' to change; an editor deletes a rating no verdict uses
    # (one in use is refused, saying where: tests/test_rating_models.py). A rating model
    # itself is deleted only by a superuser, and only when nothing uses it.
    "statements.rating": {"fact_checker": "OFOFO", "editor": "OOOOO", "superuser": "OOOOO"},
    "statements.ratingscale": {"fact_checker": "OFOFO", "editor": "OOOFO", "superuser": "OOOOO"},
    # Corrections are kept forever: not even a superuser deletes one.
    "statements.correction": {"fact_checker": "OFOFO", "editor": "OOOFO", "superuser": "OOOFO"},
    "statements.claimredirect": {
        "fact_checker": "OFOFO",
        "editor": "OOOOO",
        "superuser": "OOOOO",
    },
    # Editors keep the transparency pages; fact-checkers read them.
    "pages.page": {"fact_checker": "OFOFO", "editor": "OOOFO", "superuser": "OOOOO"},
    # Readers write submissions (no one adds one in the desk); both roles triage them.
    "pages.claimsubmission": {"fact_checker": "OFOFO", "editor": "OFOOO", "superuser": "OFOOO"},
    # Editors issue and revoke keys; a key is revoked, never deleted.
    "apikeys.apikey": {"fact_checker": "FFFFF", "editor": "OOOFO", "superuser": "OOOFO"},
}


def page_url(model, page, row):
    app_label, model_name = model.split(".")
    name = f"admin:{app_label}_{model_name}_{page}"
    if page in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[row.pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", EXPECTED)
def test_admin_pages(as_role, rows, role, model):
    browser = as_role(role)
    for index, page in enumerate(PAGES):
        response = browser.get(page_url(model, page, rows[model]))
        if role == "anonymous":
            assert response.status_code == LOGIN, page
            assert response["Location"].startswith(reverse("admin:login")), page
            continue
        expected = OK if EXPECTED[model][role][index] == "O" else FORBIDDEN
        assert response.status_code == expected, f"{model} {page}"


def test_published_claims_are_never_deleted_through_the_desk(make_claim, as_role):
    claim = make_claim(status="published")
    for role in ["editor", "superuser"]:
        url = reverse("admin:statements_claim_delete", args=[claim.pk])
        browser = as_role(role)
        assert browser.get(url).status_code == FORBIDDEN
        assert browser.post(url, {"post": "yes"}).status_code == FORBIDDEN
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_fact_checker_sees_a_published_claim_read_only(make_claim, as_role):
    claim = make_claim(status="published", text="As published")
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    browser = as_role("fact_checker")
    response = browser.get(url)
    assert response.status_code == OK
    assert 'name="text"' not in response.content.decode()

    form = admin_form_data(as_role("editor").get(url))
    form["text"] = "Rewritten"
    assert browser.post(url, form).status_code == FORBIDDEN
    claim.refresh_from_db()
    assert claim.text == "As published"


# --- Transitions ----------------------------------------------------------------------------

# transition: (status before, status after when allowed, roles allowed)
TRANSITIONS = {
    "submit": ("draft", "in_review", {"fact_checker", "editor", "superuser"}),
    "return-to-draft": ("in_review", "draft", {"fact_checker", "editor", "superuser"}),
    "publish": ("in_review", "published", {"editor", "superuser"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("transition", TRANSITIONS)
def test_transition_buttons(make_claim, as_role, role, transition):
    before, after, allowed = TRANSITIONS[transition]
    claim = make_claim(status=before)
    url = reverse("admin:statements_claim_transition", args=[claim.pk, transition])

    response = as_role(role).post(url, {"return-reason": "Needs a source."}, follow=True)

    claim.refresh_from_db()
    if role == "anonymous":
        assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
        assert claim.status == before
    elif role in allowed:
        assert claim.status == after
    else:
        assert claim.status == before
        messages = [str(message) for message in response.context["messages"]]
        assert messages == ["Only an editor may publish a claim."]


def test_transitions_take_post_only(make_claim, as_role):
    claim = make_claim(status="in_review")
    url = reverse("admin:statements_claim_transition", args=[claim.pk, "publish"])
    assert as_role("editor").get(url).status_code == 405
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


@pytest.mark.parametrize("role", ROLES)
def test_retract(make_claim, as_role, role):
    claim = make_claim(status="published")
    url = reverse("admin:statements_claim_retract", args=[claim.pk])
    browser = as_role(role)

    page = browser.get(url)
    response = browser.post(url, {"notice": "The quote was misattributed."})

    claim.refresh_from_db()
    if role in ("editor", "superuser"):
        assert page.status_code == OK
        assert response.status_code == 302
        assert claim.status == Claim.Status.RETRACTED
        assert claim.retraction_notice == "The quote was misattributed."
    else:
        assert (
            page.status_code
            == response.status_code
            == (LOGIN if role == "anonymous" else FORBIDDEN)
        )
        assert claim.status == Claim.Status.PUBLISHED


def test_a_retraction_without_a_notice_is_a_form_error(make_claim, as_role):
    claim = make_claim(status="published")
    url = reverse("admin:statements_claim_retract", args=[claim.pk])
    response = as_role("editor").post(url, {"notice": "  "})
    assert response.status_code == OK
    assert "This field is required." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED


@pytest.mark.parametrize("role", ROLES)
def test_correct(make_claim, as_role, role):
    claim = make_claim(status="published")
    url = reverse("admin:statements_correction_add")
    response = as_role(role).post(
        url,
        {"verdict": claim.verdict.pk, "kind": "correction", "text": "We misdated the briefing."},
    )
    corrections = list(Correction.objects.values_list("text", flat=True))
    if role in ("editor", "superuser"):
        assert response.status_code == 302
        assert corrections == ["We misdated the briefing."]
    else:
        assert response.status_code == (LOGIN if role == "anonymous" else FORBIDDEN)
        assert corrections == []


def test_a_draft_takes_no_correction(make_claim, as_role):
    claim = make_claim(status="draft")
    response = as_role("editor").post(
        reverse("admin:statements_correction_add"), {"verdict": claim.verdict.pk, "text": "Fix"}
    )
    assert response.status_code == OK
    assert "Corrections are for published verdicts" in response.content.decode()
    assert not Correction.objects.exists()


# --- Actions and crafted requests -----------------------------------------------------------


def run_action(browser, action, claims):
    return browser.post(
        reverse("admin:statements_claim_changelist"),
        {"action": action, "_selected_action": [claim.pk for claim in claims]},
        follow=True,
    )


@pytest.mark.parametrize("role", ROLES)
def test_publish_action(make_claim, as_role, role):
    claims = [make_claim(status="in_review") for _ in range(2)]
    response = run_action(as_role(role), "publish", claims)
    statuses = set(Claim.objects.values_list("status", flat=True))
    if role in ("editor", "superuser"):
        assert statuses == {"published"}
        assert "Published (2)" in [str(m) for m in response.context["messages"]]
    else:
        assert statuses == {"in_review"}
    if role == "fact_checker":
        assert [str(m) for m in response.context["messages"]] == [
            "Only an editor may publish a claim."
        ]


def test_a_fact_checker_is_not_offered_the_publish_action(make_claim, as_role):
    make_claim(status="in_review")
    fact_checker_page = as_role("fact_checker").get(reverse("admin:statements_claim_changelist"))
    editor_page = as_role("editor").get(reverse("admin:statements_claim_changelist"))
    assert 'value="publish"' not in fact_checker_page.content.decode()
    assert 'value="publish"' in editor_page.content.decode()


@pytest.mark.parametrize("role", ["fact_checker", "editor", "superuser"])
def test_submit_action(make_claim, as_role, role):
    claims = [make_claim(status="draft") for _ in range(2)]
    browser = as_role(role)
    run_action(browser, "submit_for_review", claims)
    assert set(Claim.objects.values_list("status", flat=True)) == {"in_review"}
    # Returning needs a reason, given one claim at a time on its page: no bulk action.
    page = browser.get(reverse("admin:statements_claim_changelist")).content.decode()
    assert 'value="return_to_draft"' not in page


def test_an_action_reports_each_claim_it_could_not_publish(make_claim, as_role):
    ready = make_claim(status="in_review")
    unrated = make_claim(status="in_review", text="An unrated claim")
    unrated.verdict.rating = None
    unrated.verdict.save()

    response = run_action(as_role("editor"), "publish", [ready, unrated])

    messages = [str(m) for m in response.context["messages"]]
    assert "“An unrated claim”: Give the verdict a rating." in messages
    assert "Published (1)" in messages
    unrated.refresh_from_db()
    assert unrated.status == Claim.Status.IN_REVIEW


def test_a_status_in_a_crafted_post_is_ignored(make_claim, as_role):
    claim = make_claim(status="in_review")
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    browser = as_role("fact_checker")
    form = admin_form_data(browser.get(url))
    form.update(status="published", published_at="2024-01-01 00:00:00", text="Still a claim")

    assert browser.post(url, form).status_code == 302

    claim.refresh_from_db()
    assert (claim.text, claim.status, claim.published_at) == (
        "Still a claim",
        Claim.Status.IN_REVIEW,
        None,
    )


def test_a_fact_checker_cannot_change_a_published_rating_by_post(make_claim, as_role):
    claim = make_claim(status="published")
    url = reverse("admin:statements_verdict_change", args=[claim.verdict.pk])
    form = admin_form_data(as_role("editor").get(url))
    form.update(rating=Rating.objects.get(slug="true").pk, correction="Because.")
    assert as_role("fact_checker").post(url, form).status_code == FORBIDDEN
    claim.verdict.refresh_from_db()
    assert claim.verdict.rating.slug == "false"


def test_an_editor_changes_a_published_rating_only_with_a_correction(make_claim, as_role):
    claim = make_claim(status="published")
    url = reverse("admin:statements_verdict_change", args=[claim.verdict.pk])
    browser = as_role("editor")
    form = admin_form_data(browser.get(url))
    form["rating"] = Rating.objects.get(slug="half-true").pk

    refused = browser.post(url, form)
    assert refused.status_code == OK
    assert "needs a correction" in refused.content.decode()
    assert Correction.objects.count() == 0

    form["correction"] = "A second source confirmed part of the claim."
    assert browser.post(url, form).status_code == 302
    claim.verdict.refresh_from_db()
    assert claim.verdict.rating.slug == "half-true"
    assert list(Correction.objects.values_list("text", flat=True)) == [
        "A second source confirmed part of the claim."
    ]


def test_group_membership_is_what_grants_the_right_to_publish(fact_checker):
    assert not fact_checker.has_perm("statements.publish_claim")
    fact_checker.groups.add(Group.objects.get(name="Editors"))
    from django.contrib.auth import get_user_model

    promoted = get_user_model().objects.get(pk=fact_checker.pk)
    assert promoted.has_perm("statements.publish_claim")


def test_what_a_published_claim_shows_is_read_only_for_fact_checkers(make_claim, as_role):
    """Its stances and statements, like the claim itself, are the editors' once it is public."""
    claim = make_claim(status="published")
    stance = claim.stances.get()
    statement = stance.statement
    fact_checker, editor = as_role("fact_checker"), as_role("editor")

    delete_stance = reverse("admin:statements_stance_delete", args=[stance.pk])
    assert fact_checker.post(delete_stance, {"post": "yes"}).status_code == FORBIDDEN
    assert claim.stances.filter(pk=stance.pk).exists()

    change_statement = reverse("admin:statements_statement_change", args=[statement.pk])
    page = fact_checker.get(change_statement)
    assert page.status_code == OK
    assert 'name="text"' not in page.content.decode()
    form = admin_form_data(editor.get(change_statement))
    form["text"] = "Words nobody said."
    assert fact_checker.post(change_statement, form).status_code == FORBIDDEN
    statement.refresh_from_db()
    assert statement.text != "Words nobody said."

    # An editor may still correct the record (a typo fix here, declared as a minor edit).
    form["minor_edit"] = "on"
    assert editor.post(change_statement, form).status_code == LOGIN
    statement.refresh_from_db()
    assert statement.text == "Words nobody said."


def test_fact_checkers_still_edit_the_statements_of_drafts(make_claim, as_role):
    statement = make_claim(status="draft").stances.get().statement
    page = as_role("fact_checker").get(
        reverse("admin:statements_statement_change", args=[statement.pk])
    )
    assert 'name="text"' in page.content.decode()
