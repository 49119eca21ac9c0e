"""
The public site. Every view starts from a model's `public()` (or `published()`) queryset, so
nothing unpublished reaches a reader; staff who may change claims can preview a draft claim at
its address, under a banner and with caching off. Anonymous readers' GETs are answered from the
public cache, with validators and Cache-Control, by publiccache.middleware.
"""

import re

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, RedirectView, TemplateView
from django_filters.views import FilterView

from publiccache.cache import add_surrogate_keys

from . import notices, search
from .filters import ClaimFilter, FilterErrorsAre400
from .jsonld import CLAIM_REVIEW_PREFETCH, ScaleBounds, claim_review
from .models import (
    HEX_COLOUR,
    Claim,
    ClaimRedirect,
    Correction,
    Rating,
    Speaker,
    Stance,
    Statement,
    Topic,
)
from .record import chart_height, rating_record
from .selectors import most_checked_speakers
from .sides import claim_sides
from .translations import (
    in_language,
    reader_language,
    translation_for,
    translations_prefetch,
    with_translated_summary,
)

# How many of a claim's speakers "related claims" looks for (see related_claims).
RELATED_SPEAKERS = 10
# How many candidates "related claims" takes from the topics, and from the speakers.
RELATED_CANDIDATES = 50
# What a claim summary (lists, related claims, search results) shows beside the claim.
CLAIM_SUMMARY_RELATED = ("verdict__rating",)


def can_preview(user) -> bool:
    """Staff who may change claims see unpublished ones at their public address."""
    return user.is_active and user.is_staff and user.has_perm("statements.change_claim")


def public_stances():
    """A statement's stances on public claims, with the claim's rating, for statement lists."""
    return Prefetch(
        "stances",
        queryset=Stance.objects.public().select_related("claim__verdict__rating"),
        to_attr="public_stances",
    )


def claim_cards(claims=None):
    """Claims (the public ones unless given) with what a card shows: the rating, and who
    first made the claim."""
    claims = Claim.objects.public() if claims is None else claims
    claims = with_translated_summary(claims, reader_language())
    return claims.select_related(*CLAIM_SUMMARY_RELATED).with_claimants()


class HomeView(TemplateView):
    """The latest verdicts, the most recent corrections, the most-checked speakers, the topics."""

    template_name = "statements/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["claims"] = claim_cards(Claim.objects.published())[:9]
        context["corrections"] = (
            Correction.objects.public()
            .select_related("verdict__claim")
            .order_by("-published_at", "-id")[:5]
        )
        context["speakers"] = most_checked_speakers()
        context["topics"] = Topic.objects.public()[:24]
        return context


class ClaimListView(FilterErrorsAre400, FilterView):
    """Public claims, filtered by rating model, rating, topic, speaker and date, in the
    reader's order."""

    filterset_class = ClaimFilter
    template_name = "statements/claim_list.html"
    context_object_name = "claims"
    paginate_by = 20

    def get_queryset(self):
        return claim_cards()


