from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ClaimSubmission

TOO_LONG = _(
    "Keep this to %(limit_value)d characters; you sent %(show_value)d. Only the first "
    "%(limit_value)d are shown below."
)


class CappedFieldMixin:
    """A text field that, when sent back with an error, shows at most `max_length` characters
    of what was sent: a rejected megabyte is not echoed to the reader whole."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["max_length"] = TOO_LONG

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        if isinstance(data, str) and self.max_length is not None:
            return data[: self.max_length]
        return data


class CappedCharField(CappedFieldMixin, forms.CharField):
    pass


class CappedEmailField(CappedFieldMixin, forms.EmailField):
    pass


class ClaimSubmissionForm(forms.ModelForm):
    """A reader's claim. `website` is a honeypot: people never see it, form-filling bots do."""

    website = CappedCharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ClaimSubmission
        fields = ["claim_text", "said_by", "where_seen", "email"]
        field_classes = {
            "claim_text": CappedCharField,
            "said_by": CappedCharField,
            "where_seen": CappedCharField,
            "email": CappedEmailField,
        }
        labels = {
            "claim_text": _("What was claimed?"),
            "said_by": _("Who said it? (optional)"),
            "where_seen": _("Where did you see or hear it? (optional)"),
            "email": _("Your email, if you would like to hear back (optional)"),
        }
        help_texts = {
            "claim_text": _("One claim, in the words you saw or heard if you can."),
            "where_seen": _("A link, or the programme, paper or place and the date."),
            "email": _("We use it only to reply to you, and never publish it."),
        }
        widgets = {"claim_text": forms.Textarea(attrs={"rows": 4})}

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
