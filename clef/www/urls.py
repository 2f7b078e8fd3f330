from django.urls import include, path

from clef.www.views import bilan, campaigns, dwellings, home, households, imports, stays, territories

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
    path("echanges/import/", imports.import_new, name="import_new"),
    path("echanges/import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("echanges/import/<int:pk>/etat.json", imports.import_status, name="import_status"),
    path("echanges/import/<int:pk>/rapport.xlsx", imports.import_report, name="import_report"),
    path("echanges/export/", imports.export_own, name="export_own"),
    path("collectes/", campaigns.campaign_list, name="campaign_list"),
    path("collectes/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("collectes/<int:pk>/relancer/", campaigns.campaign_remind, name="campaign_remind"),
    path("declarations/<int:pk>/", campaigns.declaration_detail, name="declaration_detail"),
    path("declarations/<int:pk>/valider/", campaigns.declaration_validate, name="declaration_validate"),
    path("declarations/<int:pk>/rouvrir/", campaigns.declaration_reopen, name="declaration_reopen"),
    path("declarations/<int:pk>/fichier/", campaigns.declaration_upload, name="declaration_upload"),
    path("territoires/communes/", territories.commune_autocomplete, name="commune_autocomplete"),
    path("", include("clef.www.pages.urls")),
]
