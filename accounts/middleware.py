from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from .services import has_second_factor


class SecondFactorMiddleware:
    """Nobody reaches the desk on a password alone when a second factor is due.

    A member with an authenticator app is sent to enter a code; an editor or administrator
    without one is sent to set it up. Outside the desk (a draft preview on the site) such a
    session counts as anonymous until the code is given.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not self._exempt(request.path)
            and (user.requires_second_factor or has_second_factor(user))
        ):
            if request.path.startswith(reverse("admin:index")):
                view = "verify" if has_second_factor(user) else "setup"
                target = reverse(f"second-factor-{view}")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
            request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        # Signing in and out, and the second-factor pages themselves.
        # (The account pages live under one prefix: see accounts/urls.py.)
        return path.startswith(reverse("account-pages")) or path in (
            reverse("admin:login"),
            reverse("admin:logout"),
        )
