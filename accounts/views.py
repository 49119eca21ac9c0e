"""The desk's account pages: set up and enter a second factor, recovery codes, password reset."""

import base64
import io
import logging
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from factcheck.clients import client_address
from pages import ratelimit

from . import services
from .forms import CodeForm, StaffPasswordResetForm

logger = logging.getLogger(__name__)

# The recovery codes just issued, shown once on the next page and then dropped.
NEW_CODES_SESSION_KEY = "second_factor_new_codes"


class DeskPageMixin(LoginRequiredMixin):
    """Rendered in the desk's frame, for a signed-in member of staff."""

    login_url = "admin:login"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_staff:
            return redirect("admin:login")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**admin_site.each_context(self.request), **super().get_context_data(**kwargs)}

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return target if safe else reverse("admin:index")


class SecondFactorView(DeskPageMixin, TemplateView):
    """The member's second factor: whether it is on, and new recovery codes."""

    template_name = "accounts/second_factor.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            title=_("Two-factor authentication"),
            has_second_factor=services.has_second_factor(user),
            required=user.requires_second_factor,
            **kwargs,
        )

    def post(self, request):
        # Only from a session that has passed its second factor (the middleware sees to it
        # for those who have one).
        if not services.has_second_factor(request.user):
            return redirect("second-factor-setup")
        request.session[NEW_CODES_SESSION_KEY] = services.recovery_codes_replace(user=request.user)
        logger.info("New recovery codes issued for user %s", request.user.pk)
        return redirect("second-factor-recovery-codes")


class SetupView(DeskPageMixin, FormView):
    """Scan a QR code into an authenticator app, then confirm with one code from it."""

    form_class = CodeForm
    template_name = "accounts/second_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and services.has_second_factor(user) and not user.is_verified():
            # Replacing an authenticator needs the current one first.
            return redirect(f"{reverse('second-factor-verify')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = services.authenticator_start(user=self.request.user)
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buffer = io.BytesIO()
        image.save(buffer)
        return super().get_context_data(
            title=_("Set up two-factor authentication"),
            qr_code=base64.b64encode(buffer.getvalue()).decode("ascii"),
            secret=base64.b32encode(device.bin_key).decode("ascii").rstrip("="),
            required=self.request.user.requires_second_factor,
            next=self.next_url(),
            **kwargs,
        )

    def form_valid(self, form):
        device = services.authenticator_start(user=self.request.user)
        codes = services.authenticator_confirm(device=device, token=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("That code did not match. Check the app's clock and retry."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        logger.info("Second factor set up for user %s", self.request.user.pk)
        self.request.session[NEW_CODES_SESSION_KEY] = codes
        return redirect(f"{reverse('second-factor-recovery-codes')}?next={self.next_url()}")


class VerifyView(DeskPageMixin, FormView):
    """After the password: a code from the app or a recovery code."""

    form_class = CodeForm
    template_name = "accounts/second_factor_verify.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Two-factor authentication"), next=self.next_url(), **kwargs
        )

    def form_valid(self, form):
        user = self.request.user
        device = services.second_factor_match(user=user, token=form.cleaned_data["code"])
        if device is None:
            logger.warning(
                "Second factor refused for user %s from %s", user.pk, client_address(self.request)
            )
            form.add_error("code", _("That code did not match."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        if device.name == services.RECOVERY_CODES_NAME:
            remaining = device.token_set.count()
            messages.warning(
                self.request,
                _("You used a recovery code; %(n)d are left. Make new ones on your account page.")
                % {"n": remaining},
            )
        return redirect(self.next_url())


class RecoveryCodesView(DeskPageMixin, TemplateView):
    """The recovery codes just issued, shown this once."""

    template_name = "accounts/recovery_codes.html"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
        if not codes:
            return redirect("account-pages")
        return self.render_to_response(
            self.get_context_data(
                title=_("Your recovery codes"), codes=codes, next=self.next_url(), **kwargs
            )
        )


class StaffPasswordResetView(auth_views.PasswordResetView):
    """A reset link by email for members of the desk, rate limited per address; the answer
    never says whether the address belongs to anyone."""

    form_class = StaffPasswordResetForm

    def post(self, request, *args, **kwargs):
        if not ratelimit.allow(
            request, scope="password-reset", limit=settings.PASSWORD_RESET_RATE_LIMIT
        ):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many reset requests from here. Try again in an hour."))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Links point at the site's public address, never at a Host header a client chose.
        site = urlsplit(settings.SITE_URL)
        self.domain_override = site.netloc
        self.extra_email_context = {"protocol": site.scheme, "domain": site.netloc}
        return super().form_valid(form)
