from django.urls import path

from clef.www.journal import views

urlpatterns = [
    path("journal/", views.journal_entries, name="journal_entries"),
    path("journal/consultations/", views.access_log, name="journal_access_log"),
]
