from django.urls import path

from clef.www.territories import views

urlpatterns = [
    path("territoires/communes/", views.commune_autocomplete, name="commune_autocomplete"),
]
