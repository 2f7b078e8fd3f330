"""Second step of the login: a session that must be verified reaches nothing else before it is.

After the password, a user who set up a second factor, or whose role requires one
(clef.accounts.two_factor.requires_two_factor), is sent to the code page, or to the set-up page when
not enrolled yet. Runs after LoginRequiredMiddleware (anonymous users are already sent to the login).

Also: UndeclaredProxyWarningMiddleware, a warning in the log when a proxy is in front but not declared.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.shortcuts import redirect
from django.urls import reverse

from clef.accounts import two_factor

logger = logging.getLogger(__name__)

# Views an authenticated but not yet verified user may open.
UNVERIFIED_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
}


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.OTP_ENFORCED:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in UNVERIFIED_VIEWS:
            return None
        if two_factor.is_enrolled(user):
            target = "accounts:two_factor_verify"
        elif two_factor.requires_two_factor(user):
            target = "accounts:two_factor_setup"
        else:
            return None
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))


class UndeclaredProxyWarningMiddleware:
    """Warn once (per process) when requests carry X-Forwarded-For while TRUSTED_PROXY_COUNT is 0.

    Behind an undeclared proxy every client has the proxy's address: the login throttling then treats
    them all as one, and anyone can lock any known account out for the cool-off time. The setting cannot
    be checked before requests arrive, so the first forwarded request says it in the log (the addresses
    themselves are never logged). First in MIDDLEWARE: the https redirect must not hide it.
    """

    warned = False

    def __init__(self, get_response):
        if settings.TRUSTED_PROXY_COUNT > 0:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        if not UndeclaredProxyWarningMiddleware.warned and "HTTP_X_FORWARDED_FOR" in request.META:
            UndeclaredProxyWarningMiddleware.warned = True
            logger.warning(
                "Requête reçue avec un en-tête X-Forwarded-For alors que TRUSTED_PROXY_COUNT=0 : si Clef est "
                "derrière un proxy, déclarez-le (TRUSTED_PROXY_COUNT=1, docs/exploitation.md), sinon tous les "
                "utilisateurs partagent l'adresse du proxy et n'importe qui peut bloquer la connexion d'un "
                "compte connu. Message affiché une fois par processus."
            )
        return self.get_response(request)
