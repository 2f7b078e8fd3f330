"""URLs of the « Occupation, demande de logement social, glissement de bail » pages."""

from django.urls import path

from clef.www.occupancy import views

urlpatterns = [
    path("occupation/periodes/<int:pk>/renouveler/", views.term_renew, name="occupancy_term_renew"),
    path("occupation/periodes/<int:pk>/fin/", views.term_end, name="occupancy_term_end"),
    path("menages/<int:pk>/demande-de-logement-social/", views.demand_edit, name="occupancy_demand"),
    path("sejours/<int:pk>/premiere-periode/", views.first_term, name="occupancy_first_term"),
    path("sejours/<int:pk>/point-glissement/", views.slide_review, name="occupancy_slide_review"),
    path("sejours/<int:pk>/glissement-du-bail/", views.slide, name="occupancy_slide"),
    path("menages/echeances-d-occupation/", views.terms_list, name="occupancy_terms_list"),
    path("menages/demandes-de-logement-social/", views.demands_list, name="occupancy_demands_list"),
    path("menages/glissements-de-bail/", views.slides_list, name="occupancy_slides_list"),
]
