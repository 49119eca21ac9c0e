from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A member of the desk: fact-checker, editor or administrator.

    A project-owned user model from day one, so that adding a field later (a byline name,
    a public profile) is a migration rather than a rewrite.
    """

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
