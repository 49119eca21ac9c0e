"""
Full-text search over public claims, statements and speakers for /search/.

On PostgreSQL each searched table has a stored, weighted `search_document` (migration
0010_search_documents: a generated column the database keeps current). With the RUM index
(`postgresql-15-rum`) the index returns matches already ordered by rank (`<=>`), so a page of
results costs the same for the commonest word as for the rarest. Without RUM (GIN), ranking
every match of a common word is what took seconds, so only the newest RANK_CANDIDATES matches
are ranked: the best of recent results rather than of all. Results are highlighted with
ts_headline, paginated, and a query that finds nothing gets a "did you mean" from pg_trgm.
A word in a large share of the archive is the exception: RUM must still score every one of its
postings (2.7-3.7 s for a word in 84 % of a million statements). Before searching a table, one
EXPLAIN asks PostgreSQL's own statistics (pg_stats.most_common_elems of the stored document,
kept by ANALYZE) how many rows the query matches; past COMMON_MATCHES the query is *common*
and only the newest COMMON_CANDIDATES matches are ranked, found by walking the primary key
backwards (dense matches make that walk short). The reader gets the best of those, is told the
query matches more than COMMON_MATCHES records, and is invited to add a word; rare words and
phrases keep the index's ranking over every match.
SQLite (local development) gets a plain case-insensitive match on every word, newest first,
highlighted in Python.

Highlighting never trusts the database with HTML: the matches come back wrapped in two
private-use characters, the text is escaped, and only then are the markers turned into <mark>.
"""

import json
import re
from dataclasses import dataclass
from functools import cache

from django import forms
from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Expression
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import Claim, ClaimTranslation, Speaker, Stance, Statement, Topic

RANK_CANDIDATES = 1000
# A query PostgreSQL estimates to match more rows than this in one table is "common": ranking
# every match costs more than a page is worth, so only the newest COMMON_CANDIDATES are ranked.
# At a million statements 10,000 postings rank in ~40 ms; a word above it is in >= 1 % of the
# rows, so the walk back to COMMON_CANDIDATES matches reads at most ~20,000 rows, and far fewer
# for the commonest words (docs/scaling.md, "Search").
COMMON_MATCHES = 10_000
COMMON_CANDIDATES = 200
MAX_PAGE = 50
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
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)


@dataclass
class Results:
    claims: list
    statements: list
    speakers: list
    page: int = 1
    has_next: bool = False
    suggestion: str = ""
    # True when a query matched so many records that only the newest were ranked.
    common: bool = False

    def __bool__(self) -> bool:
        return bool(self.claims or self.statements or self.speakers)

    @property
    def common_matches(self) -> int:
        return COMMON_MATCHES

    @property
    def has_previous(self) -> bool:
        return self.page > 1


# A word: letters and digits, and the vowel signs and viramas of Indic scripts (Unicode
# marks, which \w leaves out, so "कश्मीर" would fall apart), and Arabic script (Urdu).
WORD = re.compile(r"[\w\u0900-\u0DFF\u0600-\u06FF]+")


def words_of(query: str) -> list[str]:
    return WORD.findall(query)[:MAX_WORDS]


def highlighted(text: str) -> SafeString:
    """Escape `text`, then turn the match markers into <mark> elements."""
    html = escape(text)
    html = html.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above  # nosec B308, B703


def _search_query(query: str) -> SearchQuery:
    # websearch syntax: quoted phrases, "or", and -word, and no syntax errors on odd input.
    return SearchQuery(query, config=settings.SEARCH_CONFIG, search_type="websearch")


# The models with a stored search_document (migration 0010_search_documents).
STORED_DOCUMENTS = (Claim, Statement, Speaker)


class StoredDocument(Expression):
    """The queried table's `search_document` column: not a model field, as SQLite has none.

    Compiled against the query's own alias for the table, so it is right in a subquery too.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_document", []


class DistanceFromQuery(Expression):
    """RUM's `document <=> query`: how far a row is from the query, smallest first."""

    output_field = FloatField()

    def __init__(self, query: str):
        super().__init__()
        self.query = query

    def as_sql(self, compiler, connection):
        document, params = compiler.compile(StoredDocument())
        return (
            f"{document} <=> websearch_to_tsquery(%s::regconfig, %s)",
            [*params, settings.SEARCH_CONFIG, self.query],
        )


