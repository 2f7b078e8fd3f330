from django.urls import path

from clef.www.views import bilan, dwellings, home, households, stays, territories

app_name = "www"
urlpatterns = [
    path("", home.home, name="home"),
    path("logements/", dwellings.dwelling_list, name="dwelling_list"),
    path("logements/nouveau/", dwellings.dwelling_create, name="dwelling_create"),
    path("logements/<int:pk>/", dwellings.dwelling_detail, name="dwelling_detail"),
    path("logements/<int:pk>/modifier/", dwellings.dwelling_edit, name="dwelling_edit"),
    path("menages/", households.household_list, name="household_list"),
    path("menages/nouveau/", households.household_create, name="household_create"),
    path("menages/<int:pk>/", households.household_detail, name="household_detail"),
    path("menages/<int:pk>/modifier/", households.household_edit, name="household_edit"),
    path("menages/<int:pk>/entree/", stays.stay_enter, name="stay_enter"),
    path("sejours/<int:pk>/sortie/", stays.stay_end, name="stay_end"),
    path("sejours/<int:pk>/changement-de-logement/", stays.stay_move, name="stay_move"),
    path("bilan/", bilan.bilan, name="bilan"),
    path("bilan/export/", bilan.bilan_export, name="bilan_export"),
    path("bilan/schema-donnees-ouvertes.json", bilan.open_data_schema, name="bilan_open_data_schema"),
    path("bilan/categorisations/nouvelle/", bilan.scheme_create, name="scheme_create"),
    path("territoires/communes/", territories.commune_autocomplete, name="commune_autocomplete"),
]
