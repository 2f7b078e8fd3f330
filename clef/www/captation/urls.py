"""URLs of the « Captation » pages (the simulation, the signing and the needs are the other areas')."""

from django.urls import path

from clef.www.captation import lead_views, views

urlpatterns = [
    path("captation/", views.board, name="captation_board"),
    path("captation/proprietaires/", views.landlord_list, name="landlord_list"),
    path("captation/proprietaires/nouveau/", views.landlord_create, name="landlord_create"),
    path("captation/proprietaires/<int:pk>/", views.landlord_detail, name="landlord_detail"),
    path("captation/proprietaires/<int:pk>/modifier/", views.landlord_edit, name="landlord_edit"),
    path(
        "captation/proprietaires/<int:pk>/ne-pas-contacter/",
        views.landlord_do_not_contact,
        name="landlord_do_not_contact",
    ),
    path("captation/proprietaires/<int:pk>/contacts/", views.landlord_contact, name="landlord_contact"),
    path("captation/dossiers/nouveau/", lead_views.lead_create, name="lead_create"),
    path("captation/dossiers/<int:pk>/", lead_views.lead_detail, name="lead_detail"),
    path("captation/dossiers/<int:pk>/modifier/", lead_views.lead_edit, name="lead_edit"),
    path("captation/dossiers/<int:pk>/etape/", lead_views.lead_move, name="lead_move"),
    path("captation/dossiers/<int:pk>/echanges/", lead_views.lead_activity, name="lead_activity"),
    path(
        "captation/dossiers/<int:pk>/prochaine-action/", lead_views.lead_next_action, name="lead_next_action"
    ),
    path("captation/dossiers/<int:pk>/proprietaire/", lead_views.lead_landlord, name="lead_landlord"),
    path("captation/logements-proposes/<int:pk>/modifier/", lead_views.offered_edit, name="offered_edit"),
    path("captation/echanges/<int:pk>/document/", views.activity_document, name="activity_document"),
    path("captation/campagnes/", views.campaign_list, name="captation_campaigns"),
    path("captation/campagnes/<int:pk>/modifier/", views.campaign_edit, name="captation_campaign_edit"),
    path("captation/indicateurs/", views.indicators, name="captation_indicators"),
]
