"""Second step of the login: a session that must be verified reaches nothing else before it is.

After the password, a user who set up a second factor, or whose role requires one
(clef.accounts.two_factor.requires_two_factor), is sent to the code page, or to the set-up page when
not enrolled yet. Runs after LoginRequiredMiddleware (anonymous users are already sent to the login).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from clef.accounts import two_factor

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
