from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from statements.desk.admin import DeskAdmin

from .models import ClaimSubmission, Page


@admin.register(Page)
class PageAdmin(DeskAdmin):
    # No list_editable: the changelist's formset would bypass the edit counter.
    list_display = ["title", "slug", "show_in_footer", "position", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(ClaimSubmission)
class ClaimSubmissionAdmin(DeskAdmin):
    """The queue of claims readers asked us to check."""

    list_display = ["__str__", "said_by", "submitted_at", "status"]
    list_filter = ["status", "submitted_at"]
    search_fields = ["claim_text", "said_by", "where_seen"]
    readonly_fields = ["claim_text", "said_by", "where_seen", "email", "submitted_at"]
    date_hierarchy = "submitted_at"
    actions = ["mark_accepted", "mark_declined"]

    def has_add_permission(self, request):
        # Submissions come from readers; the desk triages them, it does not write them.
        return False

    @admin.action(description=_("Mark as taken up by the desk"), permissions=["change"])
    def mark_accepted(self, request, queryset):
        queryset.update(status=ClaimSubmission.Status.ACCEPTED)

    @admin.action(description=_("Mark as declined"), permissions=["change"])
    def mark_declined(self, request, queryset):
        queryset.update(status=ClaimSubmission.Status.DECLINED)
