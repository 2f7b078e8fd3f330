"""Two-factor authentication (TOTP application + single-use recovery codes), with django-otp.

Offered to everyone; required (OTP_REQUIRED_ROLES, staff) for the platform administrator and the State
coordinators. A session is "verified" once a code was checked after the password
(`request.user.is_verified()`, django_otp.middleware.OTPMiddleware).
"""

from __future__ import annotations

import base64
import re

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clef.accounts.models import User
from clef.organisations.models import Membership

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"


def requires_two_factor(user: User) -> bool:
    """Staff (the admin site) and members holding a role of OTP_REQUIRED_ROLES must use a second factor."""
    if user.is_staff or user.is_superuser:
        return True
    roles = settings.OTP_REQUIRED_ROLES
    return bool(roles) and Membership.objects.filter(user=user, is_active=True, role__in=roles).exists()


def is_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The device being set up (unconfirmed until a first code is checked); the same across reloads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for applications without a camera."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (an <img>: allowed by img-src data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]+", "", code or "").lower()


def verify_code(
    user: User, code: str, *, device: TOTPDevice | None = None
) -> TOTPDevice | StaticDevice | None:
    """The device that accepts `code` (six digits: the application; otherwise a recovery code), or None.

    django-otp throttles each device (a growing delay after each failure) and refuses a TOTP code
    already used; a recovery code is deleted when used.
    """
    code = _normalise(code)
    if not code or len(code) > 16:
        return None
    with transaction.atomic():
        if re.fullmatch(r"\d{6}", code):
            candidates = (
                [device] if device is not None else TOTPDevice.objects.filter(user=user, confirmed=True)
            )
        elif device is None:
            candidates = StaticDevice.objects.filter(user=user, confirmed=True)
        else:
            return None
        for candidate in candidates:
            candidate = type(candidate).objects.select_for_update().get(pk=candidate.pk)
            if candidate.verify_token(code):
                return candidate
    return None


def throttle_wait_seconds(user: User) -> int:
    """Seconds before django-otp accepts another try on this user's devices (0: none)."""
    waits = [0]
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user):
            allowed, info = device.verify_is_allowed()
            if not allowed and info and info.get("locked_until"):
                waits.append(int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
    return max(waits)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes by RECOVERY_CODE_COUNT new single-use ones, shown once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_enrolment(request, device: TOTPDevice) -> list[str]:
    """The first code was right: the device becomes the user's only one; new recovery codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(device.user)
    mark_verified(request, device)
    return codes


def mark_verified(request, device) -> None:
    """The session is verified by `device`; a new session key (no fixation across the two steps)."""
    request.session.cycle_key()
    otp_login(request, device)


def disable(user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
