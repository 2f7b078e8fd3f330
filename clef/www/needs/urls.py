"""URLs of the « needs » pages: the état des lieux, the SIAO's grid, the targets, « Mon territoire »."""

from django.urls import path

from clef.www.needs import views

urlpatterns = [
    path("captation/besoins/", views.needs, name="needs"),
    path("captation/besoins/declarer/", views.needs_declare, name="needs_declare"),
    path("captation/objectifs/", views.targets, name="targets"),
    path("captation/objectifs/<int:pk>/<int:year>/", views.target_edit, name="target_edit"),
    path("territoire/", views.territory, name="territory"),
]
