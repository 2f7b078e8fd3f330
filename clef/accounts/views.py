from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from clef.organisations.middleware import SESSION_KEY
from clef.organisations.models import Membership
from clef.www.forms import DsfrFormMixin

__all__ = ["LoginView", "PasswordResetForm", "SetPasswordForm", "login_not_required", "switch_organisation"]


class LoginForm(DsfrFormMixin, auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class PasswordResetForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    pass


@login_not_required
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


@require_POST
def switch_organisation(request):
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError as exc:
        raise Http404 from exc
    membership = (
        Membership.objects.filter(user=request.user, organisation_id=organisation_id, is_active=True)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.organisation_id
    messages.success(request, f"Vous travaillez maintenant pour {membership.organisation.name}.")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
