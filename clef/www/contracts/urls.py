"""URLs of the « Conventions et contrats » pages."""

from django.urls import path

from clef.www.contracts import views

urlpatterns = [
    path("captation/dossiers/<int:pk>/signer/", views.lead_sign, name="lead_sign"),
    path("contrats/", views.contract_list, name="contract_list"),
    path("contrats/carte-professionnelle/", views.carte_pro, name="carte_pro"),
    path("contrats/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contrats/<int:pk>/modifier/", views.contract_edit, name="contract_edit"),
    path("contrats/<int:pk>/renouveler/", views.contract_renew, name="contract_renew"),
    path("contrats/<int:pk>/fin/", views.contract_end, name="contract_end"),
    path(
        "contrats/<int:pk>/coordonnees-bancaires/",
        views.contract_bank_account,
        name="contract_bank_account",
    ),
    path("contrats/coordonnees-bancaires/<int:pk>/", views.bank_account_detail, name="bank_account_detail"),
    path("contrats/conventions/<int:pk>/", views.convention_detail, name="convention_detail"),
    path("contrats/conventions/<int:pk>/signer/", views.convention_sign, name="convention_sign"),
    path("contrats/conventions/<int:pk>/fin/", views.convention_end, name="convention_end"),
    path("logements/<int:pk>/contrat/", views.contract_create, name="contract_create"),
    path("logements/<int:pk>/convention/", views.convention_request, name="convention_request"),
]
