"""
The public site. Every view starts from a model's `public()` queryset, so nothing
unpublished can reach a reader.
"""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from .models import Claim, Speaker, Stance, Statement, Topic

CLAIM_SUMMARY_RELATED = ("verdict__rating",)


class HomeView(ListView):
    """The latest published fact-checks."""

    template_name = "statements/home.html"
    context_object_name = "claims"

    def get_queryset(self):
        return Claim.objects.public().select_related(*CLAIM_SUMMARY_RELATED)[:20]


class ClaimListView(ListView):
    paginate_by = 20
    context_object_name = "claims"

    def get_queryset(self):
        return Claim.objects.public().select_related(*CLAIM_SUMMARY_RELATED)


class ClaimDetailView(DetailView):
    """One claim: the verdict, and the statements that assert and deny it side by side."""

    context_object_name = "claim"

    def get_queryset(self):
        stances = Stance.objects.select_related(
            "statement__speaker", "statement__speaking_for", "statement__source"
        )
        return (
            Claim.objects.public()
            .select_related(*CLAIM_SUMMARY_RELATED)
            .prefetch_related(Prefetch("stances", queryset=stances), "topics")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stances = self.object.stances.all()
        context["asserting"] = [s for s in stances if s.stance == Stance.Kind.ASSERTS]
        context["denying"] = [s for s in stances if s.stance == Stance.Kind.DENIES]
        context["context_stances"] = [s for s in stances if s.stance == Stance.Kind.CONTEXT]
        return context


class SpeakerListView(ListView):
    paginate_by = 50
    context_object_name = "speakers"

    def get_queryset(self):
        return Speaker.objects.public()


class SpeakerDetailView(DetailView):
    context_object_name = "speaker"

    def get_queryset(self):
        return Speaker.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statements"] = (
            Statement.objects.public()
            .filter(speaker=self.object)
            .select_related("source", "speaking_for")
            .order_by("-said_on", "-id")
        )
        return context


class TopicDetailView(DetailView):
    context_object_name = "topic"

    def get_queryset(self):
        return Topic.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["claims"] = (
            Claim.objects.public().filter(topics=self.object).select_related(*CLAIM_SUMMARY_RELATED)
        )
        return context
