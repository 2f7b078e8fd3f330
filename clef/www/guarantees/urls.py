"""URLs of the « guarantees » pages: the regional security fund and Visale."""

from django.urls import path

from clef.www.guarantees import views, visale_views

urlpatterns = [
    path("fonds-de-securisation/", views.fund_home, name="fund_home"),
    path("fonds-de-securisation/<int:pk>/", views.fund_detail, name="fund_detail"),
    path(
        "fonds-de-securisation/<int:pk>/contributions/", views.fund_contributions, name="fund_contributions"
    ),
    path("fonds-de-securisation/<int:pk>/demandes/", views.fund_claims, name="fund_claims"),
    path(
        "fonds-de-securisation/<int:pk>/demandes/nouvelle/", views.fund_claim_create, name="fund_claim_create"
    ),
    path("fonds-de-securisation/demandes/<int:pk>/", views.fund_claim_detail, name="fund_claim_detail"),
    path("fonds-de-securisation/pieces/<int:pk>/", views.fund_claim_document, name="fund_claim_document"),
    path("gestion-locative/visale/", visale_views.visale_list, name="visale_list"),
    path("gestion-locative/visale/nouvelle/", visale_views.visale_create, name="visale_create"),
    path("gestion-locative/visale/<int:pk>/modifier/", visale_views.visale_edit, name="visale_edit"),
    path(
        "gestion-locative/visale/<int:pk>/sinistres/nouveau/",
        visale_views.visale_claim_create,
        name="visale_claim_create",
    ),
    path(
        "gestion-locative/visale/sinistres/<int:pk>/",
        visale_views.visale_claim_edit,
        name="visale_claim_edit",
    ),
]
