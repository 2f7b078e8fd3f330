from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from clef.www.accounts import views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisation/", views.switch_organisation, name="switch_organisation"),
    path("verification/", views.two_factor_verify, name="two_factor_verify"),
    path("securite/", views.security, name="security"),
    path("securite/activer/", views.two_factor_setup, name="two_factor_setup"),
    path("securite/desactiver/", views.two_factor_disable, name="two_factor_disable"),
    path("securite/codes-de-secours/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path(
        "mot-de-passe/oubli/",
        views.login_not_required(
            auth_views.PasswordResetView.as_view(
                form_class=views.PasswordResetForm,
                template_name="accounts/password_reset.html",
                email_template_name="accounts/password_reset_email.txt",
                subject_template_name="accounts/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/envoye/",
        views.login_not_required(
            auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
        ),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                form_class=views.SetPasswordForm,
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/",
        views.login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
]
