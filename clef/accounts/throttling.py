"""Login throttling: the real client address behind the proxy, and a per-account delay.

django-axes locks a (login, client address) pair for a few minutes after AXES_FAILURE_LIMIT failures:
an attacker elsewhere cannot lock the owner out. To slow down an attacker spread over many addresses,
an account that failed LOGIN_ACCOUNT_DELAY_AFTER times (from any address, within the cool-off window)
makes the next password wait 1, 2, 4… seconds (at most LOGIN_ACCOUNT_DELAY_MAX_SECONDS) after its last
failure before it is even checked. The delay must never keep the owner out, so it only applies to:

- an address that has itself failed on this account in the window (the attacker's), and
- every other address once the failures came from LOGIN_ACCOUNT_DELAY_ADDRESSES different addresses
  (the global brake on an attacker rotating addresses),

and never to an address that already logged into this account (axes' AccessLog): whatever the
attackers do, the owner passes from their usual places; from a new place, only a wide attack slows
them down.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Count, Max, Sum
from django.http import HttpRequest
from django.utils import timezone


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client address as seen by the outermost trusted proxy (AXES_CLIENT_IP_CALLABLE).

    With TRUSTED_PROXY_COUNT = n > 0, each trusted proxy appends the address it received the
    request from to X-Forwarded-For: the n-th entry from the right was written by the outermost
    trusted proxy, so it is the client's address; anything further left was sent by the client and
    cannot be trusted. With 0 (no proxy trusted), the header is ignored: REMOTE_ADDR.
    """
    remote_addr = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    if len(forwarded) < count:
        # The proxy chain is shorter than configured: do not trust what is there.
        return remote_addr
    return _valid_ip(forwarded[-count]) or remote_addr


def account_delay_remaining(username: str, ip_address: str | None) -> int:
    """Seconds this address must still wait before its next password for the account is checked (0: none)."""
    if not settings.AXES_ENABLED or not username:
        return 0
    window_start = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=window_start)
    stats = attempts.aggregate(
        failures=Sum("failures_since_start"),
        last=Max("attempt_time"),
        addresses=Count("ip_address", distinct=True),
    )
    failures = stats["failures"] or 0
    threshold = settings.LOGIN_ACCOUNT_DELAY_AFTER
    if failures < threshold:
        return 0
    if ip_address and AccessLog.objects.filter(username=username, ip_address=ip_address).exists():
        return 0  # an address the owner logged in from
    if stats["addresses"] < settings.LOGIN_ACCOUNT_DELAY_ADDRESSES and not (
        ip_address and attempts.filter(ip_address=ip_address).exists()
    ):
        return 0  # a fresh address while the failures come from a few others
    delay = min(2 ** min(failures - threshold, 16), settings.LOGIN_ACCOUNT_DELAY_MAX_SECONDS)
    remaining = (stats["last"] + timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))
