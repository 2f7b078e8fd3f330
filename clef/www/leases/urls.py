"""URLs of the « leases » pages (the lease's yearly life)."""

from django.urls import path

from clef.www.leases import views

urlpatterns = [
    path("gestion-locative/baux/", views.lease_life, name="lease_life"),
    path(
        "gestion-locative/baux/revisions/<str:target>/<int:pk>/<str:due>/appliquer/",
        views.revision_apply,
        name="revision_apply",
    ),
    path(
        "gestion-locative/baux/revisions/<str:target>/<int:pk>/<str:due>/ecarter/",
        views.revision_dismiss,
        name="revision_dismiss",
    ),
    path(
        "gestion-locative/baux/<int:pk>/regularisation/<int:year>/",
        views.regularisation_create,
        name="regularisation_create",
    ),
    path("gestion-locative/baux/<int:pk>/depot-de-garantie/", views.deposit_return, name="deposit_return"),
    path("gestion-locative/irl/", views.irl_indices, name="irl_indices"),
]
