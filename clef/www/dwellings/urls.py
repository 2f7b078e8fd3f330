from django.urls import path

from clef.www.dwellings import views

urlpatterns = [
    path("logements/", views.dwelling_list, name="dwelling_list"),
    path("logements/nouveau/", views.dwelling_create, name="dwelling_create"),
    path("logements/<int:pk>/", views.dwelling_detail, name="dwelling_detail"),
    path("logements/<int:pk>/modifier/", views.dwelling_edit, name="dwelling_edit"),
]
