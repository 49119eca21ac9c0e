"""Who else has this form open: "<name> has been editing this since 10:42" (docs/desk.md).

Opening a desk change form records the person as editing the row; the page's script
(statements/static/statements/admin.js) sends a heartbeat every HEARTBEAT seconds and a
"leave" when the page is closed. A record not refreshed within PRESENCE_TTL has expired: a
closed laptop does not keep telling others someone is editing. This only informs; the edit
counter (forms.VersionedForm) is what refuses a save that would overwrite someone's work.
"""

import datetime

from django.db.models import Model
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from accounts.models import EditingPresence

HEARTBEAT = datetime.timedelta(seconds=20)
# Three missed heartbeats: a page in a background tab may be throttled to one a minute.
PRESENCE_TTL = datetime.timedelta(seconds=90)


def _label(obj: Model) -> str:
    return obj._meta.label_lower


def presence_touch(*, user, obj: Model) -> None:
    """`user` has `obj`'s form open now; the time they started is kept while they stay."""
    now = timezone.now()
    presence, created = EditingPresence.objects.get_or_create(
        user=user,
        model=_label(obj),
        object_id=str(obj.pk),
        defaults={"started_at": now, "seen_at": now},
    )
    if not created:
        if presence.seen_at < now - PRESENCE_TTL:
            presence.started_at = now  # they had gone: this is a new visit
        presence.seen_at = now
        presence.save(update_fields=["started_at", "seen_at"])


def presence_leave(*, user, obj: Model) -> None:
    EditingPresence.objects.filter(user=user, model=_label(obj), object_id=str(obj.pk)).delete()


def presence_others(*, user, obj: Model) -> list[EditingPresence]:
    """The others editing `obj` now, who came first first."""
    return list(
        EditingPresence.objects.filter(
            model=_label(obj),
            object_id=str(obj.pk),
            seen_at__gte=timezone.now() - PRESENCE_TTL,
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("started_at", "id")
    )


def presence_message(presence: EditingPresence) -> str:
    since = timezone.localtime(presence.started_at)
    if since.date() == timezone.localdate():
        when = time_format(since, "H:i")
    else:
        when = f"{since:%Y-%m-%d} {time_format(since, 'H:i')}"
    return _("%(name)s has been editing this since %(time)s.") % {
        "name": presence.user,
        "time": when,
    }
