"""The promise tracker in the desk. Writes go through promises.services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Promise, PromiseStatusChange


class PromiseStatusChangeInline(admin.StackedInline):
    """The timeline: steps are added, and kept (no deleting, no rewriting a published one)."""

    model = PromiseStatusChange
    extra = 1
    can_delete = False
    fields = ["status", "changed_on", "source", "note"]
    autocomplete_fields = ["source"]

    def has_change_permission(self, request, obj=None):
        # A recorded step is corrected by recording the next one.
        return False

    def has_add_permission(self, request, obj=None):
        if obj is not None and not services.promise_can_edit(promise=obj, user=request.user):
            return False
        return super().has_add_permission(request, obj)


@admin.register(Promise)
class PromiseAdmin(SimpleHistoryAdmin):
    list_display = ["text", "state", "published_at", "statement"]
    list_filter = ["state", "topics"]
    list_select_related = ["statement__speaker"]
    search_fields = ["text", "statement__text", "statement__speaker__name"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["statement", "topics"]
    readonly_fields = ["state", "published_at"]
    fields = ["text", "slug", "statement", "topics", "state", "published_at"]
    inlines = [PromiseStatusChangeInline]
    actions = ["publish"]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.promise_can_edit(promise=obj, user=request.user)

    def has_delete_permission(self, request, obj=None):
        # A published promise's record stays, as a published claim's does.
        if obj is not None and obj.is_public:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PROMISE)

    def save_model(self, request, obj, form, change):
        services.promise_save(promise=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        changes = formset.save(commit=False)
        for step in changes:
            services.promise_status_change_add(
                promise=form.instance,
                status=step.status,
                changed_on=step.changed_on,
                source=step.source,
                note=step.note,
                user=request.user,
            )

    @admin.action(description=_("Publish selected promises"), permissions=["publish"])
    def publish(self, request, queryset):
        for promise in queryset:
            try:
                services.promise_publish(promise=promise, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                message = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"“{promise}”: {message}", messages.ERROR)
            else:
                self.message_user(request, _("Published “%s”.") % promise, messages.SUCCESS)
