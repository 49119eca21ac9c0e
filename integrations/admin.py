"""The desk's pages for webhooks: endpoints editors register, and the delivery log."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .imports import import_job_create
from .models import (
    DeliveryStatus,
    ImportedClaim,
    ImportJob,
    OutboxEvent,
    RatingMapping,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from .services import webhook_endpoint_save, webhook_url_check


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=WebhookEndpoint._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events sent to this endpoint."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            webhook_url_check(url)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return url


class RecentDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    verbose_name_plural = _("Latest deliveries")
    fields = ["event", "status", "attempts", "last_attempt_at", "last_status_code", "last_error"]
    readonly_fields = fields
    ordering = ["-event_id"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Editors register a partner's URL and events, and give the partner the signing secret."""

    form = WebhookEndpointForm
    list_display = ["__str__", "url", "is_active", "consecutive_failures", "disabled_reason"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    readonly_fields = ["secret", "consecutive_failures", "disabled_reason", "created_at"]
    inlines = [RecentDeliveryInline]
    actions = ["enable"]

    def save_model(self, request, obj, form, change):
        webhook_endpoint_save(endpoint=obj)

    @admin.action(description=_("Turn on and resume delivery"), permissions=["change"])
    def enable(self, request, queryset):
        for endpoint in queryset:
            endpoint.is_active = True
            webhook_endpoint_save(endpoint=endpoint)
        self.message_user(
            request, _("Turned on; waiting deliveries will be sent."), messages.SUCCESS
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """The delivery log: what was sent where, how often, and what the receiver answered."""

    list_display = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_attempt_at",
        "last_status_code",
        "next_attempt_at",
    ]
    list_filter = ["status", "event__event", "endpoint"]
    list_select_related = ["event", "endpoint"]
    date_hierarchy = "last_attempt_at"
    ordering = ["-event_id", "endpoint_id"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    """Every event announced to webhooks, with the payload as it was sent."""

    list_display = ["uuid", "event", "claim_id", "created_at", "delivered"]
    list_filter = ["event"]
    search_fields = ["uuid", "claim_id"]
    ordering = ["-id"]

    def get_queryset(self, request):
        undelivered = WebhookDelivery.objects.filter(event=OuterRef("pk")).exclude(
            status=DeliveryStatus.DELIVERED
        )
        return super().get_queryset(request).annotate(undelivered=Exists(undelivered))

    @admin.display(description=_("delivered everywhere"), boolean=True)
    def delivered(self, obj):
        return not obj.undelivered


@admin.register(RatingMapping)
class RatingMappingAdmin(admin.ModelAdmin):
    """How other fact-checkers' rating labels read on our scale when their work is imported."""

    list_display = ["label", "rating"]
    list_select_related = ["rating"]
    search_fields = ["label"]
    autocomplete_fields = ["rating"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Editors upload an archive; the worker imports it as drafts and the report shows here."""

    list_display = ["__str__", "status", "dry_run", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "format"]
    list_select_related = ["created_by"]
    fields = ["file", "format", "said_on", "dry_run", "status", "summary", "created_by"]
    readonly_fields = ["status", "summary", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # an import is never edited, only read
            return ["file", "format", "said_on", "dry_run", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description=_("report"))
    def summary(self, obj):
        lines = obj.report.get("summary") or [_("Not run yet: the worker picks it up shortly.")]
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))

    def save_model(self, request, obj, form, change):
        if not change:
            import_job_create(job=obj, user=request.user)


@admin.register(ImportedClaim)
class ImportedClaimAdmin(ReadOnlyAdmin):
    """Which claim each archive record became: why a second import of a file adds nothing."""

    list_display = ["origin", "external_id", "claim", "imported_at"]
    list_filter = ["origin"]
    list_select_related = ["claim"]
    search_fields = ["external_id", "claim__text"]
