"""URLs of the « damages » pages: inventories (« états des lieux ») and damage claims (« sinistres »)."""

from django.urls import path

from clef.www.damages import claim_views, deletion, views

urlpatterns = [
    path("gestion-locative/etats-des-lieux/", views.damage_list, name="damage_list"),
    path(
        "gestion-locative/etats-des-lieux/sejours/<int:stay_pk>/<str:kind>/",
        views.inventory_create,
        name="inventory_create",
    ),
    path(
        "gestion-locative/etats-des-lieux/<int:pk>/",
        views.inventory_detail,
        name="inventory_detail",
    ),
    path(
        "gestion-locative/etats-des-lieux/<int:pk>/modifier/",
        views.inventory_edit,
        name="inventory_edit",
    ),
    path(
        "gestion-locative/etats-des-lieux/<int:pk>/photos/",
        views.inventory_photo_add,
        name="inventory_photo_add",
    ),
    path("gestion-locative/etats-des-lieux/<int:pk>/pdf/", views.inventory_pdf, name="inventory_pdf"),
    path(
        "gestion-locative/etats-des-lieux/photos/<int:pk>/",
        views.inventory_photo,
        name="inventory_photo",
    ),
    path(
        "gestion-locative/etats-des-lieux/photos/<int:pk>/supprimer/",
        deletion.inventory_photo_delete,
        name="inventory_photo_delete",
    ),
    path("gestion-locative/sinistres/sejours/<int:stay_pk>/", claim_views.claim_create, name="claim_create"),
    path("gestion-locative/sinistres/<int:pk>/", claim_views.claim_detail, name="claim_detail"),
    path("gestion-locative/sinistres/<int:pk>/modifier/", claim_views.claim_edit, name="claim_edit"),
    path("gestion-locative/sinistres/<int:pk>/imputer/", claim_views.claim_charge, name="claim_charge"),
    path(
        "gestion-locative/sinistres/<int:pk>/documents/",
        claim_views.claim_document_add,
        name="claim_document_add",
    ),
    path("gestion-locative/sinistres/documents/<int:pk>/", claim_views.claim_document, name="claim_document"),
    path(
        "gestion-locative/sinistres/documents/<int:pk>/supprimer/",
        deletion.claim_document_delete,
        name="claim_document_delete",
    ),
]
