from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import (
    Claim,
    ClaimRedirect,
    Correction,
    Evidence,
    Rating,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "affiliation", "country"]
    list_filter = ["kind", "country"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "role", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published_at"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_at"
    # A pasted "example.org/story" is read as https://, Django 6's default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class StanceInline(admin.TabularInline):
    model = Stance
    extra = 1
    autocomplete_fields = ["statement", "claim"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "quote_type", "said_on", "source"]
    list_filter = ["quote_type", "language", "said_on"]
    list_select_related = ["speaker", "source"]
    search_fields = ["text", "speaker__name", "context"]
    autocomplete_fields = ["speaker", "speaking_for", "source"]
    date_hierarchy = "said_on"
    inlines = [StanceInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "ordinal", "colour"]
    search_fields = ["label"]
    prepopulated_fields = {"slug": ["label"]}


class VerdictInline(admin.StackedInline):
    model = Verdict
    autocomplete_fields = ["rating", "authors", "reviewer"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    autocomplete_fields = ["source"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text", "status", "rating", "published_at"]
    list_filter = ["status", "topics", "verdict__rating"]
    list_select_related = ["verdict__rating"]
    search_fields = ["text", "slug", "statements__text"]
    prepopulated_fields = {"slug": ["text"]}
    filter_horizontal = ["topics"]
    date_hierarchy = "published_at"
    inlines = [VerdictInline, StanceInline]

    @admin.display(description=_("rating"), ordering="verdict__rating__ordinal")
    def rating(self, claim):
        verdict = getattr(claim, "verdict", None)
        return verdict.rating if verdict and verdict.rating else "—"


@admin.register(ClaimRedirect)
class ClaimRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "claim", "created_at"]
    list_select_related = ["claim"]
    search_fields = ["old_slug", "claim__text"]
    autocomplete_fields = ["claim"]


@admin.register(Stance)
class StanceAdmin(admin.ModelAdmin):
    list_display = ["statement", "stance", "claim"]
    list_filter = ["stance"]
    list_select_related = ["statement__speaker", "claim"]
    search_fields = ["statement__text", "claim__text"]
    autocomplete_fields = ["statement", "claim"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "rating", "conclusion", "updated_at"]
    list_filter = ["rating"]
    list_select_related = ["claim", "rating"]
    search_fields = ["claim__text", "conclusion"]
    autocomplete_fields = ["claim", "rating", "authors", "reviewer"]
    inlines = [EvidenceInline]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["verdict", "published_at"]
    list_select_related = ["verdict__claim", "verdict__rating"]
    search_fields = ["text", "verdict__claim__text"]
    autocomplete_fields = ["verdict"]
    date_hierarchy = "published_at"
