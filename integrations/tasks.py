"""Background work for integrations; each task calls its service."""

from django_tasks import task

from .imports import import_job_run
from .services import webhook_endpoint_deliver
from .share import share_image_render


@task()
def webhook_deliver(*, endpoint_id: int) -> None:
    """Send an endpoint's due webhook deliveries (see webhook_endpoint_deliver)."""
    webhook_endpoint_deliver(endpoint_id=endpoint_id)


@task()
def share_image_draw(*, claim_id: int) -> None:
    """Draw a claim's share card after its verdict changed (see share_image_render)."""
    share_image_render(claim_id=claim_id)


@task()
def import_job_run_task(*, job_id: int) -> None:
    """Run a file an editor uploaded in the desk (see import_job_run)."""
    import_job_run(job_id=job_id)
