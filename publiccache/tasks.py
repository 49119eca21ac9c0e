"""Background work of the public cache: purging a CDN (cdn.py)."""

from django_tasks import task

from .cdn import cdn_purge


@task()
def purge_cdn(*, keys: list[str]) -> bool:
    """Drop the CDN's copies of every response tagged with one of `keys`."""
    return cdn_purge(keys=keys)
