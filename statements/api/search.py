"""
`q` on the API's smaller lists (speakers, sources, topics): every word, case-insensitively, in
one of the list's fields. Claims and statements are searched as the site searches them
(statements.search), so a partner finds what a reader finds.
"""

from django.db.models import Q, QuerySet


def _words(q: str) -> list[str]:
    return [word for word in q.split() if word][:10]


def search_by_fields(queryset: QuerySet, q: str, fields: tuple[str, ...]) -> QuerySet:
    for word in _words(q):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset
