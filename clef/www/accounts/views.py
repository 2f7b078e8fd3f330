import re

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from clef.accounts import two_factor
from clef.organisations.middleware import SESSION_KEY
from clef.organisations.models import Membership
from clef.www.access import ClefRequest, require_user
from clef.www.accounts.forms import CodeForm, LoginForm, PasswordResetForm, SetPasswordForm

__all__ = [
    "LoginView",
    "PasswordResetForm",
    "SetPasswordForm",
    "login_not_required",
    "security",
    "switch_organisation",
    "two_factor_disable",
    "two_factor_recovery_codes",
    "two_factor_setup",
    "two_factor_verify",
]


@login_not_required
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


@require_POST
def switch_organisation(request: ClefRequest) -> HttpResponse:
    user = require_user(request)
    try:
        organisation_id = int(request.POST.get("organisation", "").strip()[:20])
    except ValueError as exc:
        raise Http404 from exc
    if not 0 < organisation_id < 2**63:  # beyond, the database refuses the value itself: no such id
        raise Http404
    membership = (
        Membership.objects.filter(user=user, organisation_id=organisation_id, is_active=True)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.organisation_id
    messages.success(request, f"Vous travaillez maintenant pour {membership.organisation.name}.")
    # `next` must be a path of this site; anything else (not a URL, « http://[ », a line feed, another
    # host) leads home rather than to an error. A record's page (an id in its path) belongs to the
    # organisation left behind: it would answer 404, so the new organisation's home is shown instead.
    target = _safe_next(request)
    if re.search(r"/\d+(/|$)", target.split("?", 1)[0]):
        target = "/"
    return redirect(target)


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    """The `next` parameter if it is a path of this site; otherwise `default` (never an error)."""
    target = request.POST.get("next") or request.GET.get("next") or default
    try:
        local = (
            target.startswith("/")
            and target.isprintable()
            and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
        )
    except ValueError:  # « http://[ »: urlsplit raises
        local = False
    return target if local else default


def _throttled_message(user) -> str:
    wait = two_factor.throttle_wait_seconds(user)
    advice = (
        "Saisissez le code affiché maintenant (un code ne sert qu'une fois : s'il vient de servir, attendez "
        "le suivant), vérifiez l'heure de votre téléphone ou utilisez un code de secours."
    )
    if wait:
        return f"Code incorrect. {advice} Nouvel essai possible dans {wait} seconde{'s' if wait > 1 else ''}."
    return f"Code incorrect. {advice}"


def two_factor_verify(request: ClefRequest) -> HttpResponse:
    """Second step of the login: a code from the application, or a recovery code."""
    user = require_user(request)
    next_url = _safe_next(request)
    if user.is_verified():
        return redirect(next_url)
    if not two_factor.is_enrolled(user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{urlencode({'next': next_url})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            two_factor.mark_verified(request, device)
            if device.name == two_factor.RECOVERY_DEVICE_NAME:
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"Vous avez utilisé un code de secours : il vous en reste {left}. "
                    "Vous pouvez en générer de nouveaux depuis « Sécurité du compte ».",
                )
            return redirect(next_url)
        form.add_error("code", _throttled_message(user))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


def two_factor_setup(request: ClefRequest) -> HttpResponse:
    """Set up the application: QR code and secret, a first code to confirm, then the recovery codes."""
    user = require_user(request)
    next_url = _safe_next(request)
    if two_factor.is_enrolled(user):
        if not user.is_verified():
            return redirect(f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': next_url})}")
        messages.info(request, "La double authentification est déjà activée sur votre compte.")
        return redirect("accounts:security")
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None, recovery_allowed=False)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_code(user, form.cleaned_data["code"], device=device) is not None:
            codes = two_factor.confirm_enrolment(request, device)
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": next_url, "first_time": True},
            )
        form.add_error("code", _throttled_message(user))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_text(device),
            "required": two_factor.requires_two_factor(user),
        },
    )


def security(request: ClefRequest) -> HttpResponse:
    """« Sécurité du compte »: state of the second factor and what the user can do with it."""
    user = require_user(request)
    enrolled = two_factor.is_enrolled(user)
    return render(
        request,
        "accounts/security.html",
        {
            "enrolled": enrolled,
            "required": two_factor.requires_two_factor(user),
            "codes_left": two_factor.recovery_codes_left(user) if enrolled else 0,
            "form": CodeForm(),
        },
    )


def _check_code_or_back(request: HttpRequest):
    """POST with a current code (the session is verified; a code confirms it is really the user)."""
    form = CodeForm(request.POST)
    if form.is_valid() and two_factor.verify_code(request.user, form.cleaned_data["code"]) is not None:
        return None
    messages.error(request, _throttled_message(request.user))
    return redirect("accounts:security")


@require_POST
def two_factor_disable(request: ClefRequest) -> HttpResponse:
    user = require_user(request)
    if not two_factor.is_enrolled(user):
        return redirect("accounts:security")
    refused = _check_code_or_back(request)
    if refused is not None:
        return refused
    two_factor.disable(user)
    if two_factor.requires_two_factor(user):
        messages.warning(
            request,
            "La double authentification est obligatoire pour votre rôle : configurez votre nouvelle application.",
        )
        return redirect("accounts:two_factor_setup")
    messages.success(request, "La double authentification est désactivée.")
    return redirect("accounts:security")


@require_POST
def two_factor_recovery_codes(request: ClefRequest) -> HttpResponse:
    user = require_user(request)
    if not two_factor.is_enrolled(user):
        return redirect("accounts:security")
    refused = _check_code_or_back(request)
    if refused is not None:
        return refused
    codes = two_factor.new_recovery_codes(user)
    return render(
        request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("accounts:security")}
    )
