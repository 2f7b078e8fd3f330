"""URLs of the « Sorties accompagnées » pages."""

from django.urls import path

from clef.www.exits import views

urlpatterns = [
    path("menages/<int:pk>/pret-a-sortir/", views.exit_readiness, name="exit_readiness"),
    path("menages/<int:pk>/sortie-accompagnee/", views.guided_exit, name="guided_exit"),
    path("menages/<int:pk>/bilan-de-sortie/<int:stay_pk>/", views.exit_assessment, name="exit_assessment"),
    path("menages/<int:pk>/sollicitations/nouvelle/", views.solicitation_create, name="solicitation_create"),
    path("sollicitations-apres-sortie/", views.solicitation_figures, name="solicitation_figures"),
]
