"""URLs of the « Gestion locative » pages (the bank statements, the leases' life, recovery, damages and
guarantees are the other areas')."""

from django.urls import path

from clef.www.rental import lease_views, owner_views, views

urlpatterns = [
    path("gestion-locative/", views.rental_home, name="rental_home"),
    path("gestion-locative/appels/", views.calls_generate, name="calls_generate"),
    path("gestion-locative/comptes/", views.ledger_list, name="ledger_list"),
    path("gestion-locative/impayes/", views.arrears, name="arrears"),
    path("gestion-locative/impayes/export.<str:fmt>", views.arrears_export, name="arrears_export"),
    path("gestion-locative/logements/<int:pk>/", owner_views.dwelling_account, name="dwelling_account"),
    path(
        "gestion-locative/logements/<int:pk>/reversement/",
        owner_views.dwelling_payover,
        name="dwelling_payover",
    ),
    path(
        "gestion-locative/logements/<int:pk>/contre-passation/",
        owner_views.dwelling_entry_reverse,
        name="dwelling_entry_reverse",
    ),
    path("gestion-locative/sejours/<int:stay_pk>/bail/", lease_views.lease_create, name="lease_create"),
    path("gestion-locative/comptes/<int:pk>/", lease_views.lease_ledger, name="lease_ledger"),
    path("gestion-locative/comptes/<int:pk>/modifier/", lease_views.lease_edit, name="lease_edit"),
    path("gestion-locative/comptes/<int:pk>/paiement/", lease_views.lease_payment, name="lease_payment"),
    path(
        "gestion-locative/comptes/<int:pk>/contre-passation/",
        lease_views.lease_entry_reverse,
        name="lease_entry_reverse",
    ),
    path(
        "gestion-locative/comptes/<int:pk>/quittance/<str:month>.pdf",
        lease_views.lease_receipt,
        name="lease_receipt",
    ),
    path("gestion-locative/comptes/<int:pk>/releve.pdf", lease_views.lease_statement, name="lease_statement"),
    path(
        "gestion-locative/comptes/<int:pk>/differentiel/",
        lease_views.differential_create,
        name="differential_create",
    ),
    path(
        "gestion-locative/comptes/<int:pk>/signalement-caf/",
        lease_views.caf_report_create,
        name="caf_report_create",
    ),
]
