from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of the desk: fact-checker, editor or administrator.

    A project-owned user model from day one, so that adding a field later (a byline name,
    a public profile) is a migration rather than a rewrite.
    """

    desk_emails = models.BooleanField(
        _("email me about the desk"),
        default=True,
        help_text=_(
            "Send me an email when a claim is assigned to me, submitted for my review, "
            "returned to me or published."
        ),
    )

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def requires_second_factor(self) -> bool:
        """Editors (who publish) and administrators (who manage accounts) must use a second
        factor; for everyone else on the desk it is optional."""
        from statements.roles import PUBLISH_CLAIM

        return (
            self.is_superuser
            or self.has_perm(PUBLISH_CLAIM)
            or self.has_perm("accounts.change_user")
        )


class EditingPresence(models.Model):
    """Someone has a desk change form open: "<name> has been editing this since 10:42".

    Kept fresh by a heartbeat from the form's page (statements/static/statements/admin.js)
    and ended when the page is left; a record whose heartbeat stopped (a closed laptop)
    simply expires (statements.desk.presence.PRESENCE_TTL). Not a lock: the edit counter is
    what refuses a stale save; this only tells people before they type.
    """

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="editing_presences"
    )
    # The form's model and row, as "app_label.model_name" and primary key.
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id", "user"], name="editing_presence_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.model} {self.object_id}"
