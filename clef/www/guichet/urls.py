"""URLs of the « guichet » pages: public (no login) under /proprietaires/, the platform's and the
operators' under /guichet/."""

from django.urls import path

from clef.www.guichet import public, views

urlpatterns = [
    path("proprietaires/suivi/<str:token>/", public.owner_follow, name="guichet_follow"),
    path("proprietaires/<slug:slug>/", public.owner_form, name="guichet_public"),
    path("proprietaires/<slug:slug>/merci/", public.owner_thanks, name="guichet_thanks"),
    path("guichet/", views.guichet_home, name="guichet_home"),
    path("guichet/demandes/<int:pk>/", views.guichet_request, name="guichet_request"),
    path("guichet/regles/", views.guichet_rules, name="guichet_rules"),
    path("guichet/regles/<int:pk>/supprimer/", views.guichet_rule_delete, name="guichet_rule_delete"),
    path("guichet/parametres/", views.guichet_settings, name="guichet_settings"),
    path("guichet/recues/", views.guichet_received, name="guichet_received"),
    path("guichet/recues/<int:pk>/prendre-en-charge/", views.guichet_acknowledge, name="guichet_acknowledge"),
]
