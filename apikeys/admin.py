from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiKey
from .services import api_key_issue, api_key_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Editors issue a key here and copy it from the message; it is never shown again."""

    list_display = ["name", "contact_email", "key_prefix", "created_at", "created_by", "status"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["created_by"]
    search_fields = ["name", "contact_email", "prefix"]
    fields = ["name", "contact_email", "key_prefix", "created_at", "created_by", "revoked_at"]
    readonly_fields = ["key_prefix", "created_at", "created_by", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description=_("key"))
    def key_prefix(self, obj):
        return f"fck_{obj.prefix}_…" if obj.prefix else "—"

    @admin.display(description=_("status"), boolean=True)
    def status(self, obj):
        return obj.is_active

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        api_key, raw_key = api_key_issue(
            name=obj.name, contact_email=obj.contact_email, created_by=request.user
        )
        obj.pk = api_key.pk
        obj.prefix, obj.hashed_key = api_key.prefix, api_key.hashed_key
        obj.created_at, obj.created_by = api_key.created_at, api_key.created_by
        messages.warning(
            request,
            _("New key: %(key)s — copy it now; it is stored hashed and is never shown again.")
            % {"key": raw_key},
        )

    def has_delete_permission(self, request, obj=None):
        # Revoke instead, so the record of who held a key stays.
        return False

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        for api_key in queryset.active():
            api_key_revoke(api_key=api_key)
        self.message_user(request, _("Revoked."), messages.SUCCESS)
