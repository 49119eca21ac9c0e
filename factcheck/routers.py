"""
Reads from a PostgreSQL replica when DATABASE_REPLICA_URL is set (docs/scaling.md).

Anonymous GETs read from the replica, where nearly all of a news site's traffic goes. Writes
always go to the primary, and so does every read of a request that may write or that someone
signed in makes (the desk, reader submissions), so a fact-checker always sees what they just
saved; `ReplicaMiddleware` decides per request.
"""

from contextvars import ContextVar

from django.db import transaction

REPLICA = "replica"
_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # Inside a transaction on the primary, read what it holds (e.g. select_for_update).
        if _reads_from_replica.get() and not transaction.get_connection().in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's migrations by replication


class ReplicaMiddleware:
    """Anonymous GET and HEAD requests read from the replica; everything else from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from_replica.set(replica_may_serve(request))
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)


def replica_may_serve(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    # A session cookie means someone may be signed in (the desk, a preview): read own writes.
    # Checked from the cookie, not request.user, so that anonymous pages cost no session query.
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME not in request.COOKIES
