"""Second factors: a TOTP authenticator app and single-use recovery codes (django-otp)."""

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


def authenticator_start(*, user: User) -> TOTPDevice:
    """The user's authenticator waiting to be confirmed, created with a new secret if none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with a code from the app; returns new recovery codes, or None when the
    code is wrong (the device stays unconfirmed)."""
    if not device.verify_is_allowed()[0] or not device.verify_token(token):
        return None
    # One authenticator per person: a new one replaces any before it.
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_replace(user=device.user)


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """A fresh set of single-use recovery codes for `user`; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_issue(*, user: User) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator and recovery codes for `user`, without a code from an app.

    For `create_demo_accounts` on a developer's machine, which prints both once; people on the
    desk set theirs up themselves (authenticator_start / authenticator_confirm).
    """
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    device.full_clean()
    device.save()
    return device, recovery_codes_replace(user=user)


def has_second_factor(user: User) -> bool:
    """Whether `user` has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_match(*, user: User, token: str):
    """The device that accepts `token` (an app's 6-digit code or a recovery code), or None.

    Each device throttles its own failures (django-otp), so codes cannot be guessed quickly.
    """
    token = "".join(token.split()).lower()
    devices = (
        TOTPDevice.objects.filter(user=user, confirmed=True)
        if token.isdigit()
        else StaticDevice.objects.filter(user=user, confirmed=True)
    )
    for device in devices:
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None
