"""Background work for integrations; each task calls its service."""

from django_tasks import task

from .services import webhook_endpoint_deliver


@task()
def webhook_deliver(*, endpoint_id: int) -> None:
    """Send an endpoint's due webhook deliveries (see webhook_endpoint_deliver)."""
    webhook_endpoint_deliver(endpoint_id=endpoint_id)
