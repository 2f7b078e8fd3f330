from django.urls import path

from clef.www.stays import views

urlpatterns = [
    path("menages/<int:pk>/entree/", views.stay_enter, name="stay_enter"),
    path("sejours/<int:pk>/sortie/", views.stay_end, name="stay_end"),
    path("sejours/<int:pk>/changement-de-logement/", views.stay_move, name="stay_move"),
]
