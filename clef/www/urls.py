"""URLs of the web layer, one module per area (names in the « www » namespace)."""

from django.urls import include, path

app_name = "www"
urlpatterns = [
    path("", include("clef.www.home.urls")),
    path("", include("clef.www.dwellings.urls")),
    path("", include("clef.www.households.urls")),
    path("", include("clef.www.stays.urls")),
    path("", include("clef.www.bilan.urls")),
    path("", include("clef.www.imports.urls")),
    path("", include("clef.www.campaigns.urls")),
    path("", include("clef.www.territories.urls")),
    path("", include("clef.www.pages.urls")),
    path("", include("clef.www.journal.urls")),
    path("", include("clef.www.orientation.urls")),
    path("", include("clef.www.occupancy.urls")),
    path("", include("clef.www.support.urls")),
    path("", include("clef.www.exits.urls")),
    path("", include("clef.www.agenda.urls")),
    path("", include("clef.www.locavantages.urls")),
    path("", include("clef.www.captation.urls")),
    path("", include("clef.www.contracts.urls")),
    path("", include("clef.www.guichet.urls")),
    path("", include("clef.www.needs.urls")),
    path("", include("clef.www.rental.urls")),
    path("", include("clef.www.damages.urls")),
    path("", include("clef.www.funding.urls")),
    path("", include("clef.www.banking.urls")),
    path("", include("clef.www.leases.urls")),
    path("", include("clef.www.recovery.urls")),
    path("", include("clef.www.guarantees.urls")),
]
