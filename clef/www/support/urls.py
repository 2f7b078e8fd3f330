"""URLs of the « Accompagnement » pages."""

from django.urls import path

from clef.www.support import views

urlpatterns = [
    path("menages/<int:pk>/accompagnement/contrat/", views.support_agreement, name="support_agreement"),
    path("menages/<int:pk>/accompagnement/bilan/", views.support_review, name="support_review"),
    path("menages/<int:pk>/accompagnement/accord-visites/", views.support_consent, name="support_consent"),
    path(
        "menages/<int:pk>/accompagnement/rendez-vous/", views.support_appointment, name="support_appointment"
    ),
    path("menages/<int:pk>/accompagnement/notes/", views.support_notes, name="support_notes"),
    path("menages/<int:pk>/accompagnement/relais/", views.support_relays, name="support_relays"),
    path("menages/<int:pk>/accompagnement/partenaire/", views.support_delegation, name="support_delegation"),
    path("relais/", views.relay_directory, name="relay_directory"),
    path("relais/nouvelle/", views.relay_create, name="relay_create"),
    path("relais/retirer/", views.relay_withdraw, name="relay_withdraw"),
    path("accompagnement/retards/", views.support_overdue, name="support_overdue"),
]
