"""Transparency pages and the submit-a-claim form."""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView

from statements.models import Rating, RatingScale

from . import ratelimit
from .forms import ClaimSubmissionForm
from .models import Page


class PageView(DetailView):
    """A transparency page: /about/ or /about/<slug>/."""

    model = Page
    template_name = "pages/page.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        return get_object_or_404(Page, slug=self.kwargs.get("slug", Page.ABOUT))

    def get(self, request, *args, **kwargs):
        # One address per page: /about/about/ and /about/methodology/ go to their own.
        if self.kwargs.get("slug") in (Page.ABOUT, Page.METHODOLOGY):
            return redirect(Page(slug=self.kwargs["slug"]).get_absolute_url(), permanent=True)
        return super().get(request, *args, **kwargs)


class MethodologyView(TemplateView):
    """How claims are chosen, checked, rated and corrected, and each rating model's scale from
    the tables: a section per model, its ratings best first. Two queries, whatever the size."""

    template_name = "pages/methodology.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Page.objects.filter(slug=Page.METHODOLOGY).first()
        context["scales"] = RatingScale.objects.prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.order_by("-scored", "-ordinal", "id"))
        )
        return context


class SubmitClaimView(FormView):
    """Readers send a claim to the desk's queue; no account, a honeypot and a rate limit."""

    form_class = ClaimSubmissionForm
    template_name = "pages/submit.html"
    success_url = reverse_lazy("pages:submit-thanks")

    def post(self, request, *args, **kwargs):
        if not ratelimit.allow(request, scope="submit", limit=settings.SUBMISSION_RATE_LIMIT):
            response = self.render_to_response(
                self.get_context_data(
                    form=self.get_form(),
                    rate_limited=_(
                        "You have sent several claims in the last hour. Thank you: please try "
                        "again later."
                    ),
                ),
                status=429,
            )
            response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # A bot that filled the honeypot is thanked like anyone else, so it learns nothing.
        if not form.is_spam():
            form.save()
        return super().form_valid(form)


class SubmitThanksView(TemplateView):
    template_name = "pages/submit_thanks.html"
