from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import include, path


@login_not_required
def _admin_login(request, extra_context=None):
    """The admin site signs in through Clef's own two-step login (password, then code)."""
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or "/admin/")


_admin_has_permission = admin.site.has_permission


def _admin_has_verified_permission(request) -> bool:
    """Staff with a session verified by a second factor (TwoFactorRequiredMiddleware sends them there)."""
    if not _admin_has_permission(request):
        return False
    return not settings.OTP_ENFORCED or request.user.is_verified()


admin.site.login = _admin_login
admin.site.has_permission = _admin_has_verified_permission

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compte/", include("clef.www.accounts.urls")),
    path("", include("clef.www.urls")),
]

handler404 = "clef.www.views.errors.page_not_found"
handler403 = "clef.www.views.errors.permission_denied"
handler500 = "clef.www.views.errors.server_error"
