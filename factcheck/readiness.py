"""The readiness checks behind /readyz: database, cache and task queue, each on its own."""

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key, value = "readyz:probe", get_random_string(12)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")


def check_task_queue() -> None:
    """The task queue's backend is configured and its storage answers."""
    from django_tasks import default_task_backend

    # django-tasks backends report their own configuration problems as system checks.
    problems = [str(problem.msg) for problem in default_task_backend.check()]
    if problems:
        raise RuntimeError("; ".join(problems))
    if type(default_task_backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.ready().exists()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "task_queue": check_task_queue,
}


def run_checks() -> dict[str, str]:
    """{"database": "ok" | "unavailable", ...}; a failure is logged with its cause."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("Readiness check %s failed", name, exc_info=True)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return results