class ClaimDetailView(DetailView):
    """One claim: the verdict, and the statements that assert and deny it side by side."""

    context_object_name = "claim"

    def get_queryset(self):
        claims = Claim.objects.all() if can_preview(self.request.user) else Claim.objects.public()
        return claims.select_related(*CLAIM_SUMMARY_RELATED, "verdict__reviewer").prefetch_related(
            *CLAIM_REVIEW_PREFETCH,
            "topics",
            "verdict__evidence",
            "verdict__corrections",
            "verdict__authors",
            translations_prefetch(reader_language()),
        )

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return self.redirect_from_old_slug()
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_public:
            add_never_cache_headers(response)
            return response
        # Validators and caching come from the public cache (publiccache/middleware.py).
        statements = [stance.statement for stance in self.object.stances.all()]
        speakers = {s.speaker_id for s in statements} | {s.speaking_for_id for s in statements}
        add_surrogate_keys(
            response,
            f"claim-{self.object.pk}",
            *(f"speaker-{pk}" for pk in sorted(speakers - {None})),
            *(f"topic-{topic.pk}" for topic in self.object.topics.all()),
        )
        return response

    def redirect_from_old_slug(self):
        old = (
            ClaimRedirect.objects.filter(
                old_slug=self.kwargs["slug"], claim__in=self.get_queryset()
            )
            .select_related("claim")
            .first()
        )
        if old is None:
            raise Http404
        return redirect(old.claim, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        stances = list(claim.stances.all())
        context["asserting"], context["denying"], context["claimants"] = claim_sides(stances)
        context["context_stances"] = [s for s in stances if s.stance == Stance.Kind.CONTEXT]
        context["timeline"] = sorted(stances, key=lambda s: (s.statement.said_on, s.statement.pk))
        context["verdict"] = getattr(claim, "verdict", None)
        # The reader's language, or the original with a visible note (docs/site.md).
        for field in ("text", "conclusion", "analysis"):
            context[f"claim_{field}"] = in_language(claim, field)
        context["translation"] = translation_for(claim, reader_language())
        context["preview"] = not claim.is_public
        context["related"] = self.related_claims(claim, stances)
        # Google asks publishers to drop ClaimReview from retracted checks: live verdicts only.
        if claim.is_live:
            context["claim_review"] = claim_review(
                claim, scale=ScaleBounds.current(), language=reader_language()
            )
        return context

    def related_claims(self, claim, stances):
        """Up to five public claims sharing a topic or a speaker with this one, newest first."""
        topics = [topic.pk for topic in claim.topics.all()]
        # A claim with thousands of statements has thousands of speakers: sharing any of them
        # made the query read most of the archive (minutes at a million statements, past the
        # statement timeout). Its first RELATED_SPEAKERS speakers are kin enough.
        speakers = list(dict.fromkeys(stance.statement.speaker_id for stance in stances))
        speakers = speakers[:RELATED_SPEAKERS]
        # A bounded candidate set: the claims most recently filed on each topic and the claims
        # of the speakers' latest statements (RELATED_CANDIDATES each, read in index order by
        # migration 0013's indexes), and the newest public five of those. Walking every claim
        # newest first until five shared something read 38,000 claims for a small topic
        # (50-75 ms at a million statements); this reads about a hundred rows (2-6 ms).
        on_topics = (
            Claim.topics.through.objects.filter(topic__in=topics)
            .order_by("-claim_id")
            .values_list("claim_id", flat=True)[:RELATED_CANDIDATES]
        )
        latest_statements = (
            Statement.objects.filter(speaker__in=speakers).order_by("-pk").values("pk")
        )[:RELATED_CANDIDATES]
        by_speakers = (
            Stance.objects.filter(statement__in=latest_statements)
            .order_by()
            .values_list("claim_id", flat=True)
        )
        if connection.features.supports_slicing_ordering_in_compound:
            candidates = Q(pk__in=on_topics.union(by_speakers))
        else:  # SQLite (make run) allows no LIMIT inside a UNION: the same two bounded lists
            candidates = Q(pk__in=on_topics) | Q(pk__in=by_speakers)
        return list(
            claim_cards()
            .filter(candidates)
            .exclude(pk=claim.pk)
            .order_by("-published_at", "-id")[:5]
        )


def public_speakers():
    """Public speakers, with whether their affiliation is public too (else it is not named)."""
    return (
        Speaker.objects.public()
        .select_related("affiliation")
        .annotate(
            affiliation_is_public=Exists(
                Speaker.objects.public().filter(pk=OuterRef("affiliation"))
            )
        )
    )


class SpeakerListView(ListView):
    """Everyone whose words appear on a public claim, by name."""

    paginate_by = 60
    context_object_name = "speakers"

    def get_queryset(self):
        return public_speakers()


class SpeakerDetailView(ListView):
    """Who a speaker is, their rating record, and every public statement, newest first."""

    template_name = "statements/speaker_detail.html"
    paginate_by = 30
    context_object_name = "statements"

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(public_speakers(), slug=kwargs["slug"])
        response = super().get(request, *args, **kwargs)
        add_surrogate_keys(response, f"speaker-{self.object.pk}")
        return response

    def get_queryset(self):
        return (
            Statement.objects.public()
            .said_by(self.object)
            .select_related("speaker", "speaking_for", "source")
            .prefetch_related(public_stances())
            .order_by("-said_on", "-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(speaker=self.object, **kwargs)
        context["record"] = record = rating_record(self.object)
        context["record_height"] = chart_height(record)
        return context


class TopicListView(ListView):
    context_object_name = "topics"
    paginate_by = 100

    def get_queryset(self):
        return Topic.objects.public()


class TopicDetailView(ListView):
    """The public claims on one topic, newest first."""

    template_name = "statements/topic_detail.html"
    paginate_by = 20
    context_object_name = "claims"

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(Topic.objects.public(), slug=kwargs["slug"])
        response = super().get(request, *args, **kwargs)
        add_surrogate_keys(response, f"topic-{self.object.pk}")
        return response

    def get_queryset(self):
        return claim_cards().filter(topics=self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.object, **kwargs)


class CorrectionListView(ListView):
    """Every correction and retraction the desk has published, newest first."""

    template_name = "statements/correction_list.html"
    context_object_name = "notices"
    paginate_by = 50

    def get_queryset(self):
        return notices.notice_keys()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notices"] = notices.notices_for(context["page_obj"].object_list)
        return context


class SearchView(TemplateView):
    """Claims, statements and speakers matching `q`, best match first, matches highlighted."""

    template_name = "statements/search.html"

    def get(self, request, *args, **kwargs):
        form = search.SearchForm(request.GET or None)
        results = None
        if form.is_valid() and form.cleaned_data["q"]:
            results = search.run(
                form.cleaned_data["q"],
                claims=claim_cards(),
                statements=Statement.objects.public()
                .select_related("speaker", "speaking_for", "source")
                .prefetch_related(public_stances()),
                speakers=Speaker.objects.public(),
                page=form.cleaned_data["page"] or 1,
            )
        status = 400 if form.is_bound and not form.is_valid() else 200
        return self.render_to_response(
            self.get_context_data(form=form, results=results), status=status
        )


# A slug that can safely follow ".rating-" in a CSS selector.
CSS_SAFE_SLUG = re.compile(r"^[A-Za-z0-9_-]+$")


class RatingStylesheetView(TemplateView):
    """The rating colours as CSS, from the Rating table: the CSP forbids inline styles."""

    template_name = "statements/ratings.css"
    content_type = "text/css; charset=utf-8"

    def get(self, request, *args, **kwargs):
        # Both are validated on the way in; checked again because they are pasted into CSS.
        ratings = [
            r
            for r in Rating.objects.all()
            if CSS_SAFE_SLUG.match(r.slug) and re.fullmatch(HEX_COLOUR, r.colour)
        ]
        # Validators and caching come from the public cache, like every public page's.
        return self.render_to_response(self.get_context_data(ratings=ratings))


class WebManifestView(TemplateView):
    """The web app manifest: the site's name and app icons for a phone's home screen."""

    template_name = "statements/site.webmanifest"
    content_type = "application/manifest+json"


class FaviconView(RedirectView):
    """/favicon.ico, which browsers and crawlers ask for whatever the page's links say."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # At request time: the manifest storage knows the hashed name only after collectstatic.
        return static("statements/icons/favicon.ico")


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        # Search results and the form are kept out of the index in every language: /hi/search/…
        prefixes = [
            f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        ]
        return super().get_context_data(language_prefixes=["", *prefixes], **kwargs)