def _postgres_matches(queryset: QuerySet, field: str, query: str) -> QuerySet:
    """Rows matching `query`: the stored document through its RUM or GIN index if the model
    has one, else the field's own words (topics: a short list, no index needed)."""
    stored = queryset.model in STORED_DOCUMENTS
    document = StoredDocument() if stored else search_vector(field)
    return queryset.alias(document=document).filter(document=_search_query(query))


@cache
def _ranks_in_index(alias: str = "default") -> bool:
    """Whether the search indexes are RUM (rank in the index) rather than GIN; asked once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'statement_search_document'"
            " AND indexdef LIKE '%%USING rum%%')"
        )
        return cursor.fetchone()[0]


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
        # …and translations: a Hindi or Urdu query finds the claim by its reviewed translation.
        | Q(Exists(translations_matching(ClaimTranslation.objects.filter(claim=on_claim), query)))
    )


# Translations are indexed with `simple` (migration 0013): PostgreSQL has no Hindi or Urdu
# stemmer, so their words are matched as written, while English keeps SEARCH_CONFIG.
TRANSLATION_CONFIG = "simple"


def translations_matching(translations: QuerySet, query: str) -> QuerySet:
    """Reviewed translations whose claim text or conclusion matches `query`."""
    translations = translations.reviewed()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=TRANSLATION_CONFIG, search_type="websearch")
        return translations.alias(document=StoredDocument()).filter(document=search_query)
    words = words_of(query)
    if not words:
        return translations.none()
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word) | Q(conclusion__icontains=word)
    return translations.filter(condition)


def translated_matches(claims: QuerySet, query: str, found: list, limit: int) -> list:
    """Claims in `claims` whose reviewed translation matches `query`, not yet in `found`,
    highlighted in the words that matched, with their language."""
    matched = translations_matching(ClaimTranslation.objects.filter(claim=OuterRef("pk")), query)
    rows = list(
        claims.filter(Exists(matched))
        .annotate(
            matched_text=Subquery(matched.values("text")[:1]),
            matched_language=Subquery(matched.values("language")[:1]),
        )
        .exclude(pk__in=[claim.pk for claim in found])
        .order_by(F("published_at").desc(nulls_last=True), "-pk")[:limit]
    )[: max(limit - len(found), 0)]
    pattern = re.compile("|".join(re.escape(word) for word in words_of(query)), re.IGNORECASE)
    for row in rows:
        marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", row.matched_text)
        row.highlighted = highlighted(marked)
        row.highlighted_language = row.matched_language
        bidi = get_language_info(row.matched_language)["bidi"]
        row.highlighted_direction = "rtl" if bidi else "ltr"
    return rows


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


def estimated_matches(query: str) -> dict:
    """{model: rows PostgreSQL expects `query` to match}, for each table with a stored document.

    One EXPLAIN, no rows read: the planner's estimate comes from the statistics ANALYZE keeps on
    each `search_document` (its most common lexemes and their frequencies), so it is cheap and
    right where it matters, for the commonest words.
    """
    # Only our own model table names are pasted in; the query is a parameter.
    parts = [
        f"SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608  # nosec B608
        "WHERE search_document @@ websearch_to_tsquery(%s::regconfig, %s)"
        for model in STORED_DOCUMENTS
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) " + " UNION ALL ".join(parts),
            [settings.SEARCH_CONFIG, query] * len(parts),
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    branches = plan[0]["Plan"].get("Plans") or [plan[0]["Plan"]]
    return {
        model: int(branch["Plan Rows"])
        for model, branch in zip(STORED_DOCUMENTS, branches, strict=True)
    }


def _postgres(
    queryset: QuerySet, field: str, query: str, limit: int, offset: int, common: bool = False
) -> list:
    search_query = _search_query(query)
    matches = _postgres_matches(queryset, field, query)
    if common:
        # Only the newest matches, found walking the primary key backwards: the planner picks
        # that walk itself for a query it knows to be common (EXPLAIN in docs/scaling.md).
        newest = matches.order_by("-pk").values("pk")[:COMMON_CANDIDATES]
        ranked = (
            queryset.filter(pk__in=newest)
            .annotate(rank=SearchRank(StoredDocument(), search_query))
            .order_by("-rank", "-pk")
        )
    elif _ranks_in_index():
        # RUM: `<=>` is the distance from the query, read from the index in rank order.
        # Ordered by the distance alone: a tie-breaker the index cannot give (e.g. -pk) makes
        # PostgreSQL sort every match instead (35 s instead of 3 s for a word in 84 % of a
        # million statements).
        ranked = matches.annotate(distance=DistanceFromQuery(query)).order_by("distance")
    else:
        # GIN: rank only the newest RANK_CANDIDATES matches, so a common word stays cheap.
        newest = matches.order_by("-pk").values("pk")[:RANK_CANDIDATES]
        ranked = (
            queryset.filter(pk__in=newest)
            .annotate(rank=SearchRank(StoredDocument(), search_query))
            .order_by("-rank", "-pk")
        )
    rows = list(
        ranked.annotate(
            headline=SearchHeadline(
                field,
                search_query,
                config=settings.SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                highlight_all=True,
            )
        )[offset : offset + limit]
    )
    for row in rows:
        row.highlighted = highlighted(row.headline)
    return rows


def did_you_mean(query: str) -> str:
    """The query with each unknown word replaced by the closest common one, or "" if none.

    Reads the word list of migration 0010 (claims and speaker names) through its trigram
    index, in one query; PostgreSQL only.
    """
    words = [word.lower() for word in words_of(query)]
    if connection.vendor != "postgresql" or not words:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT asked.word, (SELECT known.word FROM statements_searchword known "
            " WHERE known.word %% asked.word ORDER BY known.word <-> asked.word, "
            " known.ndoc DESC LIMIT 1) FROM unnest(%s::text[]) AS asked(word) "
            "WHERE NOT EXISTS (SELECT 1 FROM statements_searchword w WHERE w.word = asked.word)",
            [words],
        )
        replacements = {asked: known for asked, known in cursor.fetchall() if known}
    if not replacements:
        return ""
    return " ".join(replacements.get(word, word) for word in words)


def _fallback(
    queryset: QuerySet, field: str, query: str, limit: int, offset: int, newest: str
) -> list:
    words = words_of(query)
    if not words:
        return []
    rows = list(
        matching(queryset, field, query).order_by(F(newest).desc(nulls_last=True), "-pk")[
            offset : offset + limit
        ]
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
    page: int = 1,
) -> Results:
    """Search the given (already public) querysets; each result gets `.highlighted` HTML.

    `page` pages all three lists together; one more row than shown is read to tell whether
    there is a next page.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not words_of(query):
        return Results([], [], [])
    offset = (page - 1) * limit
    common = False
    if connection.vendor == "postgresql":
        estimates = estimated_matches(query)
        common = any(rows > COMMON_MATCHES for rows in estimates.values())
        found = [
            _postgres(
                queryset,
                field,
                query,
                limit + 1,
                offset,
                estimates[queryset.model] > COMMON_MATCHES,
            )
            for queryset, field in ((claims, "text"), (statements, "text"), (speakers, "name"))
        ]
    else:
        found = [
            _fallback(claims, "text", query, limit + 1, offset, "published_at"),
            _fallback(statements, "text", query, limit + 1, offset, "said_on"),
            _fallback(speakers, "name", query, limit + 1, offset, "name"),
        ]
    results = Results(
        *(rows[:limit] for rows in found),
        page=page,
        has_next=any(len(rows) > limit for rows in found),
        common=common,
    )
    if page == 1:
        results.claims += followed_same_as(claims, query, results.claims, limit)
        results.claims += translated_matches(claims, query, results.claims, limit)
    if not results and page == 1:
        results.suggestion = did_you_mean(query)
    return results


def refresh_words() -> None:
    """Rebuild the "did you mean" word list from the claims and speakers now stored.

    Run it from cron or the task queue (daily is plenty): new words only matter once common.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY statements_searchword")
