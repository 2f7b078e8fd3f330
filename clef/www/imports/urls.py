from django.urls import path

from clef.www.imports import views

urlpatterns = [
    path("echanges/import/", views.import_new, name="import_new"),
    path("echanges/import/<int:pk>/", views.import_detail, name="import_detail"),
    path("echanges/import/<int:pk>/etat.json", views.import_status, name="import_status"),
    path("echanges/import/<int:pk>/rapport.xlsx", views.import_report, name="import_report"),
    path("echanges/export/", views.export_own, name="export_own"),
]
