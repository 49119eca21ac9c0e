"""The promise tracker's writes. As with claims, what readers can see is the editors' to
change: a fact-checker drafts a promise and its timeline, an editor publishes it."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statements.models import Source

from .models import Promise, PromiseStatusChange

PUBLISH_PROMISE = "promises.publish_promise"


def _record(instance, *, user, reason: str | None = None) -> None:
    instance._history_user = user
    if reason:
        instance._change_reason = reason


def promise_can_edit(*, promise: Promise, user) -> bool:
    """Drafts are the desk's; a published promise, and its timeline, are the editors'."""
    if not user.has_perm("promises.change_promise"):
        return False
    return not promise.is_public or user.has_perm(PUBLISH_PROMISE)


@transaction.atomic
def promise_save(*, promise: Promise, user) -> Promise:
    """Create or edit a promise's content. Its publication changes only in promise_publish."""
    if promise.pk is None:
        if not user.has_perm("promises.add_promise"):
            raise PermissionDenied(_("You may not record promises."))
        promise.state, promise.published_at = Promise.State.DRAFT, None
    else:
        stored = Promise.objects.select_for_update().get(pk=promise.pk)
        if not promise_can_edit(promise=stored, user=user):
            raise PermissionDenied(_("Only an editor may change a published promise."))
        promise.state, promise.published_at = stored.state, stored.published_at
    promise.full_clean()
    _record(promise, user=user)
    promise.save()
    return promise


def promise_publication_problems(*, promise: Promise) -> list[str]:
    problems = []
    if promise.statement.source_id is None:
        problems.append(_("Give the promise's statement a source."))
    return problems


@transaction.atomic
def promise_publish(*, promise: Promise, user) -> Promise:
    """Draft → published: readers see the promise and its whole timeline."""
    if not user.has_perm(PUBLISH_PROMISE):
        raise PermissionDenied(_("Only an editor may publish a promise."))
    promise = Promise.objects.select_for_update().select_related("statement").get(pk=promise.pk)
    if promise.is_public:
        raise ValidationError(_("This promise is already published."))
    problems = promise_publication_problems(promise=promise)
    if problems:
        raise ValidationError(problems)
    promise.state, promise.published_at = Promise.State.PUBLISHED, timezone.now()
    promise.full_clean()
    _record(promise, user=user, reason=_("Published"))
    promise.save()
    return promise


@transaction.atomic
def promise_status_change_add(
    *,
    promise: Promise,
    status: str,
    changed_on: datetime.date,
    source: Source,
    note: str,
    user,
) -> PromiseStatusChange:
    """Add a dated, sourced step to a promise's timeline."""
    if not user.has_perm("promises.add_promisestatuschange"):
        raise PermissionDenied(_("You may not record status changes."))
    if promise.is_public and not user.has_perm(PUBLISH_PROMISE):
        raise PermissionDenied(_("Only an editor may change a published promise's status."))
    change = PromiseStatusChange(
        promise=promise,
        status=status,
        changed_on=changed_on,
        source=source,
        note=note.strip(),
    )
    change.full_clean()
    _record(change, user=user)
    change.save()
    # The promise's page shows its timeline: its Last-Modified moves with it.
    Promise.objects.filter(pk=promise.pk).update(updated_at=timezone.now())
    return change
