"""URLs of the « locavantages » pages."""

from django.urls import path

from clef.www.locavantages import views

urlpatterns = [
    path("captation/simulation/", views.simulation, name="simulation"),
    path("captation/simulation/pdf/", views.simulation_pdf, name="simulation_pdf"),
    path("captation/simulation/plafonds/", views.ceilings_upload, name="ceilings_upload"),
    path("captation/primes-locales/", views.bonus_schemes, name="bonus_schemes"),
    path("captation/primes-locales/nouvelle/", views.bonus_scheme_create, name="bonus_scheme_create"),
    path("captation/primes-locales/<int:pk>/modifier/", views.bonus_scheme_edit, name="bonus_scheme_edit"),
]
