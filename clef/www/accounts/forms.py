"""Forms of the account pages: login, password reset, second-factor code."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from clef.accounts import throttling
from clef.www.forms import DsfrFormMixin


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

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            address = throttling.client_ip(self.request) if self.request is not None else None
            wait = throttling.account_delay_remaining(username, address)
            if wait:
                raise ValidationError(
                    f"Trop de tentatives de connexion à ce compte : patientez {wait} seconde{'s' if wait > 1 else ''} "
                    "avant de réessayer. Si vous avez oublié votre mot de passe, réinitialisez-le.",
                    code="throttled",
                )
        return super().clean()


class PasswordResetForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    pass


class CodeForm(DsfrFormMixin, forms.Form):
    """A code from the authentication application (6 digits) or, unless disabled, a recovery code."""

    code = forms.CharField(
        label="Code de vérification",
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off"}
        ),
    )

    def __init__(self, *args, recovery_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if recovery_allowed:
            self.fields[
                "code"
            ].help_text = "Les 6 chiffres affichés par votre application, ou l'un de vos codes de secours."
            self.fields["code"].widget.attrs.pop("inputmode")
        else:
            self.fields["code"].help_text = "Les 6 chiffres affichés par votre application."
