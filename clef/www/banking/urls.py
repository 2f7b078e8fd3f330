"""URLs of the « banking » pages (bank statements, under the rental management)."""

from django.urls import path

from clef.www.banking import views

urlpatterns: list = [
    path("gestion-locative/releves/", views.bank_import_list, name="bank_import_list"),
    path("gestion-locative/releves/a-traiter/", views.bank_queue, name="bank_queue"),
    path("gestion-locative/releves/<int:pk>/", views.bank_statement, name="bank_statement"),
    path("gestion-locative/releves/lignes/<int:pk>/", views.bank_line, name="bank_line"),
]
