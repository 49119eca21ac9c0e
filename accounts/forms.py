from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code your authenticator app shows, or one recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class StaffPasswordResetForm(PasswordResetForm):
    """Only members of the desk get a reset link; the page reads the same either way."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)
