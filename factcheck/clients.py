"""The client's address: one rule for the API throttle, the submission rate limit, the login
lockout and the logs.

By default the peer that opened the connection (REMOTE_ADDR) is the client, and any
X-Forwarded-For header is ignored: a client writes it as it likes. Behind N reverse proxies
that each append the address they saw, TRUSTED_PROXY_COUNT=N makes the N-th address from the
right the client's, i.e. the one our outermost proxy saw. Nothing further left is trusted.
"""

import ipaddress
from collections.abc import Mapping

from django.conf import settings


def client_address_from_meta(meta: Mapping[str, str], *, trusted_proxies: int) -> str:
    """The client's address from a WSGI environ (or request.META), as described above."""
    peer = meta.get("REMOTE_ADDR", "") or ""
    if trusted_proxies <= 0:
        return peer
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < trusted_proxies:
        # The request did not come through all our proxies (or they are misconfigured):
        # what is there was written by someone we do not trust.
        return peer
    candidate = forwarded[-trusted_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


def client_address(request) -> str:
    """The address of the client that sent `request` (see the module docstring)."""
    return client_address_from_meta(request.META, trusted_proxies=settings.TRUSTED_PROXY_COUNT)
