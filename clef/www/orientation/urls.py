"""URLs of the « Orientations » pages (SIAO orientation, re-orientation, the household's wishes)."""

from django.urls import path

from clef.www.orientation import views

urlpatterns = [
    path("orientations/", views.orientation_home, name="orientation_home"),
    path("orientations/delais/", views.orientation_delays, name="orientation_delays"),
    path("orientations/mettre-a-disposition/", views.availability_create, name="availability_create"),
    path("orientations/logements/<int:pk>/", views.availability_detail, name="availability_detail"),
    path(
        "orientations/logements/<int:pk>/retirer/", views.availability_withdraw, name="availability_withdraw"
    ),
    path("orientations/logements/<int:pk>/proposer/", views.proposal_create, name="proposal_create"),
    path("orientations/propositions/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("orientations/propositions/<int:pk>/decision/", views.proposal_decide, name="proposal_decide"),
    path("orientations/propositions/<int:pk>/retirer/", views.proposal_withdraw, name="proposal_withdraw"),
    path("orientations/propositions/<int:pk>/entree/", views.proposal_entry, name="proposal_entry"),
    path("orientations/reorientations/<int:pk>/", views.reorientation_detail, name="reorientation_detail"),
    path(
        "orientations/reorientations/<int:pk>/clore/", views.reorientation_close, name="reorientation_close"
    ),
    path("menages/<int:pk>/reorientation/", views.reorientation_create, name="reorientation_create"),
    path("menages/<int:pk>/souhaits/", views.household_wishes, name="household_wishes"),
]
