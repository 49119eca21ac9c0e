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
