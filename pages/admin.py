from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from statements.desk.admin import DeskAdmin, error_messages
from statements.models import Claim

from . import services
from .models import ClaimSubmission, Page


@admin.register(Page)
class PageAdmin(DeskAdmin):
    # No list_editable: the changelist's formset would bypass the edit counter.
    list_display = ["title", "slug", "show_in_footer", "position", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


class DuplicateForm(forms.Form):
    claim = forms.ModelChoiceField(
        label=_("the claim that already checks it"),
        queryset=Claim.objects.all(),
        widget=AutocompleteSelect(ClaimSubmission._meta.get_field("claim"), admin.site),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("why declined"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(ClaimSubmission)
class ClaimSubmissionAdmin(DeskAdmin):
    """The queue of claims readers asked us to check: accept, decline or mark as a duplicate."""

    change_form_template = "admin/pages/claimsubmission/change_form.html"
    list_display = ["__str__", "said_by", "submitted_at", "status", "claim"]
    list_filter = ["status", "submitted_at"]
    list_select_related = ["claim"]
    search_fields = ["claim_text", "said_by", "where_seen"]
    fields = [
        "claim_text",
        "said_by",
        "where_seen",
        "email",
        "submitted_at",
        "status",
        "claim",
        "decline_reason",
        "desk_note",
        "expected_version",
    ]
    readonly_fields = [
        "claim_text",
        "said_by",
        "where_seen",
        "email",
        "submitted_at",
        "status",
        "claim",
        "decline_reason",
    ]
    date_hierarchy = "submitted_at"
    # The submission has no public page: "View on site" would only lead back here.
    view_on_site = False

    def has_add_permission(self, request):
        # Submissions come from readers; the desk triages them, it does not write them.
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/triage/<slug:decision>/",
                wrap(require_POST(self.triage_view)),
                name="pages_claimsubmission_triage",
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "decline_form": DeclineForm(prefix="decline"),
            "duplicate_form": DuplicateForm(prefix="duplicate"),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def triage_view(self, request, object_id, decision):
        submission = self.get_object(request, unquote(object_id))
        if submission is None or not self.has_change_permission(request, submission):
            raise PermissionDenied
        here = reverse("admin:pages_claimsubmission_change", args=[submission.pk])
        try:
            if decision == "accept":
                claim = services.submission_accept(submission=submission, user=request.user)
                self.message_user(request, _("A draft claim was made from it."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:statements_claim_change", args=[claim.pk])
                )
            if decision == "decline":
                form = DeclineForm(request.POST, prefix="decline")
                services.submission_decline(
                    submission=submission,
                    user=request.user,
                    reason=form.data.get(form.add_prefix("reason"), ""),
                )
            elif decision == "duplicate":
                form = DuplicateForm(request.POST, prefix="duplicate")
                if not form.is_valid():
                    raise ValidationError(_("Choose the claim that already checks it."))
                services.submission_mark_duplicate(
                    submission=submission, user=request.user, claim=form.cleaned_data["claim"]
                )
            else:
                raise Http404
        except (ValidationError, PermissionDenied) as error:
            for message in error_messages(error):
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, _("Triaged."), messages.SUCCESS)
        return HttpResponseRedirect(here)
