import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import readiness

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """200 when the process is up and the database answers a query; 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@never_cache
def readyz(request):
    """Readiness: the database, the cache and the task queue, each reported on its own.

    200 only when all answer, so a load balancer sends traffic only to a ready process; the
    body says which one failed.
    """
    checks = readiness.run_checks()
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": checks}, status=200 if ready else 503
    )


def database_unavailable(request) -> HttpResponse:
    """503 with Retry-After while the database cannot be reached: JSON under /api/, else a
    plain page that needs nothing from the database."""
    retry_after = str(settings.DATABASE_OUTAGE_RETRY_AFTER)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": "The service is briefly unavailable; retry after Retry-After seconds.",
                "code": "service_unavailable",
            },
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = retry_after
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a database outage is a 503 (logged as a warning, without a traceback per
    request); any other error is the plain 500 page, or JSON under /api/."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.warning("Database unavailable, answering 503: %s", str(error).strip())
        response = database_unavailable(request)
        # Already logged above: Django would log every such request again as an error.
        response._has_been_logged = True
        return response
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Server error; it has been reported.", "code": "server_error"}, status=500
        )
    return defaults.server_error(request)
