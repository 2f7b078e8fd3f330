"""URLs of the « funding » pages: the measure's funding per operator and year, the subsidy form."""

from django.urls import path

from clef.www.funding import views

urlpatterns = [
    path("financement/", views.funding, name="funding"),
    path("financement/<int:pk>/<int:year>/", views.subsidy_edit, name="subsidy_edit"),
]
