"""
The API's `q`: every word must appear (case-insensitively) in the claim, its verdict's
conclusion, a statement on it or its speaker's name, or a topic.

Deliberately simple and self-contained; when the site's full-text search lands, both should
call one search function (see the issue 5 report).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from ..models import Stance


def _words(q: str) -> list[str]:
    return [word for word in q.split() if word][:10]


def search_claims(claims: QuerySet, q: str) -> QuerySet:
    for word in _words(q):
        stances = Stance.objects.filter(claim=OuterRef("pk")).filter(
            Q(statement__text__icontains=word)
            | Q(statement__translation__icontains=word)
            | Q(statement__speaker__name__icontains=word)
        )
        topics = claims.model.topics.through.objects.filter(
            claim=OuterRef("pk"), topic__name__icontains=word
        )
        claims = claims.filter(
            Q(text__icontains=word)
            | Q(verdict__conclusion__icontains=word)
            | Q(Exists(stances))
            | Q(Exists(topics))
        )
    return claims


def search_statements(statements: QuerySet, q: str) -> QuerySet:
    for word in _words(q):
        statements = statements.filter(
            Q(text__icontains=word)
            | Q(translation__icontains=word)
            | Q(speaker__name__icontains=word)
            | Q(context__icontains=word)
        )
    return statements


def search_by_fields(queryset: QuerySet, q: str, fields: tuple[str, ...]) -> QuerySet:
    for word in _words(q):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset
