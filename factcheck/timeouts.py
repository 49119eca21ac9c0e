"""
One slow request cannot hold the site: PostgreSQL cancels a query that runs past
DATABASE_STATEMENT_TIMEOUT_MS (set on the web process's connections, see settings), and this
middleware answers the reader with a 503 and Retry-After instead of a 500.
"""

import logging

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (query_canceled).
QUERY_CANCELED = "57014"
RETRY_AFTER_SECONDS = 5


def is_statement_timeout(exception: BaseException) -> bool:
    """Whether `exception` is PostgreSQL cancelling a statement that ran too long."""
    cause = exception.__cause__
    return isinstance(exception, OperationalError) and (
        getattr(cause, "pgcode", None) == QUERY_CANCELED
    )


class StatementTimeoutMiddleware:
    """A 503 with Retry-After (JSON under /api/) when the database cancelled a slow query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_statement_timeout(exception):
            return None
        logger.warning("Statement timeout: %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": _("The request took too long; try again shortly."), "code": "timeout"},
                status=503,
            )
        else:
            # Rendered without the request: its context processors would query the database.
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
