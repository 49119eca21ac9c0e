"""The desk's account pages under /admin/account/: second factor and password reset.

Names are not namespaced: Django's password-reset email links to `password_reset_confirm`,
and the admin login page offers "Forgotten your password?" when `admin_password_reset` exists.
"""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

urlpatterns = [
    path("account/", views.SecondFactorView.as_view(), name="account-pages"),
    path("account/two-factor/setup/", views.SetupView.as_view(), name="second-factor-setup"),
    path("account/two-factor/verify/", views.VerifyView.as_view(), name="second-factor-verify"),
    path(
        "account/two-factor/recovery-codes/",
        views.RecoveryCodesView.as_view(),
        name="second-factor-recovery-codes",
    ),
    path(
        "account/password-reset/",
        views.StaffPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
