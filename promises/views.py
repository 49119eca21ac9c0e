"""The promise tracker on the public site. Every view starts from `Promise.objects.public()`."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from statements.filters import FilterErrorsAre400

from .filters import PromiseFilter
from .models import Promise, PromiseStatusChange

PROMISE_RELATED = ("statement__speaker", "statement__source")


def public_promises():
    return Promise.objects.public().with_status().select_related(*PROMISE_RELATED)


class PromiseListView(FilterErrorsAre400, FilterView):
    """Every published promise, filtered by status, topic, speaker and date made."""

    filterset_class = PromiseFilter
    template_name = "promises/promise_list.html"
    context_object_name = "promises"
    paginate_by = 30

    def get_queryset(self):
        return public_promises().prefetch_related("topics")


class PromiseDetailView(DetailView):
    """One promise: the words it was made in, and its timeline of status changes."""

    context_object_name = "promise"
    template_name = "promises/promise_detail.html"

    def get_object(self, queryset=None):
        changes = PromiseStatusChange.objects.select_related("source").order_by("changed_on", "id")
        return get_object_or_404(
            public_promises().prefetch_related(
                "topics", Prefetch("status_changes", queryset=changes)
            ),
            slug=self.kwargs["slug"],
        )
