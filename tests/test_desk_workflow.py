"""The editorial workflow as the services enforce it, whoever calls them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from statements import services
from statements.models import Claim, ClaimRedirect, Correction, Rating

from .factories import ClaimFactory, StanceFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_a_draft_goes_to_review_and_back(fact_checker):
    claim = ClaimFactory()
    services.claim_submit_for_review(claim=claim, user=fact_checker)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW

    services.claim_return_to_draft(claim=claim, user=fact_checker, reason="Needs a source.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT

    reasons = list(claim.history.values_list("history_change_reason", "history_user__username"))
    assert reasons[:2] == [
        ("Returned to draft: Needs a source.", "fact-checker"),
        ("Submitted for review", "fact-checker"),
    ]


def test_an_editor_publishes_a_claim_in_review(claim_in_review, editor):
    services.claim_publish(claim=claim_in_review, user=editor)

    claim = Claim.objects.get(pk=claim_in_review.pk)
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.published_at is not None
    assert claim.verdict.reviewer == editor
    assert Claim.objects.published().filter(pk=claim.pk).exists()
    last = claim.history.first()
    assert (last.history_change_reason, last.history_user) == ("Published", editor)


def test_a_fact_checker_cannot_publish(claim_in_review, fact_checker):
    with pytest.raises(PermissionDenied, match="Only an editor may publish"):
        services.claim_publish(claim=claim_in_review, user=fact_checker)
    claim_in_review.refresh_from_db()
    assert claim_in_review.status == Claim.Status.IN_REVIEW


def test_only_a_claim_in_review_is_published(make_claim, editor):
    draft = make_claim(status="draft")
    with pytest.raises(ValidationError) as excinfo:
        services.claim_publish(claim=draft, user=editor)
    assert "Only a claim in review can be published; this claim is draft." in messages_of(excinfo)


def test_publishing_lists_everything_missing(editor):
    claim = ClaimFactory(in_review=True)
    VerdictFactory(claim=claim, rating=None, conclusion="")
    StanceFactory(claim=claim, statement__source=None, statement__text="Modi asked me.")

    with pytest.raises(ValidationError) as excinfo:
        services.claim_publish(claim=claim, user=editor)

    assert excinfo.value.messages == [
        "Give the verdict a rating.",
        "Write the verdict's conclusion.",
        "Give a source for the statement “Modi asked me.”.",
    ]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_publishing_needs_a_verdict_and_a_statement(editor):
    claim = ClaimFactory(in_review=True)
    with pytest.raises(ValidationError) as excinfo:
        services.claim_publish(claim=claim, user=editor)
    assert excinfo.value.messages == [
        "Give the verdict a rating.",
        "Write the verdict's conclusion.",
        "Add at least one statement that makes or denies the claim.",
    ]


def test_the_author_of_a_verdict_cannot_publish_it(claim_in_review, editor):
    claim_in_review.verdict.authors.add(editor)
    with pytest.raises(ValidationError) as excinfo:
        services.claim_publish(claim=claim_in_review, user=editor)
    assert "another editor must publish it" in messages_of(excinfo)


def test_a_one_person_desk_may_publish_its_own_verdict(claim_in_review, editor, settings):
    settings.ONE_PERSON_DESK = True
    claim_in_review.verdict.authors.add(editor)
    services.claim_publish(claim=claim_in_review, user=editor)
    claim_in_review.refresh_from_db()
    assert claim_in_review.status == Claim.Status.PUBLISHED


def test_an_editor_retracts_with_a_notice(make_claim, editor):
    claim = make_claim(status="published")
    services.claim_retract(claim=claim, user=editor, notice="  The video was doctored.  ")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RETRACTED
    assert claim.retraction_notice == "The video was doctored."
    assert claim.retracted_at is not None
    # Retracted fact-checks stay public, with their notice, but are no longer live verdicts.
    assert Claim.objects.public().filter(pk=claim.pk).exists()
    assert not Claim.objects.published().filter(pk=claim.pk).exists()


def test_a_retraction_needs_a_notice(make_claim, editor):
    claim = make_claim(status="published")
    with pytest.raises(ValidationError) as excinfo:
        services.claim_retract(claim=claim, user=editor, notice="   ")
    assert messages_of(excinfo) == "Say why the fact-check is retracted."
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED


def test_a_fact_checker_cannot_retract(make_claim, fact_checker):
    claim = make_claim(status="published")
    with pytest.raises(PermissionDenied):
        services.claim_retract(claim=claim, user=fact_checker, notice="Wrong.")


def test_a_draft_cannot_be_retracted(make_claim, editor):
    claim = make_claim(status="draft")
    with pytest.raises(ValidationError, match="Only a published claim can be retracted"):
        services.claim_retract(claim=claim, user=editor, notice="Wrong.")


def test_saving_a_claim_never_changes_its_status(make_claim, editor):
    claim = make_claim(status="draft")
    claim.status = Claim.Status.PUBLISHED
    services.claim_save(claim=claim, user=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_changing_a_public_slug_keeps_the_old_address(make_claim, editor):
    claim = make_claim(status="published", slug="modi-asked-trump")
    claim.slug = "modi-asked-trump-to-mediate"
    services.claim_save(claim=claim, user=editor)

    redirect = ClaimRedirect.objects.get()
    assert (redirect.old_slug, redirect.claim) == ("modi-asked-trump", claim)


def test_changing_a_slug_back_removes_the_redirect_that_would_loop(make_claim, editor):
    claim = make_claim(status="published", slug="first")
    claim.slug = "second"
    services.claim_save(claim=claim, user=editor)
    claim.slug = "first"
    services.claim_save(claim=claim, user=editor)

    assert list(ClaimRedirect.objects.values_list("old_slug", flat=True)) == ["second"]


def test_a_draft_slug_change_needs_no_redirect(make_claim, editor):
    claim = make_claim(status="draft", slug="draft-slug")
    claim.slug = "better-slug"
    services.claim_save(claim=claim, user=editor)
    assert not ClaimRedirect.objects.exists()


def test_only_editors_change_a_published_claim(make_claim, fact_checker):
    claim = make_claim(status="published")
    claim.text = "Something else"
    with pytest.raises(PermissionDenied):
        services.claim_save(claim=claim, user=fact_checker)
    claim.refresh_from_db()
    assert claim.text != "Something else"


def test_changing_a_published_rating_needs_a_correction(make_claim, editor):
    claim = make_claim(status="published")
    verdict = claim.verdict
    verdict.rating = Rating.objects.get(slug="half-true")
    with pytest.raises(ValidationError) as excinfo:
        services.verdict_save(verdict=verdict, user=editor)
    assert "needs a correction" in messages_of(excinfo)
    verdict.refresh_from_db()
    assert verdict.rating.slug == "false"
    assert not Correction.objects.exists()


def test_a_correction_is_published_with_the_changed_rating(make_claim, editor):
    claim = make_claim(status="published")
    verdict = claim.verdict
    verdict.rating = Rating.objects.get(slug="half-true")
    services.verdict_save(
        verdict=verdict, user=editor, correction="New evidence: the call did take place."
    )
    verdict.refresh_from_db()
    assert verdict.rating.slug == "half-true"
    correction = Correction.objects.get()
    assert (correction.verdict, correction.text) == (
        verdict,
        "New evidence: the call did take place.",
    )
    assert verdict.history.first().history_change_reason == (
        "New evidence: the call did take place."
    )


@pytest.mark.parametrize(("field", "empty"), [("rating", None), ("conclusion", "  ")])
def test_a_published_verdict_keeps_its_rating_and_conclusion(make_claim, editor, field, empty):
    """Not even with a correction: a live fact-check without a ruling would mislead readers
    and break its ClaimReview. Withdrawing the ruling is a retraction."""
    claim = make_claim(status="published")
    verdict = claim.verdict
    setattr(verdict, field, empty)
    with pytest.raises(ValidationError) as excinfo:
        services.verdict_save(verdict=verdict, user=editor, correction="Removing the ruling.")
    assert field in excinfo.value.message_dict
    verdict.refresh_from_db()
    assert verdict.rating.slug == "false"
    assert verdict.conclusion
    assert not Correction.objects.exists()


def test_a_fact_checker_cannot_change_a_published_rating(make_claim, fact_checker):
    claim = make_claim(status="published")
    verdict = claim.verdict
    verdict.rating = Rating.objects.get(slug="true")
    with pytest.raises(PermissionDenied):
        services.verdict_save(verdict=verdict, user=fact_checker, correction="Because.")
    verdict.refresh_from_db()
    assert verdict.rating.slug == "false"


def test_a_draft_verdict_changes_freely_and_takes_no_correction(make_claim, fact_checker):
    claim = make_claim(status="draft")
    verdict = claim.verdict
    verdict.rating = Rating.objects.get(slug="true")
    services.verdict_save(verdict=verdict, user=fact_checker)
    verdict.refresh_from_db()
    assert verdict.rating.slug == "true"

    with pytest.raises(ValidationError, match="Corrections are for published verdicts"):
        services.verdict_save(verdict=verdict, user=fact_checker, correction="Nothing to correct")


def test_saving_a_verdict_keeps_the_reviewer_the_publisher_set(make_claim, editor):
    claim = make_claim(status="published")
    verdict = claim.verdict
    verdict.reviewer = editor
    verdict.save()
    verdict.reviewer = UserFactory()
    verdict.analysis = "More detail."
    services.verdict_save(verdict=verdict, user=editor, minor_edit=True)
    verdict.refresh_from_db()
    assert (verdict.reviewer, verdict.analysis) == (editor, "More detail.")


def test_corrections_are_for_public_claims_and_ordered_by_date(make_claim, editor):
    draft = make_claim(status="draft")
    with pytest.raises(ValidationError, match="not published"):
        services.correction_create(verdict=draft.verdict, user=editor, text="Fix")

    claim = make_claim(status="published")
    later = services.correction_create(verdict=claim.verdict, user=editor, text="Second")
    earlier = services.correction_create(
        verdict=claim.verdict,
        user=editor,
        text="First",
        published_at=later.published_at.replace(year=later.published_at.year - 1),
    )
    assert list(claim.verdict.corrections.all()) == [earlier, later]


def test_corrections_are_an_editors_word(make_claim, fact_checker):
    claim = make_claim(status="published")
    with pytest.raises(PermissionDenied):
        services.correction_create(verdict=claim.verdict, user=fact_checker, text="Fix")


def test_roles_are_installed_with_their_permissions():
    from django.contrib.auth.models import Group

    fact_checkers = set(
        Group.objects.get(name="Fact-checkers").permissions.values_list("codename", flat=True)
    )
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert "publish_claim" not in fact_checkers
    assert {"add_claim", "change_verdict", "add_statement", "add_source", "add_speaker"} <= (
        fact_checkers
    )
    assert fact_checkers < editors
    assert {"publish_claim", "add_correction", "delete_claim"} <= editors
    assert "delete_correction" not in editors


def test_roles_are_put_back_in_step_after_every_migrate():
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db.models.signals import post_migrate

    editors = Group.objects.get(name="Editors")
    editors.permissions.clear()
    post_migrate.send(
        sender=apps.get_app_config("statements"),
        app_config=apps.get_app_config("statements"),
        verbosity=0,
        interactive=False,
        using="default",
        apps=apps,
        plan=[],
    )
    assert editors.permissions.filter(codename="publish_claim").exists()


def test_demo_accounts_are_created_once_on_an_empty_debug_database(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    out = capsys.readouterr().out
    from django.contrib.auth import get_user_model

    User = get_user_model()
    editor = User.objects.get(username="editor")
    password = next(line.split()[1] for line in out.splitlines() if "editor " in line)
    assert editor.check_password(password)
    assert editor.has_perm("statements.publish_claim")
    fact_checker = User.objects.get(username="factchecker")
    assert not fact_checker.has_perm("statements.publish_claim")

    call_command("create_demo_accounts")
    assert "Users already exist" in capsys.readouterr().out
    assert User.objects.count() == 2


def test_demo_accounts_are_never_created_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("create_demo_accounts")
