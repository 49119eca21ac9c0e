from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ClaimSubmission


class ClaimSubmissionForm(forms.ModelForm):
    """A reader's claim. `website` is a honeypot: people never see it, form-filling bots do."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ClaimSubmission
        fields = ["claim_text", "said_by", "where_seen", "email"]
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
