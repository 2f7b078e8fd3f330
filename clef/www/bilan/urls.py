from django.urls import path

from clef.www.bilan import reports, views

urlpatterns = [
    path("bilan/", views.bilan, name="bilan"),
    path("bilan/export/", views.bilan_export, name="bilan_export"),
    path("bilan/schema-donnees-ouvertes.json", views.open_data_schema, name="bilan_open_data_schema"),
    path("bilan/categorisations/nouvelle/", views.scheme_create, name="scheme_create"),
    path("bilan/rapports/", reports.report_new, name="bilan_report_new"),
    path("bilan/rapports/<int:pk>/", reports.report_detail, name="bilan_report"),
    path("bilan/rapports/<int:pk>/etat.json", reports.report_status, name="bilan_report_status"),
    path("bilan/rapports/<int:pk>/rapport.pdf", reports.report_download, name="bilan_report_download"),
]
