"""Issuing and revoking API keys: the admin's actions call these."""

from django.utils import timezone

from .models import ApiKey, digest, new_raw_key


def api_key_issue(*, name: str, contact_email: str = "", created_by=None) -> tuple[ApiKey, str]:
    """Create a key; returns it with the raw key, which is never stored and shown only now."""
    raw_key, prefix = new_raw_key()
    api_key = ApiKey(
        name=name,
        contact_email=contact_email,
        prefix=prefix,
        hashed_key=digest(raw_key),
        created_by=created_by,
    )
    api_key.full_clean()
    api_key.save()
    return api_key, raw_key


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    """Stop accepting a key from now on. Revoking twice keeps the first time."""
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key
