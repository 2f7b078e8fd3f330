"""URLs of the « Réunion IML et travail à faire » pages."""

from django.urls import path

from clef.www.agenda import views

urlpatterns = [
    path("reunion-iml/", views.meeting_list, name="meeting_list"),
    path("reunion-iml/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reunion-iml/<int:pk>/mise-a-jour/", views.meeting_refresh, name="meeting_refresh"),
    path(
        "reunion-iml/<int:pk>/points/<int:item_pk>/decision/",
        views.meeting_item_decision,
        name="meeting_item_decision",
    ),
    path("reunion-iml/<int:pk>/ordre-du-jour.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("a-faire/", views.todo, name="todo"),
    path("pratiques/", views.practice_settings, name="practice_settings"),
]
