"""
Full-text search over public claims, statements and speakers for /search/.

On PostgreSQL each model's text is matched with `to_tsvector(SEARCH_CONFIG, text)`, the very
expression the GIN indexes of migration 0007_site_search_indexes are built on, so a search
reads the index instead of scanning a million statements; results are ranked with ts_rank and
highlighted with ts_headline. SQLite (local development) gets a plain case-insensitive match on
every word, newest first, highlighted in Python.

Highlighting never trusts the database with HTML: the matches come back wrapped in two
private-use characters, the text is escaped, and only then are the markers turned into <mark>.
"""

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Claim, Speaker, Stance, Statement, Topic

MARK_START = "\ue000"
MARK_STOP = "\ue001"
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8

# The fields searched, per model. Migration 0007_site_search_indexes indexes the same ones.
SEARCHED_FIELDS = {Claim: "text", Statement: "text", Speaker: "name"}


def search_vector(field: str) -> SearchVector:
    """The expression both the queries and the GIN indexes use; they must stay identical."""
    return SearchVector(field, config=settings.SEARCH_CONFIG)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search fact-checks, statements and speakers"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.SearchInput,
    )


@dataclass
class Results:
    claims: list
    statements: list
    speakers: list

    def __bool__(self) -> bool:
        return bool(self.claims or self.statements or self.speakers)


def words_of(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:MAX_WORDS]


def highlighted(text: str) -> SafeString:
    """Escape `text`, then turn the match markers into <mark> elements."""
    html = escape(text)
    html = html.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped on the line above


def _search_query(query: str) -> SearchQuery:
    # websearch syntax: quoted phrases, "or", and -word, and no syntax errors on odd input.
    return SearchQuery(query, config=settings.SEARCH_CONFIG, search_type="websearch")


def _postgres_matches(queryset: QuerySet, field: str, query: str) -> QuerySet:
    """Rows whose `field` matches `query`, through the GIN index on search_vector(field)."""
    return queryset.alias(document=search_vector(field)).filter(document=_search_query(query))


def matching(queryset: QuerySet, field: str, query: str) -> QuerySet:
    """Rows whose `field` matches `query`: the one matching rule of the site and the API.

    Full-text through the GIN index on PostgreSQL; on SQLite, every word in the field.
    """
    if connection.vendor == "postgresql":
        return _postgres_matches(queryset, field, query)
    words = words_of(query)
    if not words:
        return queryset.none()
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__icontains": word})
    return queryset.filter(condition)


def claims_matching(claims: QuerySet, query: str) -> QuerySet:
    """Claims whose text, a statement on them, its speaker, or one of their topics matches.

    The API's `q` and its Fact Check Tools search; each part reads the indexed expressions.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not words_of(query):
        return claims.none()
    on_claim = OuterRef("pk")
    return claims.filter(
        Q(Exists(matching(Claim.objects.filter(pk=on_claim), "text", query)))
        | Q(Exists(matching(Statement.objects.filter(stances__claim=on_claim), "text", query)))
        | Q(
            Exists(
                Stance.objects.filter(
                    claim=on_claim,
                    statement__speaker__in=matching(Speaker.objects.all(), "name", query),
                )
            )
        )
        | Q(Exists(matching(Topic.objects.filter(claims=on_claim), "name", query)))
        # Search follows *same as*: a duplicate's wording finds the claim it was merged into.
        | Q(Exists(matching(merged_into(on_claim), "text", query)))
    )


def merged_into(claim) -> QuerySet:
    """The claims merged into `claim` (graph.ClaimRelation, *same as*)."""
    return Claim.objects.filter(relations__kind="same_as", relations__related=claim)


def followed_same_as(claims: QuerySet, query: str, found: list, limit: int) -> list:
    """Claims in `claims` that a claim matching `query` was merged into, not yet in `found`."""
    merged = matching(Claim.objects.all(), "text", query)
    rows = list(
        claims.filter(
            Exists(merged.filter(relations__kind="same_as", relations__related=OuterRef("pk")))
        )
        .exclude(pk__in=[claim.pk for claim in found])
        .order_by(F("published_at").desc(nulls_last=True), "-pk")[:limit]
    )[: max(limit - len(found), 0)]
    for row in rows:
        row.highlighted = highlighted(row.text)
    return rows


def _postgres(queryset: QuerySet, field: str, query: str, limit: int) -> list:
    search_query = _search_query(query)
    rows = (
        _postgres_matches(queryset, field, query)
        .annotate(rank=SearchRank(search_vector(field), search_query))
        .annotate(
            headline=SearchHeadline(
                field,
                search_query,
                config=settings.SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                highlight_all=True,
            )
        )
        .order_by("-rank", "-pk")[:limit]
    )
    rows = list(rows)
    for row in rows:
        row.highlighted = highlighted(row.headline)
    return rows


def _fallback(queryset: QuerySet, field: str, query: str, limit: int, newest: str) -> list:
    words = words_of(query)
    if not words:
        return []
    rows = list(
        matching(queryset, field, query).order_by(F(newest).desc(nulls_last=True), "-pk")[:limit]
    )
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    for row in rows:
        marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", getattr(row, field))
        row.highlighted = highlighted(marked)
    return rows


def run(
    query: str,
    *,
    claims: QuerySet,
    statements: QuerySet,
    speakers: QuerySet,
    limit: int = 20,
) -> Results:
    """Search the given (already public) querysets; each result gets `.highlighted` HTML."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not words_of(query):
        return Results([], [], [])
    if connection.vendor == "postgresql":
        results = Results(
            claims=_postgres(claims, "text", query, limit),
            statements=_postgres(statements, "text", query, limit),
            speakers=_postgres(speakers, "name", query, limit),
        )
    else:
        results = Results(
            claims=_fallback(claims, "text", query, limit, "published_at"),
            statements=_fallback(statements, "text", query, limit, "said_on"),
            speakers=_fallback(speakers, "name", query, limit, "name"),
        )
    results.claims += followed_same_as(claims, query, results.claims, limit)
    return results
