"""The claim graph in the desk (docs/graph.md): linking claims, the reversal candidates with
their one-click consistency check, and attaching a repeat to the rated claim it repeats.

Kept out of statements/admin.py; the statement page reaches it through a template
(admin/statements/statement/change_form.html) and the `graph_desk` tags.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from statements.models import Claim, Statement

from . import selectors, services
from .models import ClaimRelation, Reversal


def error_messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error) or str(_("You may not do that."))]


class ClaimRelationForm(forms.ModelForm):
    desk_user = None

    class Meta:
        model = ClaimRelation
        fields = ["claim", "kind", "related"]

    def clean(self):
        cleaned = super().clean()
        claim, kind, related = (cleaned.get(name) for name in ("claim", "kind", "related"))
        if claim and kind and related:
            try:
                services.claim_relation_check(
                    claim=claim, kind=kind, related=related, user=self.desk_user
                )
            except (ValidationError, PermissionDenied) as error:
                raise forms.ValidationError(error_messages(error)) from None
        return cleaned


@admin.register(ClaimRelation)
class ClaimRelationAdmin(admin.ModelAdmin):
    form = ClaimRelationForm
    list_display = ["claim", "kind", "related", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["claim", "related"]
    search_fields = ["claim__text", "related__text"]
    autocomplete_fields = ["claim", "related"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"desk_user": request.user})

    def has_change_permission(self, request, obj=None):
        # A link is made or removed, never edited into another: each is its own decision.
        return False if obj is not None else super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.claim.is_public or obj.related.is_public):
            return request.user.has_perm(
                "statements.publish_claim"
            ) and super().has_delete_permission(request, obj)
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.claim_relation_create(
            claim=obj.claim, kind=obj.kind, related=obj.related, user=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.claim_relation_delete(relation=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for relation in queryset.select_related("claim", "related"):
            services.claim_relation_delete(relation=relation, user=request.user)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "attach/<int:statement_id>/<int:claim_id>/",
                wrap(require_POST(self.attach_view)),
                name="graph_statement_attach",
            ),
            *super().get_urls(),
        ]

    def attach_view(self, request, statement_id, claim_id):
        """Attach a statement to the rated claim it repeats (the offer on the statement page)."""
        statement = get_object_or_404(Statement, pk=statement_id)
        claim = get_object_or_404(Claim, pk=claim_id)
        try:
            services.statement_attach_to_claim(statement=statement, claim=claim, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            for message in error_messages(error):
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("Attached to “%(claim)s”.") % {"claim": claim},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse("admin:statements_statement_change", args=[statement.pk])
        )


@admin.register(Reversal)
class ReversalAdmin(admin.ModelAdmin):
    """Opened consistency checks; new ones come from the candidates page."""

    list_display = ["consistency_check", "earlier", "later", "created_at"]
    list_select_related = ["consistency_check", "earlier__speaker", "later__speaker"]
    search_fields = ["consistency_check__text", "earlier__speaker__name"]
    readonly_fields = ["earlier", "later", "consistency_check", "created_at"]
    change_list_template = "admin/graph/reversal/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("candidates/", wrap(self.candidates_view), name="graph_reversal_candidates"),
            path(
                "open/<int:earlier_id>/<int:later_id>/",
                wrap(require_POST(self.open_view)),
                name="graph_reversal_open",
            ),
            *super().get_urls(),
        ]

    def candidates_view(self, request):
        """Pairs of statements the stance graph flags as possible flip-flops."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reversal candidates"),
            "opts": self.opts,
            "candidates": selectors.reversal_candidates(),
            "can_open": request.user.has_perm("graph.add_reversal"),
        }
        return TemplateResponse(request, "admin/graph/reversal/candidates.html", context)

    def open_view(self, request, earlier_id, later_id):
        statements = Statement.objects.select_related("speaker").in_bulk([earlier_id, later_id])
        if len(statements) != 2:
            raise Http404
        try:
            reversal = services.reversal_open(
                earlier=statements[earlier_id], later=statements[later_id], user=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            for message in error_messages(error):
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:graph_reversal_candidates"))
        self.message_user(
            request,
            _("Consistency check opened as a draft: rate it and send it for review."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:statements_claim_change", args=[reversal.consistency_check.pk])
        )
